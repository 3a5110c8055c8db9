"""From a validated JSON Resume file to a plan: what an import would add, what it skips.

`parse_resume` needs no database: it refuses the file (ResumeRejected) or returns the plan's
entries with the field values they would get. `compare` reads the participant's file to tell
which entries are already there; the import service calls it again inside its transaction,
so importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atout.accounts.validators import no_control_characters
from atout.competencies.models import LanguageAssessment
from atout.evidence.models import Certificate, Education, Experience, PersonalProfile, Reference
from atout.jsonresume import mapping
from atout.jsonresume.parsing import (
    Problem,
    ResumeRejected,
    date_problems,
    format_path,
    load_resume,
    parse_date,
)
from atout.participants.models import Participant

# Sections Atout imports, in the order the preview lists them.
SECTION_LABELS = {
    "work": gettext_lazy("Work experience"),
    "volunteer": gettext_lazy("Volunteering"),
    "education": gettext_lazy("Education and training"),
    "certificates": gettext_lazy("Certificates and licences"),
    "languages": gettext_lazy("Languages"),
    "interests": gettext_lazy("Interests"),
    "references": gettext_lazy("References"),
}
IMPORTED = tuple(SECTION_LABELS)
NOT_IMPORTED = {
    "skills": gettext_lazy(
        "Skills are not imported: in Atout a skill comes from an achievement that proves it."
    ),
    "awards": gettext_lazy("Atout has no place for awards yet."),
    "publications": gettext_lazy("Atout has no place for publications."),
    "projects": gettext_lazy("Atout has no place for projects; add them as experiences."),
}

MODELS: dict[str, type[models.Model]] = {
    "work": Experience,
    "volunteer": Experience,
    "education": Education,
    "certificates": Certificate,
    "references": Reference,
    "languages": LanguageAssessment,
}


@dataclass
class Entry:
    """One item of the file Atout would add: its path, a line to show, its field values."""

    section: str
    path: str
    label: str
    values: dict[str, Any]
    dates: str = ""

    def instance(self, participant: Participant | None = None) -> models.Model:
        return MODELS[self.section](participant=participant, **self.values)


@dataclass
class Skipped:
    path: str
    label: str
    reason: str


@dataclass
class ImportPlan:
    """A valid file and what it holds for Atout, before it is compared with a person's file."""

    lang: str
    lang_from_file: bool
    entries: list[Entry]
    skipped: list[Skipped]
    digest: str
    data: dict[str, Any] = field(repr=False)

    @property
    def name(self) -> str:
        basics = self.data.get("basics") or {}
        return mapping._text(basics.get("name"))


@dataclass
class SectionPreview:
    key: str
    label: str
    to_add: list[Entry] = field(default_factory=list)
    present: list[Entry] = field(default_factory=list)


@dataclass
class Preview:
    sections: list[SectionPreview]
    skipped: list[Skipped]

    @property
    def to_add(self) -> list[Entry]:
        return [e for s in self.sections for e in s.to_add]

    @property
    def present_count(self) -> int:
        return sum(len(s.present) for s in self.sections)


def file_language(data: dict[str, Any]) -> str | None:
    """`meta.language` ("fr", "en-CA"…) if the file says which language its texts are in."""
    meta = data.get("meta") or {}
    value = meta.get("language") if isinstance(meta, dict) else None
    if isinstance(value, str) and value[:2].lower() in ("fr", "en"):
        return value[:2].lower()
    return None


# Limits of the fields each item fills; a value over the limit refuses the file with its path.
_LIMITS = {
    "position": 200,
    "name": 200,
    "organization": 200,
    "summary": 5000,
    "institution": 200,
    "area": 200,
    "studyType": 100,
    "issuer": 200,
    "reference": 200,
}


