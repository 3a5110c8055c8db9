"""Reads for the file's history page: changes to personal data and the access log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from atout.participants.models import Attachment, ContactConsent, JournalNote, Participant
from atout.privacy.models import AccessLogEntry

_HIDDEN_FIELDS = {"id", "version", "search_text", "updated_at", "created_at", "file"}
_ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
MAX_CHANGES = 300


@dataclass
class Change:
    at: datetime
    who: str
    subject: str
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # label, before, after


def _value(model: type, name: str, raw: Any) -> str:
    if raw in (None, ""):
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(raw, raw))
    if isinstance(raw, bool):
        return str(_("yes") if raw else _("no"))
    return str(raw)


def _relation_names(model: type) -> list[str]:
    return [
        f.name for f in model._meta.concrete_fields if f.is_relation and f.name != "participant"
    ]


def _related_labels(sources: list[tuple[type, list[Any]]]) -> dict[type, dict[Any, str]]:
    """Names of the people and organisations the history rows point to, one query per model."""
    wanted: dict[type, set[Any]] = {}
    for model, records in sources:
        for name in _relation_names(model):
            related = model._meta.get_field(name).related_model
            ids = {getattr(r, f"{name}_id", None) for r in records} - {None}
            wanted.setdefault(related, set()).update(ids)
    labels: dict[type, dict[Any, str]] = {}
    for related, ids in wanted.items():
        objects = related._base_manager.filter(pk__in=ids) if ids else []
        labels[related] = {obj.pk: str(obj) for obj in objects}
    return labels


def _related(known: dict[Any, str], pk: Any) -> str:
    """A related row's name; '#id' only if it no longer exists."""
    if pk is None:
        return "—"
    return known.get(pk, f"#{pk}")


def _changes_for(
    model: type, records: list[Any], labels: dict[type, dict[Any, str]] | None = None
) -> list[Change]:
    """Diff consecutive history rows of each object in Python (no query per row)."""
    labels = labels or {}
    names = [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in _HIDDEN_FIELDS and not f.is_relation
    ] + _relation_names(model)
    previous: dict[int, Any] = {}
    changes = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        fields = []
        for name in names:
            attr = f"{name}_id" if model._meta.get_field(name).is_relation else name
            new = getattr(record, attr, None)
            old = getattr(before, attr, None) if before is not None else None
            if before is None and record.history_type == "+" and new in (None, "", False):
                continue
            if before is None or old != new:
                label = str(model._meta.get_field(name).verbose_name)
                if model._meta.get_field(name).is_relation:
                    known = labels.get(model._meta.get_field(name).related_model, {})
                    fields.append((label, _related(known, old), _related(known, new)))
                else:
                    fields.append((label, _value(model, name, old), _value(model, name, new)))
        previous[record.id] = record
        if fields or record.history_type != "~":
            changes.append(
                Change(
                    at=record.history_date,
                    who=str(record.history_user) if record.history_user else str(_("system")),
                    subject=str(model._meta.verbose_name),
                    action=str(_ACTIONS.get(record.history_type, record.history_type)),
                    fields=fields,
                )
            )
    return changes


def change_history(*, participant: Participant) -> list[Change]:
    """Every recorded change to the file and its consents, notes and documents, newest first."""
    sources = [
        (Participant, Participant.history.filter(id=participant.pk)),
        (ContactConsent, ContactConsent.history.filter(participant_id=participant.pk)),
        (JournalNote, JournalNote.history.filter(participant_id=participant.pk)),
        (Attachment, Attachment.history.filter(participant_id=participant.pk)),
    ]
    loaded = [(model, list(records.select_related("history_user"))) for model, records in sources]
    labels = _related_labels(loaded)
    changes: list[Change] = []
    for model, records in loaded:
        changes.extend(_changes_for(model, records, labels))
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes[:MAX_CHANGES]


def access_entries(*, user: Any, participant: Participant) -> QuerySet[AccessLogEntry]:
    return (
        AccessLogEntry.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("user", "attachment")[:300]
    )
