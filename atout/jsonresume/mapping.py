"""One mapping between JSON Resume items and Atout's records, used in both directions.

Export turns a record into a JSON Resume item (`*_item`); import turns an item into field
values (`*_values`). Whether an imported item is already in the file is decided by exporting
both and comparing: the same function decides what a record looks like in JSON, so the
round trip (export, import into an empty file, export again) gives the same JSON.

What maps where (JSON Resume 1.0.0):
- work[]        ↔ Experience of kind "job": name = place (the employer), position = role
                  (else title), startDate/endDate, summary = description (highlights are
                  appended to it on import, one "• " line each).
- volunteer[]   ↔ Experience of kind "volunteering" or "community" (imported as volunteering).
- education[]   ↔ Education: institution = school, area = diploma or programme (studyType is
                  put before it on import), endDate = year obtained (none while in progress).
- certificates[] ↔ Certificate: name, date = obtained on, issuer (no expiry in the schema).
- references[]  ↔ Reference the CV may list: name, reference = relationship, organisation.
- languages[]   ↔ language self-assessment: language name, fluency = "mother tongue" or the
                  overall CEFR level; a fluency without a CEFR level (A1–C2) is not imported.
- interests[]   ↔ the interests text of the person's profile, one line per interest.
- skills[]      → export only: the competencies proven by accepted achievements. A skill
                  cannot become evidence without its story, so import lists them as skipped.
- basics        → export only: the name, and the contact details consented for employers.
"""

from __future__ import annotations

import re
from typing import Any

from atout.competencies.models import CEFR_LEVELS, LANGUAGE_SKILLS, LanguageAssessment
from atout.competencies.reference import language_data
from atout.competencies.selectors import bilingual_dict, overall_level
from atout.evidence.models import Certificate, Education, Experience, Reference

WORK_KINDS = (Experience.Kind.JOB,)
VOLUNTEER_KINDS = (Experience.Kind.VOLUNTEERING, Experience.Kind.COMMUNITY)


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    """Only the keys with a value: the schema has no required key, and empty ones are noise."""
    return {k: v for k, v in item.items() if v not in (None, "", [], {})}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _suffix(lang: str) -> str:
    return "_en" if lang == "en" else ""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


# Export: one record -> one item


def experience_item(experience: Experience, lang: str, *, employer_key: str) -> dict[str, Any]:
    return _clean(
        {
            employer_key: experience.place,
            "position": experience.text("role", lang) or experience.text("title", lang),
            "startDate": _iso(experience.started_on),
            "endDate": _iso(experience.ended_on),
            "summary": experience.text("description", lang),
        }
    )


def education_item(education: Education, lang: str) -> dict[str, Any]:
    return _clean(
        {
            "institution": education.school,
            "area": education.text("program", lang),
            "endDate": str(education.year)
            if education.year and not education.in_progress
            else None,
        }
    )


def certificate_item(certificate: Certificate, lang: str) -> dict[str, Any]:
    return _clean(
        {
            "name": certificate.text("name", lang),
            "date": _iso(certificate.obtained_on),
            "issuer": certificate.issuer,
        }
    )


def reference_item(reference: Reference, lang: str) -> dict[str, Any]:
    about = ", ".join(
        p for p in [reference.text("relationship", lang), reference.organisation] if p
    )
    return _clean({"name": reference.name, "reference": about})


def language_item(assessment: LanguageAssessment, lang: str) -> dict[str, Any] | None:
    """None when no level was rated: a language without a level says nothing to an employer."""
    data = language_data()
    names = {item["code"]: item for item in data["languages"]}
    known = names.get(assessment.language)
    name = bilingual_dict(known, "name", lang) if known else assessment.language
    if assessment.is_mother_tongue:
        fluency = bilingual_dict(data["mother_tongue"], "label", lang)
    else:
        code = overall_level(assessment)
        if code is None:
            return None
        summaries = {item["code"]: item for item in data["levels"]}
        fluency = bilingual_dict(summaries[code], "summary", lang)
    return {"language": name, "fluency": fluency}


_BULLET = re.compile(r"^[\s•\-*·]+")


def interest_lines(text: str) -> list[str]:
    """The interests text, one interest a line (bullets dropped)."""
    lines = (_BULLET.sub("", line).strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


# Import: one item -> field values (or None with the reason it is skipped)


def experience_values(item: dict[str, Any], lang: str, *, kind: str, employer_key: str) -> dict:
    position = _text(item.get("position"))
    employer = _text(item.get(employer_key))
    title = position or employer
    description = "\n".join(
        [_text(item.get("summary"))]
        + [f"• {_text(h)}" for h in item.get("highlights") or [] if _text(h)]
    ).strip()
    suffix = _suffix(lang)
    values: dict[str, Any] = {
        "kind": kind,
        "place": employer,
        f"title{suffix}": title,
        f"role{suffix}": position,
        f"description{suffix}": description,
        "started_on": item.get("startDate") or None,
        "ended_on": item.get("endDate") or None,
    }
    # The French title is required; an English import fills it with the English text until
    # someone translates it (the evidence screens flag the missing translation).
    values.setdefault("title", title)
    return values


def education_values(item: dict[str, Any], lang: str) -> dict:
    area, study = _text(item.get("area")), _text(item.get("studyType"))
    program = f"{study} — {area}" if area and study else (area or study)
    end = item.get("endDate") or None
    return {
        f"program_{lang}": program,
        "school": _text(item.get("institution")),
        "year": end,  # a date string here; importing turns it into the year
    }


def certificate_values(item: dict[str, Any], lang: str) -> dict:
    return {
        f"name_{lang}": _text(item.get("name")),
        "issuer": _text(item.get("issuer")),
        "obtained_on": item.get("date") or None,
    }


def reference_values(item: dict[str, Any], lang: str) -> dict:
    # Nothing in a file says the referee agreed: the counsellor confirms it before it prints.
    return {
        "name": _text(item.get("name")),
        f"relationship_{lang}": _text(item.get("reference")),
        "referee_agreed": False,
        "listed_on_cv": True,
    }


_LEVEL = re.compile(r"\b([ABC][12])\b")
_NATIVE = {"native", "native speaker", "mother tongue", "langue maternelle", "langue natale"}


def language_code(name: str) -> str | None:
    wanted = name.strip().casefold()
    for item in language_data()["languages"]:
        if wanted in {
            item["code"].casefold(),
            item["name_fr"].casefold(),
            item["name_en"].casefold(),
        }:
            return item["code"]
    return None


def language_values(item: dict[str, Any]) -> dict | None:
    """Field values of a self-assessment, or None when the fluency has no CEFR level."""
    code = language_code(_text(item.get("language")))
    fluency = _text(item.get("fluency"))
    if code is None:
        return None
    mother = language_data()["mother_tongue"]
    if fluency.casefold() in _NATIVE | {
        mother["label_fr"].casefold(),
        mother["label_en"].casefold(),
    }:
        return {"language": code, "is_mother_tongue": True}
    match = _LEVEL.search(fluency.upper())
    if not match or match.group(1) not in CEFR_LEVELS:
        return None
    # The file gives one level; the self-assessment holds one per skill: the same for each,
    # so its overall level, which the CV prints, is that level.
    return {"language": code, **{skill: match.group(1) for skill in LANGUAGE_SKILLS}}


def interest_line(item: dict[str, Any]) -> str:
    name = _text(item.get("name"))
    keywords = [_text(k) for k in item.get("keywords") or [] if _text(k)]
    return f"{name} ({', '.join(keywords)})" if name and keywords else name