def _text_problems(data: dict[str, Any]) -> list[Problem]:
    problems = []
    for section in IMPORTED:
        for index, item in enumerate(data.get(section) or []):
            for key, value in item.items():
                if not isinstance(value, str):
                    continue
                where = format_path((section, index, key))
                limit = _LIMITS.get(key)
                if limit and len(value.strip()) > limit:
                    problems.append(
                        Problem(
                            where,
                            _("This text is too long (%(limit)d characters at most).")
                            % {"limit": limit},
                            "too_long",
                        )
                    )
                    continue
                try:
                    no_control_characters(value)
                except ValidationError:
                    problems.append(
                        Problem(
                            where, _("This text holds invisible control characters."), "control"
                        )
                    )
            for key in ("highlights", "keywords"):
                for index2, text in enumerate(item.get(key) or []):
                    try:
                        no_control_characters(text)
                    except ValidationError:
                        problems.append(
                            Problem(
                                format_path((section, index, key, index2)),
                                _("This text holds invisible control characters."),
                                "control",
                            )
                        )
    return problems


def _date_line(values: dict[str, Any], start: str, end: str) -> str:
    first, last = values.get(start) or "", values.get(end) or ""
    if first and last:
        return f"{first} – {last}"
    return first or last


def _entries(data: dict[str, Any], lang: str) -> tuple[list[Entry], list[Skipped]]:
    entries: list[Entry] = []
    skipped: list[Skipped] = []

    def add(section: str, index: int, label: str, values: dict[str, Any], dates: str = "") -> None:
        entries.append(Entry(section, format_path((section, index)), label, values, dates))

    def skip(section: str, index: int, label: str, reason: str) -> None:
        skipped.append(Skipped(format_path((section, index)), label, reason))

    for section, kind, key in (
        ("work", Experience.Kind.JOB, "name"),
        ("volunteer", Experience.Kind.VOLUNTEERING, "organization"),
    ):
        for index, item in enumerate(data.get(section) or []):
            values = mapping.experience_values(item, lang, kind=kind, employer_key=key)
            title = values["title_en" if lang == "en" else "title"]
            if not title:
                skip(section, index, "—", _("Neither a position nor an employer is given."))
                continue
            employer = (
                f" — {values['place']}" if values["place"] and values["place"] != title else ""
            )
            dates = _date_line(item, "startDate", "endDate")
            add(section, index, f"{title}{employer}", values, dates)
    for index, item in enumerate(data.get("education") or []):
        values = mapping.education_values(item, lang)
        program = values[f"program_{lang}"]
        if not program:
            skip(
                "education", index, values["school"] or "—", _("No diploma or programme is given.")
            )
            continue
        values["year"] = parse_date(values["year"]).year if values["year"] else None
        school = f" — {values['school']}" if values["school"] else ""
        add("education", index, f"{program}{school}", values, str(values["year"] or ""))
    for index, item in enumerate(data.get("certificates") or []):
        values = mapping.certificate_values(item, lang)
        name = values[f"name_{lang}"]
        if not name:
            skip("certificates", index, values["issuer"] or "—", _("The certificate has no name."))
            continue
        issuer = f" — {values['issuer']}" if values["issuer"] else ""
        add("certificates", index, f"{name}{issuer}", values, values["obtained_on"] or "")
    for index, item in enumerate(data.get("languages") or []):
        label = ("\u00a0: " if lang == "fr" else ": ").join(
            mapping._text(item.get(k))
            for k in ("language", "fluency")
            if mapping._text(item.get(k))
        )
        values = mapping.language_values(item)
        if values is None:
            skip(
                "languages",
                index,
                label or "—",
                _(
                    "Atout cannot place this language or fluency on its scale (A1 to C2, or "
                    "mother tongue): add it in the language self-assessment."
                ),
            )
            continue
        add("languages", index, label, values)
    for index, item in enumerate(data.get("interests") or []):
        line = mapping.interest_line(item)
        if not line:
            skip("interests", index, "—", _("The interest has no name."))
            continue
        if len(line) > 200:
            skip("interests", index, line[:60] + "…", _("This interest is too long."))
            continue
        add("interests", index, line, {"line": line})
    for index, item in enumerate(data.get("references") or []):
        values = mapping.reference_values(item, lang)
        if not values["name"]:
            skip("references", index, "—", _("The reference has no name."))
            continue
        about = values[f"relationship_{lang}"]
        add("references", index, values["name"] + (f" — {about}" if about else ""), values)
    for section, reason in NOT_IMPORTED.items():
        for index, item in enumerate(data.get(section) or []):
            label = mapping._text(item.get("name") or item.get("title"))
            skip(section, index, label or "—", str(reason))
    return entries, skipped


