"""Reads for the file's history page: changes to personal data and the access log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from simple_history.models import registered_models

from atout.accounts.models import Role
from atout.participants.models import Participant
from atout.privacy.models import PARTICIPANT_ROLE, AccessLogEntry

_HIDDEN_FIELDS = {"id", "version", "search_text", "updated_at", "created_at", "file"}
_ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
CHANGES_PER_PAGE = 50
READS_PER_PAGE = 50


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


def _relation_names(model: type, skip: str = "participant") -> list[str]:
    """Relations shown as changes: not the one tying the row to the file."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.name not in (skip, "participant")
    ]


def _related_labels(sources: list[tuple[type, list[Any], str]]) -> dict[type, dict[Any, str]]:
    """Names of the people and organisations the history rows point to, one query per model."""
    wanted: dict[type, set[Any]] = {}
    for model, records, skip in sources:
        for name in _relation_names(model, skip):
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
    model: type,
    records: list[Any],
    labels: dict[type, dict[Any, str]] | None = None,
    *,
    skip: str = "participant",
) -> list[Change]:
    """Diff consecutive history rows of each object in Python (no query per row)."""
    labels = labels or {}
    names = [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in _HIDDEN_FIELDS and not f.is_relation
    ] + _relation_names(model, skip)
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


# Tracked models that are not part of a person's file. Every other model registered with
# django-simple-history must reach a file (test_history.py fails otherwise).
NOT_IN_A_FILE = {
    "accounts.User": "accounts, not a file (their history is the platform's)",
    "accounts.Organisation": "organisations",
    "accounts.Membership": "who works where",
    "cards.CardStockLayout": "an organisation's card stock, not a person's",
    "cards.PrintSettings": "an organisation's printer offset, not a person's",
    "referrals.ServiceAgreement": "a CLE's agreement with an organisation",
    "territories.FsaArea": "the postal-code table of the CLEs' territories",
    "standards.Standard": "a committee's occupational standard, public",
    "standards.Competency": "a competency of a standard, public",
    "standards.Element": "an element of a standard's competency, public",
    "standards.Criterion": "a performance criterion of a standard, public",
    "standards.OtherRoute": "the recognition routes of trades without a standard, public",
    "incidents.Incident": "an organisation's register of confidentiality incidents, no file",
}


@dataclass(frozen=True)
class FileModel:
    """A tracked model of the file, and how its history rows reach the file."""

    model: type
    link: str  # field tying a row to the file or to its parent
    parent: type | None = None  # the file's row it hangs from (a passport, an evaluation)


def _has_participant(model: type) -> bool:
    try:
        return model._meta.get_field("participant").related_model is Participant
    except FieldDoesNotExist:
        return False


def file_models() -> list[FileModel]:
    """Every model tracked by django-simple-history that belongs to a file, found generically.

    A row belongs to the file if it is the file, points to it (`participant`), or points to a
    row that does (a key competency's passport, an annotation's evaluation).
    """
    found = []
    for model in registered_models.values():
        if model._meta.auto_created or not hasattr(model, "history"):
            continue  # a many-to-many table, recorded with the row it belongs to
        if model is Participant:
            found.append(FileModel(model, "id"))
        elif _has_participant(model):
            found.append(FileModel(model, "participant"))
        else:
            for f in model._meta.concrete_fields:
                if (f.many_to_one or f.one_to_one) and _has_participant(f.related_model):
                    found.append(FileModel(model, f.name, f.related_model))
                    break
    return sorted(found, key=lambda m: m.model._meta.label)


def _records(spec: FileModel, participant_id: int) -> QuerySet:
    history = spec.model.history
    if spec.model is Participant:
        return history.filter(id=participant_id)
    if spec.parent is None:
        return history.filter(participant_id=participant_id)
    # Through the parent's history too, so rows of a deleted passport still show.
    parents = getattr(spec.parent, "history", spec.parent._base_manager)
    parent_ids = parents.filter(participant_id=participant_id).values("id")
    return history.filter(**{f"{spec.link}_id__in": parent_ids})


def change_history(*, participant: Participant) -> list[Change]:
    """Every recorded change to the file and to what belongs to it, newest first.

    One query per tracked model and one per model the rows name, whatever the number of
    changes; the page paginates the result.
    """
    loaded = []
    for spec in file_models():
        records = list(_records(spec, participant.pk).select_related("history_user"))
        loaded.append((spec, records))
    labels = _related_labels([(spec.model, records, spec.link) for spec, records in loaded])
    changes: list[Change] = []
    for spec, records in loaded:
        changes.extend(_changes_for(spec.model, records, labels, skip=spec.link))
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes


def change_history_page(*, participant: Participant, number: Any) -> Page:
    return Paginator(change_history(participant=participant), CHANGES_PER_PAGE).get_page(number)


def access_entries(*, user: Any, participant: Participant, number: Any = 1) -> Page:
    """The file's access log as its organisation's admins read it (names of the readers)."""
    entries = (
        AccessLogEntry.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("user", "attachment", "reader_organisation")
    )
    return Paginator(entries, READS_PER_PAGE).get_page(number)


@dataclass(frozen=True)
class FileRead:
    """One read of a file as its participant sees it: no name, address or note of the reader."""

    at: datetime
    role: str
    organisation: str
    what: str


def role_label(role: str) -> str:
    if role == PARTICIPANT_ROLE:
        return str(_("You"))
    if role == "employer":  # atout.privacy.services.EMPLOYER_READER (a share link)
        return str(_("An employer (share link)"))
    if not role:
        return str(_("Atout platform administration"))
    return str(dict(Role.choices).get(role, role))


def read_label(entry: AccessLogEntry) -> str:
    """The kind of read in plain words, with the document's format when it was one."""
    what = entry.get_action_display()
    if entry.document_format:
        return f"{what} ({entry.document_format.upper()})"
    return str(what)


def reads_of_own_file(*, user: Any, number: Any = 1) -> Page:
    """Who read the participant's own file and when; their own visits are left out."""
    entries = (
        AccessLogEntry.objects.visible_to(user)
        .filter(participant__user=user)
        .exclude(user=user)
        .select_related("reader_organisation")
    )
    page = Paginator(entries, READS_PER_PAGE).get_page(number)
    page.object_list = [
        FileRead(
            at=entry.at,
            role=role_label(entry.reader_role),
            organisation=entry.reader_organisation.name if entry.reader_organisation else "",
            what=read_label(entry),
        )
        for entry in page.object_list
    ]
    return page
