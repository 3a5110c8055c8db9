"""Reads of consents to communicate, always through the file's scoping."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from atout.accounts.models import Organisation
from atout.disclosures.models import Disclosure
from atout.participants.models import Participant
from atout.privacy.notice import hosting_region


def disclosures_for(*, user: Any, participant: Participant) -> QuerySet[Disclosure]:
    """Every consent of the file, active first, newest first."""
    return (
        Disclosure.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("recipient", "recorded_by", "withdrawn_by")
        .order_by("withdrawn_at", "-given_at", "-pk")
    )


def disclosure_for_user(*, user: Any, pk: Any) -> Disclosure:
    return Disclosure.objects.select_related("participant", "recipient").get_visible_or_404(
        user, pk=pk
    )


def recipient_region(organisation: Organisation) -> str:
    """Where the recipient keeps what it reads. It reads inside Atout, so by default the same
    region; ATOUT_DISCLOSURE_RECIPIENT_REGIONS (organisation id or name -> region) says when an
    organisation copies it elsewhere."""
    regions = getattr(settings, "ATOUT_DISCLOSURE_RECIPIENT_REGIONS", None) or {}
    region = regions.get(organisation.pk) or regions.get(str(organisation.pk))
    region = region or regions.get(organisation.name)
    return region or hosting_region()


def leaves_hosting_region(organisation: Organisation) -> bool:
    """Whether a communication to this organisation leaves the hosting region (Law 25, s. 17:
    a privacy assessment comes first)."""
    return recipient_region(organisation).strip().casefold() != hosting_region().strip().casefold()
