"""Writes to practice cards, each in one transaction.

The person writes their own words and says how ready they feel (PRACTICE_FILL); the
counsellor adds a coaching note (PRACTICE_COACH). The two parts carry separate version
numbers, so a note never conflicts with the person's words. A card exists only for a key
competency of the approved passport; its row is created on the first save.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.common.errors import ConflictError
from atout.participants.models import Participant
from atout.practice import selectors
from atout.practice.models import PracticeCard


def _locked_card(*, participant: Participant, actor: Any, key: str) -> PracticeCard:
    """The card of a current competency, locked (created on first use), else ValidationError."""
    competency = selectors.card_for_key(user=actor, participant=participant, key=key)
    if competency is None:
        raise ValidationError(_("This competency is no longer in the approved passport."))
    # The file's row is locked first, so two first saves cannot both create the card.
    Participant.objects.select_for_update().get(pk=participant.pk)
    card = PracticeCard.objects.select_for_update().filter(participant=participant, key=key)
    card = card.first() or PracticeCard(participant=participant, key=key)
    card.title_fr = (competency["title"].get("fr") or "")[:200]
    card.title_en = (competency["title"].get("en") or "")[:200]
    return card


@transaction.atomic
def card_save(
    *,
    participant: Participant,
    actor: Any,
    key: str,
    own_words: str,
    readiness: str,
    expected_version: int | None,
) -> PracticeCard:
    """Save the person's words and readiness; a page older than the last save is a conflict.

    An unchanged card is left as it is (no new version, no history line).
    """
    perms.require(actor, perms.PRACTICE_FILL, participant)
    card = _locked_card(participant=participant, actor=actor, key=key)
    if expected_version is not None and card.version != expected_version:
        raise ConflictError(card)
    if card.pk and card.own_words == own_words and card.readiness == readiness:
        return card
    card.own_words = own_words
    card.readiness = readiness
    card.version += 1
    card.updated_by = actor
    card.updated_at = timezone.now()
    # Named here, not only by the request middleware: the demo seed and scripts save too.
    card._history_user = actor
    card.full_clean()
    card.save()
    return card


@transaction.atomic
def coach_note_save(
    *,
    participant: Participant,
    actor: Any,
    key: str,
    note: str,
    expected_version: int | None,
) -> PracticeCard:
    """The counsellor's note on a card (the person reads it); versioned on its own."""
    perms.require(actor, perms.PRACTICE_COACH, participant)
    card = _locked_card(participant=participant, actor=actor, key=key)
    if expected_version is not None and card.note_version != expected_version:
        raise ConflictError(card)
    if card.pk and card.coach_note == note:
        return card
    card.coach_note = note
    card.note_version += 1
    card.coach_note_by = actor
    card.coach_note_at = timezone.now()
    card._history_user = actor
    card.full_clean()
    card.save()
    return card
