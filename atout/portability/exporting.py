"""The copy of a person's data: pure functions the task, the command and the tests call.

`build_export(participant, lang=…)` returns the ZIP's bytes: `donnees.json` (everything Atout
holds about the person), `cv.json` (JSON Resume), the stored files under `fichiers/`,
`resume.pdf` (a readable summary in the person's language), `LISEZMOI.txt` and `schema.json`.

The data is found by walking the models, not by a list kept by hand: starting at the file,
every model with a foreign key to a model already reached is read (its rows whose key points
to the rows already collected), so a model added later is exported without anyone thinking of
it. `EXCLUDED` names the few relations that are left out, each with its reason; a test fails
when a model with a foreign key to `Participant` is neither walked nor excluded.

What never goes into the copy: the counsellor's working notes (`JournalNote.working_note`),
secrets (link tokens and their hashes, seeds, codes), IP addresses, the search key, and the
names of staff (a row says which role and organisation read or wrote, not who).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atout.participants.models import Participant

FORMAT = "atout-personal-data"
FORMAT_VERSION = 1
SCHEMA_ID = "https://atout.test/schemas/personal-data-v1.json"

# Relations the walk does not follow, each with why. Key: "app_label.Model.field".
EXCLUDED: dict[str, str] = {
    # Another file of the same person (a recognition file linked with consent) belongs to
    # another organisation: its copy is asked for there. The link's file number is exported.
    "participants.Participant.linked_file": "another organisation's file; its number is given",
    # The access log is exported apart, reduced to the reader's role and organisation.
    "privacy.AccessLogEntry.participant": "exported as `access_log` (role and organisation)",
    # The requests for a copy are the copy itself (and the one being built has no file yet).
    "portability.ExportRequest.participant": "the requests for this very copy",
    # A service request redirected from another one points to a request already reached.
    "referrals.ServiceRequest.redirected_from": "a request of the same file, already exported",
}

# Models whose stored files are not copied into `fichiers/` (their rows are exported).
FILES_EXCLUDED: dict[str, str] = {
    # A print bundle only gathers documents exported on their own; kept a few days.
    "bundles.Bundle": "a print bundle gathers documents already in the copy",
}

# Field names never exported: secrets, addresses, derived keys.
SECRET_FIELD = re.compile(
    r"(^|_)(token|seed|hash|secret|password|otp)($|_)|^search_text$|^ip_address$|^address_hash$"
)

# Participant fields shown as the identity block (the rest of the file's row follows).
IDENTITY_FIELDS = (
    "given_names",
    "family_name",
    "preferred_name",
    "pronouns",
    "birth_date",
    "preferred_language",
    "street_address",
    "city",
    "province",
    "postal_code",
    "home_phone",
    "mobile_phone",
    "email",
)


def _is_history(model: type[models.Model]) -> bool:
    return model.__name__.startswith("Historical") and hasattr(model, "instance_type")


def relation_key(rel: Any) -> str:
    return f"{rel.related_model._meta.label}.{rel.field.name}"


@dataclass
class Walk:
    """The models reached from the file, in a stable order, and the relations followed."""

    order: list[type[models.Model]] = field(default_factory=list)
    # model -> [(field name, parent model)]
    paths: dict[type[models.Model], list[tuple[str, type[models.Model]]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def model_walk() -> Walk:
    """Every model that hangs off a participant file, through foreign keys, breadth first."""
    walk = Walk()
    queue = [Participant]
    seen = {Participant}
    while queue:
        parent = queue.pop(0)
        for rel in parent._meta.related_objects:
            child = rel.related_model
            if rel.many_to_many or _is_history(child) or relation_key(rel) in EXCLUDED:
                continue
            walk.paths[child].append((rel.field.name, parent))
            if child not in seen:
                seen.add(child)
                walk.order.append(child)
                queue.append(child)
    walk.order.sort(key=lambda m: m._meta.label)
    return walk


def collect(participant: Participant) -> dict[type[models.Model], list[models.Model]]:
    """The person's rows of every reached model (working notes left out)."""
    walk = model_walk()
    ids: dict[type[models.Model], set] = {Participant: {participant.pk}}
    rows: dict[type[models.Model], dict[Any, models.Model]] = {}
    changed = True
    # A fixpoint: a model reached through several parents gets the union of their rows.
    while changed:
        changed = False
        for model in walk.order:
            query = models.Q()
            for name, parent in walk.paths[model]:
                if ids.get(parent):
                    query |= models.Q(**{f"{name}__in": ids[parent]})
            if not query:
                continue
            queryset = model._base_manager.filter(query)
            if model._meta.label == "participants.JournalNote":
                queryset = queryset.filter(working_note=False)
            found = {obj.pk: obj for obj in queryset.order_by("pk")}
            if set(found) - ids.get(model, set()):
                ids[model] = set(found)
                rows[model] = found
                changed = True
    return {model: list(rows[model].values()) for model in walk.order if rows.get(model)}


