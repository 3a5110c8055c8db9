"""Approved passport versions with key competencies, made directly (no rendering)."""

from __future__ import annotations

from typing import Any

from atout.passports.models import Passport, PassportVersion


def competency(fr: str, en: str = "", *, stories: int = 1, long: bool = False) -> dict[str, Any]:
    text = " très longtemps" * 40 if long else ""
    return {
        "title": {"fr": fr, "en": en},
        "link": {"fr": "", "en": ""},
        "evidence": [
            {
                "situation": {"fr": f"Au dépanneur, un soir de tempête{text}.", "en": ""},
                "action": {
                    "fr": f"J’ai servi seule la file de clients ({fr}).",
                    "en": f"I served the line of customers alone ({en}).",
                },
                "result": {"fr": "Aucune plainte.", "en": "No complaints."},
            }
            for _ in range(stories)
        ],
    }


def approve(participant, competencies: list[dict[str, Any]], *, withdrawn=False) -> PassportVersion:
    """A new approved version whose frozen content holds these key competencies."""
    passport, _ = Passport.objects.get_or_create(participant=participant)
    number = (
        passport.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    from django.utils import timezone

    return PassportVersion.objects.create(
        passport=passport,
        participant=participant,
        number=number,
        reason=PassportVersion.Reason.APPROVED,
        content={"languages": "both", "competencies": competencies},
        withdrawn_at=timezone.now() if withdrawn else None,
    )


TEAM = ("Travailler en équipe", "Teamwork")
PUNCTUAL = ("Ponctualité et assiduité", "Punctuality and attendance")
CUSTOMERS = ("Accueillir la clientèle", "Welcoming customers")