def parse_resume(raw: bytes, *, lang: str | None = None) -> ImportPlan:
    """Check the file completely and plan its import, or raise ResumeRejected with every problem.

    `lang` is the language the form chose for the texts; the file's `meta.language` wins
    when present, and French is the default.
    """
    data = load_resume(raw)
    problems = date_problems(data, IMPORTED) + _text_problems(data)
    if problems:
        raise ResumeRejected(problems)
    from_file = file_language(data)
    chosen = from_file or (lang if lang in ("fr", "en") else "fr")
    entries, skipped = _entries(data, chosen)
    for entry in entries:
        for key in ("started_on", "ended_on", "obtained_on"):
            if isinstance(entry.values.get(key), str):
                entry.values[key] = parse_date(entry.values[key])
    problems = [p for entry in entries if (p := _record_problem(entry))]
    if problems:
        raise ResumeRejected(problems)
    return ImportPlan(
        lang=chosen,
        lang_from_file=from_file is not None,
        entries=entries,
        skipped=skipped,
        digest=hashlib.sha256(raw).hexdigest(),
        data=data,
    )


def _record_problem(entry: Entry) -> Problem | None:
    """The model's own checks, run at once so the preview never promises what cannot be saved."""
    if entry.section == "interests":
        return None
    try:
        entry.instance().full_clean(
            exclude=["participant", "created_by", "proposed_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        messages = [m for ms in error.message_dict.values() for m in ms]
        return Problem(entry.path, " ".join(messages), "invalid")
    return None


# Comparing with the file


def _key(section: str, obj: Any, lang: str) -> str:
    """What the record looks like in JSON: equal keys mean the same item."""
    if section in ("work", "volunteer"):
        item = mapping.experience_item(
            obj, lang, employer_key="name" if section == "work" else "organization"
        )
    elif section == "education":
        item = mapping.education_item(obj, lang)
    elif section == "certificates":
        item = mapping.certificate_item(obj, lang)
    elif section == "references":
        item = {"name": obj.name.casefold()}
    elif section == "languages":
        item = {"language": obj.language}
    else:
        item = {"line": obj.casefold()}
    return json.dumps(item, sort_keys=True, default=str)


def _existing(participant: Participant, section: str) -> list[Any]:
    """Every record of the section in the file, whatever its review: a proposal or a declined
    record is there already, and importing the file again must not propose it twice."""
    if section == "work":
        return list(participant.experiences.filter(kind__in=mapping.WORK_KINDS))
    if section == "volunteer":
        return list(participant.experiences.filter(kind__in=mapping.VOLUNTEER_KINDS))
    if section == "education":
        return list(participant.education.all())
    if section == "certificates":
        return list(participant.certificates.all())
    if section == "references":
        return list(participant.references.all())
    if section == "languages":
        return list(LanguageAssessment.objects.filter(participant=participant))
    profile = PersonalProfile.objects.filter(participant=participant).first()
    lines = []
    if profile is not None:
        for lang in ("fr", "en"):
            lines += mapping.interest_lines(getattr(profile, f"interests_{lang}"))
    return lines


def compare(plan: ImportPlan, participant: Participant) -> Preview:
    """Split the plan's entries into what the file lacks and what it already holds."""
    sections = {key: SectionPreview(key, str(label)) for key, label in SECTION_LABELS.items()}
    seen: dict[str, set[str]] = {}
    for entry in plan.entries:
        if entry.section not in seen:
            seen[entry.section] = {
                _key(entry.section, obj, plan.lang) for obj in _existing(participant, entry.section)
            }
        obj = entry.values["line"] if entry.section == "interests" else entry.instance()
        key = _key(entry.section, obj, plan.lang)
        target = sections[entry.section]
        if key in seen[entry.section]:
            target.present.append(entry)
        else:
            seen[entry.section].add(key)  # a repeat within the file is added once
            target.to_add.append(entry)
    return Preview([s for s in sections.values() if s.to_add or s.present], plan.skipped)