# --- Values -------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return None
    if hasattr(value, "hex") and type(value).__name__ == "UUID":
        return str(value)
    return value


@dataclass
class Context:
    reached: set[str]  # model labels of the walk (ids of their rows are the person's)
    files: list[dict[str, Any]] = field(default_factory=list)
    blobs: dict[str, models.fields.files.FieldFile] = field(default_factory=dict)
    labels: dict[tuple[str, Any], str] = field(default_factory=dict)


def _label_of(ctx: Context, model: type[models.Model], pk: Any) -> str:
    key = (model._meta.label, pk)
    if key not in ctx.labels:
        obj = model._base_manager.filter(pk=pk).first()
        ctx.labels[key] = str(obj) if obj is not None else ""
    return ctx.labels[key]


def exported_fields(model: type[models.Model]) -> list[models.Field]:
    user_model = get_user_model()
    kept = []
    for f in model._meta.concrete_fields:
        if SECRET_FIELD.search(f.name):
            continue
        if f.is_relation and f.related_model is user_model:
            continue  # staff are not named; the person's own login is not data about them
        kept.append(f)
    return kept


def record(ctx: Context, obj: models.Model) -> dict[str, Any]:
    """One row as plain JSON values: ids for the person's rows, labels for catalogue rows."""
    model = type(obj)
    out: dict[str, Any] = {}
    for f in exported_fields(model):
        if f.is_relation:
            pk = getattr(obj, f.attname)
            target = f.related_model
            if pk is None:
                out[f.name] = None
            elif target._meta.label in ctx.reached or target is Participant:
                out[f.name] = _plain(pk)
            else:
                out[f.name] = {"id": _plain(pk), "label": _label_of(ctx, target, pk)}
            continue
        value = getattr(obj, f.attname)
        if isinstance(f, models.FileField):
            out[f.name] = _file_entry(ctx, obj, f, value)
            continue
        out[f.name] = _plain(value)
        if f.choices and value not in (None, ""):
            out[f"{f.name}_display"] = str(dict(f.flatchoices).get(value, value))
    for m2m in model._meta.many_to_many:
        target = m2m.related_model
        pks = list(getattr(obj, m2m.name).values_list("pk", flat=True))
        if target._meta.label in ctx.reached:
            out[m2m.name] = [_plain(pk) for pk in pks]
        elif target is get_user_model():
            continue
        else:
            out[m2m.name] = [{"id": _plain(pk), "label": _label_of(ctx, target, pk)} for pk in pks]
    return out


def _file_entry(ctx: Context, obj: models.Model, f: models.FileField, value: Any) -> Any:
    if not value:
        return None
    name = PurePosixPath(str(value.name)).name
    entry: dict[str, Any] = {"name": name}
    if obj._meta.label not in FILES_EXCLUDED:
        path = f"fichiers/{obj._meta.app_label}-{obj._meta.model_name}/{obj.pk}/{name}"
        entry["path"] = path
        ctx.blobs[path] = value
        ctx.files.append({"path": path, "record": f"{obj._meta.label}#{obj.pk}"})
    return entry


