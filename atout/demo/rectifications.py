"""Demo: Émilie asked to correct a field of her file; her counsellor has it to answer."""

from __future__ import annotations

from atout.participants.models import Participant
from atout.rectifications import fields, services
from atout.rectifications.models import RectificationRequest


def seed_rectifications(users: dict) -> None:
    """One pending request (idempotent: a second run adds nothing)."""
    user = users.get("participant@atout.test")
    participant = Participant.objects.filter(user=user).first() if user else None
    if participant is None or RectificationRequest.objects.filter(participant=participant).exists():
        return
    services.rectification_request(
        participant=participant,
        actor=user,
        key=fields.key_for(participant, "city"),
        what_is_wrong="J’ai déménagé le mois dernier.",
        should_be="Lévis",
    )
