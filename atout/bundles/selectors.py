"""Reads for print bundles: a file's bundles, and what a bundle can hold for that file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from atout.bundles.models import Bundle
from atout.letters.models import CoverLetter
from atout.measures.models import EmployerMeasure
from atout.measures.selectors import letters_for
from atout.participants.models import Participant
from atout.passports.models import Passport, PassportVersion
from atout.passports.selectors import latest_printable_version, output_languages

RECENT = 10


def bundles_for(*, user: Any, participant: Participant) -> QuerySet[Bundle]:
    """The file's recent bundles, newest first."""
    return (
        Bundle.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("requested_by")[:RECENT]
    )


def bundle_for(*, user: Any, participant_pk: Any, pk: Any) -> Bundle:
    """One visible bundle of that file, or 404 (another file's bundle is not found here)."""
    return Bundle.objects.select_related("participant", "requested_by").get_visible_or_404(
        user, pk=pk, participant_id=participant_pk
    )


def in_flight(participant: Participant) -> Bundle | None:
    return (
        Bundle.objects.filter(participant=participant, status__in=Bundle.IN_FLIGHT)
        .order_by("-pk")
        .first()
    )


@dataclass
class Availability:
    """What the file has that a bundle may hold: only approved documents go to employers."""

    passport: Passport | None = None
    version: PassportVersion | None = None
    passport_languages: list[str] = field(default_factory=list)
    letters: list[CoverLetter] = field(default_factory=list)
    cv: bool = False
    portfolio: bool = False
    # The CLE's eligibility letters of the measures the approved passport prints.
    cle_letters: list[EmployerMeasure] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.version or self.letters or self.cv or self.portfolio)


def approved_letters(participant: Participant) -> list[CoverLetter]:
    return [
        letter
        for letter in CoverLetter.objects.filter(participant=participant).order_by(
            "-updated_at", "-pk"
        )
        if letter.is_frozen
    ]


def availability(participant: Participant) -> Availability:
    """Operator-level read: the caller already holds the file through a scoped read."""
    from atout.portfolios.models import Portfolio
    from atout.resumes.models import Cv

    found = Availability()
    found.passport = Passport.objects.filter(participant=participant).first()
    if found.passport is not None:
        found.version = latest_printable_version(found.passport)
        if found.version is not None:
            found.passport_languages = output_languages(found.version.content)
    found.cle_letters = letters_for(participant, found.version.content if found.version else None)
    found.letters = approved_letters(participant)
    cv = Cv.objects.filter(participant=participant).first()
    found.cv = bool(cv and cv.is_approved)
    portfolio = Portfolio.objects.filter(participant=participant).first()
    found.portfolio = bool(portfolio and portfolio.is_approved and portfolio.approved_payload)
    return found