def _access_log(participant: Participant) -> list[dict[str, Any]]:
    from atout.accounts.models import Role
    from atout.privacy.models import PARTICIPANT_ROLE, AccessLogEntry

    roles = dict(Role.choices)
    roles[PARTICIPANT_ROLE] = _("You")
    roles["employer"] = _("An employer (share link)")
    rows = (
        AccessLogEntry.objects.filter(participant=participant)
        .select_related("reader_organisation")
        .order_by("at", "pk")
    )
    return [
        {
            "at": _plain(entry.at),
            "action": entry.action,
            "action_display": str(entry.get_action_display()),
            "reader_role": entry.reader_role,
            "reader_role_display": str(roles.get(entry.reader_role, entry.reader_role)),
            "reader_organisation": (
                entry.reader_organisation.name if entry.reader_organisation else ""
            ),
            "document_format": entry.document_format,
        }
        for entry in rows
    ]


def section_key(model: type[models.Model]) -> str:
    return model._meta.label_lower


def build_data(participant: Participant, *, lang: str = "fr") -> tuple[dict[str, Any], Context]:
    """`donnees.json` as a dict, and the stored files it names."""
    lang = "en" if lang == "en" else "fr"
    with translation.override(lang):
        collected = collect(participant)
        ctx = Context(reached={m._meta.label for m in collected} | {"participants.Participant"})
        file_row = record(ctx, participant)
        sections = [
            {
                "key": section_key(model),
                "label": str(model._meta.verbose_name_plural),
                "count": len(objs),
                "records": [record(ctx, obj) for obj in objs],
            }
            for model, objs in collected.items()
        ]
        data = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "generated_at": _plain(timezone.now()),
            "language": lang,
            "file": file_row,
            "organisation": participant.organisation.name,
            "sections": sections,
            "access_log": _access_log(participant),
            "files": ctx.files,
            "left_out": [
                {"what": key, "reason": reason}
                for key, reason in {
                    **EXCLUDED,
                    "participants.JournalNote.working_note": WORKING_NOTES_RULE,
                }.items()
            ],
        }
    return data, ctx


WORKING_NOTES_RULE = (
    "Working notes a counsellor marks as such (their own thinking while they prepare the "
    "follow-up) are not communicated to the person; every other journal note is in the copy."
)


# --- The ZIP ------------------------------------------------------------------------------


def schema() -> dict[str, Any]:
    """The JSON Schema of `donnees.json` (documented in docs/personal-data-export.md)."""
    scalar = {"type": ["string", "number", "integer", "boolean", "null"]}
    labelled = {
        "type": "object",
        "required": ["id", "label"],
        "properties": {"id": {"type": ["integer", "string"]}, "label": {"type": "string"}},
        "additionalProperties": False,
    }
    file_entry = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "path": {"type": "string"}},
        "additionalProperties": False,
    }
    value = {
        "anyOf": [
            scalar,
            labelled,
            file_entry,
            {"type": "array"},
            {"type": "object"},
        ]
    }
    row = {"type": "object", "required": ["id"], "additionalProperties": value}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Atout: copy of a person's data",
        "type": "object",
        "required": [
            "format",
            "version",
            "generated_at",
            "language",
            "file",
            "organisation",
            "sections",
            "access_log",
            "files",
            "left_out",
        ],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": FORMAT_VERSION},
            "generated_at": {"type": "string", "format": "date-time"},
            "language": {"enum": ["fr", "en"]},
            "file": row,
            "organisation": {"type": "string"},
            "sections": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["key", "label", "count", "records"],
                    "additionalProperties": False,
                    "properties": {
                        "key": {"type": "string", "pattern": "^[a-z_]+\\.[a-z_]+$"},
                        "label": {"type": "string"},
                        "count": {"type": "integer", "minimum": 1},
                        "records": {"type": "array", "items": row},
                    },
                },
            },
            "access_log": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["at", "action", "reader_role", "reader_organisation"],
                    "additionalProperties": False,
                    "properties": {
                        "at": {"type": "string"},
                        "action": {"type": "string"},
                        "action_display": {"type": "string"},
                        "reader_role": {"type": "string"},
                        "reader_role_display": {"type": "string"},
                        "reader_organisation": {"type": "string"},
                        "document_format": {"type": "string"},
                    },
                },
            },
            "files": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["path", "record"],
                    "additionalProperties": False,
                    "properties": {
                        "path": {"type": "string", "pattern": "^fichiers/"},
                        "record": {"type": "string"},
                        "missing": {"type": "boolean"},
                    },
                },
            },
            "left_out": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["what", "reason"],
                    "additionalProperties": False,
                    "properties": {"what": {"type": "string"}, "reason": {"type": "string"}},
                },
            },
        },
    }


