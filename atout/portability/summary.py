"""The readable summary (`resume.pdf`): `donnees.json` made display-ready for the PDF.

Field labels are the models' own names in the person's language; values are shown as text
(yes/no, the label of a choice, a catalogue entry's name). Structured blobs (a frozen
document's content) are only named: their full content is in `donnees.json`.
"""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from atout.participants.models import Participant
from atout.portability.exporting import IDENTITY_FIELDS

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
MAX_TEXT = 900  # characters of one value in the PDF; the JSON keeps everything
MAX_RECORDS = 400  # per section in the PDF
HIDDEN = {"id", "version", "participant"}
TITLE_FIELDS = ("title", "title_fr", "name", "label", "kind_display", "situation_fr", "text")


def _labels() -> dict[str, str]:
    return {
        "title": _("Copy of your personal data"),
        "identity": _("Identity and contact"),
        "contents": _("Contents"),
        "records": _("records"),
        "access_log": _("Who read your file"),
        "access_intro": _(
            "Each read of your file is recorded. Staff are shown by their role and organisation."
        ),
        "when": _("When"),
        "what": _("What"),
        "who": _("Role"),
        "where": _("Organisation"),
        "files": _("Stored documents included in the ZIP"),
        "left_out": _("What is not in this copy"),
        "working_notes": _(
            "The counsellor's working notes (their own notes while they prepare your "
            "follow-up) are not communicated; every other journal note is included."
        ),
        "secrets": _(
            "Secret codes of share links and the names of staff who read your file are "
            "not included."
        ),
        "more": _("Full details, including structured contents, are in donnees.json."),
        "truncated": _("… (continued in donnees.json)"),
        "more_records": _("Further records are in donnees.json."),
        "page": pgettext("page number", "Page"),
        "none": _("Nothing recorded."),
    }


def _text(value: Any, *, yes: str, no: str) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, dict):
        if "label" in value:
            return str(value["label"])
        if "name" in value and set(value) <= {"name", "path"}:
            return str(value["name"])
        return "…"
    if isinstance(value, list):
        parts = [_text(v, yes=yes, no=no) for v in value]
        return (
            ", ".join(p for p in parts if p)
            if all(not isinstance(v, dict) or "label" in v for v in value)
            else "…"
        )
    return str(value)


def _field_label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a derived key has no field: show it as is
        return name.replace("_", " ")


def _rows(model: Any, row: dict[str, Any], labels: dict[str, str]) -> list[list[str]]:
    yes, no = _("yes"), _("no")
    out = []
    for name, value in row.items():
        if name in HIDDEN or name.endswith("_display"):
            continue
        shown = row.get(f"{name}_display", value)
        text = _text(shown, yes=yes, no=no)
        if not text:
            continue
        if text == "…":
            text = labels["more"]
        elif len(text) > MAX_TEXT:
            text = text[:MAX_TEXT] + " " + labels["truncated"]
        out.append([_cap(_field_label(model, name)), _when(text)])
    return out


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _when(text: str) -> str:
    """An ISO date-time as the person reads it (local time, to the minute)."""
    if ISO_DATETIME.match(text):
        return text[:16].replace("T", " ")
    return text


def _title(singular: str, row: dict[str, Any]) -> str:
    for name in TITLE_FIELDS:
        value = row.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()[:140]
    return _cap(f"{singular} {row.get('id', '')}".strip())


def summary_payload(participant: Participant, data: dict[str, Any], *, lang: str) -> dict[str, Any]:
    """What `personal_data.typ` prints, all in the person's language, plain JSON values."""
    with translation.override(lang):
        labels = _labels()
        file_row = data["file"]
        identity = [
            [
                _cap(_field_label(Participant, name)),
                _text(
                    file_row.get(f"{name}_display", file_row.get(name)), yes=_("yes"), no=_("no")
                ),
            ]
            for name in IDENTITY_FIELDS
        ]
        identity = [pair for pair in identity if pair[1]]
        rest = {k: v for k, v in file_row.items() if k not in IDENTITY_FIELDS}
        identity += _rows(Participant, rest, labels)
        sections = []
        for section in data["sections"]:
            model = apps.get_model(section["key"])
            records = [
                {
                    "title": _title(str(model._meta.verbose_name), row),
                    "fields": _rows(model, row, labels),
                }
                for row in section["records"][:MAX_RECORDS]
            ]
            sections.append(
                {
                    "label": _cap(section["label"]),
                    "count": section["count"],
                    "records": records,
                    "more": section["count"] > MAX_RECORDS,
                }
            )
        reads = [
            [
                entry["at"][:16].replace("T", " "),
                entry["action_display"],
                entry["reader_role_display"],
                entry["reader_organisation"],
            ]
            for entry in data["access_log"]
        ]
        person = participant.display_name
        today = date_format(timezone.localdate(), "DATE_FORMAT")
        return {
            "lang": lang,
            "variant": "colour",
            "title": labels["title"],
            "person": person,
            "organisation": data["organisation"],
            "date_label": today,
            "footer": f"{labels['title']} — {person}",
            "labels": labels,
            "identity": identity,
            "sections": sections,
            "reads": reads,
            "files": [entry["path"] for entry in data["files"]],
        }
