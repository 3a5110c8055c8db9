"""Practice cards: the person rehearses, in their own words, each key competency of their
approved passport, and says how ready they feel; the counsellor coaches.

A card is tied to a key competency by `key`, a digest of the competency's title as the
approved passport froze it (frozen versions carry no ids). A competency that leaves the
passport hides its card; the card and its words stay, and show again if it comes back. A
retitled competency starts a new card (the old one is kept, unseen).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from atout.participants.models import Participant, ParticipantChildQuerySet

OWN_WORDS_MAX = 3000
COACH_NOTE_MAX = 1500


class Readiness(models.TextChoices):
    NOT_YET = "not_yet", pgettext_lazy("readiness", "Not yet")
    GETTING_THERE = "getting_there", pgettext_lazy("readiness", "Getting there")
    READY = "ready", pgettext_lazy("readiness", "Ready")


class PracticeCard(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="practice_cards"
    )
    key = models.CharField(max_length=64)
    # The competency's title when the card was last saved: what the counsellor reads about a
    # card whose competency left the passport.
    title_fr = models.CharField(_("competency (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("competency (English)"), max_length=200, blank=True)
    own_words = models.TextField(_("own words"), max_length=OWN_WORDS_MAX, blank=True)
    readiness = models.CharField(
        _("readiness"), max_length=20, choices=Readiness.choices, blank=True, default=""
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    # The person's part (words, readiness): a save from a stale page is a conflict.
    version = models.PositiveIntegerField(default=0)
    coach_note = models.TextField(_("coaching note"), max_length=COACH_NOTE_MAX, blank=True)
    coach_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    coach_note_at = models.DateTimeField(null=True, blank=True)
    # The counsellor's part, versioned apart: a note never conflicts with the person's words.
    note_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantChildQuerySet.as_manager()
    # The file's history shows what people wrote and chose, not bookkeeping.
    history = HistoricalRecords(
        excluded_fields=["key", "updated_at", "coach_note_at", "note_version"]
    )

    class Meta:
        verbose_name = _("practice card")
        verbose_name_plural = _("practice cards")
        ordering = ["participant", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "key"], name="practice_card_unique")
        ]

    def __str__(self) -> str:
        return self.title_fr or self.title_en or self.key