def readme(participant: Participant, data: dict[str, Any], lang: str) -> str:
    with translation.override(lang):
        lines = [
            _("Copy of your personal data held in Atout"),
            "",
            _("Prepared on %(date)s for file number %(number)s (%(organisation)s).")
            % {
                "date": data["generated_at"][:10],
                "number": participant.pk,
                "organisation": participant.organisation.name,
            },
            "",
            _("What this ZIP contains:"),
            "- resume.pdf: " + _("a readable summary of everything below."),
            "- donnees.json: " + _("all the data, structured (its schema is schema.json)."),
            "- cv.json: " + _("your CV in the JSON Resume format, to reuse elsewhere."),
            "- fichiers/: " + _("the documents and proofs stored in your file."),
            "",
            _("Not included:"),
            "- "
            + _(
                "the counsellor's working notes (their own notes while they prepare "
                "your follow-up); every other journal note is included;"
            ),
            "- "
            + _(
                "secret codes of share links, and the names of staff who read your file "
                "(the log gives their role and organisation)."
            ),
            "",
            _(
                "To ask for a correction, use « Corrections » in your file or contact the person "
                "in charge of personal information of your organisation."
            ),
        ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class BuiltExport:
    name: str
    content: bytes
    data: dict[str, Any]


def build_export(participant: Participant, *, lang: str | None = None) -> BuiltExport:
    """The whole ZIP in memory (a person's file is a few megabytes at most)."""
    from atout.documents.rendering.personal_data import render_personal_data
    from atout.jsonresume.selectors import export_resume
    from atout.portability.summary import summary_payload

    lang = lang or participant.preferred_language or "fr"
    lang = "en" if lang == "en" else "fr"
    data, ctx = build_data(participant, lang=lang)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in data["files"]:
            stored = ctx.blobs[entry["path"]]
            try:
                with stored.open("rb") as handle:
                    archive.writestr(entry["path"], handle.read())
            except (OSError, ValueError):
                entry["missing"] = True
        archive.writestr(
            "donnees.json", json.dumps(data, ensure_ascii=False, indent=2, default=str)
        )
        archive.writestr(
            "cv.json",
            json.dumps(export_resume(participant, lang=lang), ensure_ascii=False, indent=2),
        )
        archive.writestr("schema.json", json.dumps(schema(), ensure_ascii=False, indent=2))
        archive.writestr("LISEZMOI.txt", readme(participant, data, lang))
        with translation.override(lang):
            pdf = render_personal_data(summary_payload(participant, data, lang=lang))
        archive.writestr("resume.pdf", pdf.content)
    name = f"donnees-dossier-{participant.pk}-{data['generated_at'][:10]}.zip"
    return BuiltExport(name=name, content=buffer.getvalue(), data=data)
