"""Reads: a participant's file as a JSON Resume document, and the pending import of a user."""

from __future__ import annotations

from collections import Counter
from typing import Any

from atout.accounts.models import User
from atout.competencies.models import LanguageAssessment
from atout.evidence.models import Achievement, PersonalProfile, Review
from atout.jsonresume import mapping
from atout.jsonresume.models import PendingImport
from atout.participants.models import Audience, ContactField, Participant
from atout.participants.selectors import contact_disclosure

SCHEMA_VERSION = "v1.0.0"


def _basics(participant: Participant) -> dict[str, Any]:
    """The name, and only the contact details the person consented to show employers."""
    shown = contact_disclosure(participant, Audience.EMPLOYER).shown
    basics: dict[str, Any] = {
        "name": participant.display_name,
        "email": shown.get(ContactField.EMAIL),
        "phone": shown.get(ContactField.MOBILE_PHONE) or shown.get(ContactField.HOME_PHONE),
    }
    if ContactField.ADDRESS in shown:
        basics["location"] = mapping._clean(
            {
                "address": participant.street_address,
                "postalCode": participant.postal_code,
                "city": participant.city,
                "region": participant.province,
                "countryCode": "CA",
            }
        )
    return mapping._clean(basics)


def _skills(participant: Participant, lang: str) -> list[dict[str, Any]]:
    """Competencies proven by accepted achievements, the best-proven first."""
    counts: Counter = Counter()
    names = {}
    achievements = Achievement.objects.filter(participant=participant, review=Review.ACCEPTED)
    for achievement in achievements.prefetch_related("competencies"):
        for competency in achievement.competencies.all():
            counts[competency.pk] += 1
            names[competency.pk] = (
                (competency.name_en or competency.name_fr)
                if lang == "en"
                else (competency.name_fr or competency.name_en)
            )
    ranked = sorted(counts, key=lambda pk: (-counts[pk], names[pk].casefold(), pk))
    return [{"name": names[pk]} for pk in ranked]


def _education(participant: Participant) -> list:
    """Newest first; those without an end year (in progress, or unknown) before the others.

    Sorted on what the export shows, so a file imported from it sorts the same way.
    """

    def end(education) -> int | None:
        return education.year if education.year and not education.in_progress else None

    rows = participant.education.filter(review=Review.ACCEPTED)
    return sorted(rows, key=lambda e: (end(e) is None, end(e) or 0, e.pk), reverse=True)


def export_resume(participant: Participant, *, lang: str) -> dict[str, Any]:
    """The file as a JSON Resume 1.0.0 document: accepted records only, consented contacts only.

    Only keys the schema defines (plus `meta.language`, which its `meta` allows), so the
    document validates against the vendored schema and imports back to the same records.
    """
    lang = "en" if lang == "en" else "fr"
    accepted = {"review": Review.ACCEPTED}
    experiences = list(participant.experiences.filter(**accepted))
    work = [
        mapping.experience_item(e, lang, employer_key="name")
        for e in experiences
        if e.kind in mapping.WORK_KINDS
    ]
    volunteer = [
        mapping.experience_item(e, lang, employer_key="organization")
        for e in experiences
        if e.kind in mapping.VOLUNTEER_KINDS
    ]
    languages = [
        item
        for a in LanguageAssessment.objects.filter(participant=participant)
        if (item := mapping.language_item(a, lang)) is not None
    ]
    profile = PersonalProfile.objects.filter(participant=participant).first()
    interests = [
        {"name": line}
        for line in mapping.interest_lines(profile.text("interests", lang) if profile else "")
    ]
    document = {
        "basics": _basics(participant),
        "work": work,
        "volunteer": volunteer,
        "education": [mapping.education_item(e, lang) for e in _education(participant)],
        "certificates": [
            mapping.certificate_item(c, lang) for c in participant.certificates.filter(**accepted)
        ],
        "skills": _skills(participant, lang),
        "languages": languages,
        "interests": interests,
        "references": [
            mapping.reference_item(r, lang)
            for r in participant.references.filter(**accepted)
            if r.may_be_listed
        ],
        "meta": {"version": SCHEMA_VERSION, "language": lang},
    }
    return {key: value for key, value in document.items() if value}


def pending_import_for(*, user: User, participant: Participant) -> PendingImport | None:
    """The user's file waiting for confirmation on this participant's file, unless it expired."""
    pending = (
        PendingImport.objects.visible_to(user).filter(participant=participant, user=user).first()
    )
    if pending is None or pending.expired:
        return None
    return pending
