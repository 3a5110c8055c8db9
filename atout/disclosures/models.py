"""A consent to communicate part of a file to another organisation, and its withdrawal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.models import Organisation
from atout.participants.models import Participant, ParticipantChildQuerySet, SharedPart


class Purpose(models.TextChoices):
    """Why the file is communicated: a consent is asked for each purpose (Law 25, s. 14)."""

    RECOGNITION = "recognition", _("Skills recognition")
    OTHER = "other", _("Other purpose (described)")


class Method(models.TextChoices):
    """How the person gave their consent."""

    SIGNED_FORM = "signed_form", _("Signed consent form")
    IN_PERSON = "in_person", _("Given in person, noted by the staff member")
    ONLINE = "online", _("Given by the person from their own account")


class DisclosureQuerySet(ParticipantChildQuerySet):
    def active(self) -> DisclosureQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Disclosure(models.Model):
    """The person's consent to let `recipient` read the consented `parts` of their file.

    Scoped like the file it communicates (`participant`); its effect is on that file's
    `shared_with` / `shared_parts`, kept in step by the services. Never deleted: a withdrawn
    consent stays, with who withdrew it and when, so the person sees every past consent.
    """

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="disclosures",
        verbose_name=_("file communicated"),
    )
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="disclosures_received",
        verbose_name=_("recipient organisation"),
    )
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.RECOGNITION
    )
    purpose_text = models.TextField(
        _("purpose, in the person's words"), max_length=1000, blank=True
    )
    # SharedPart values: what the recipient may read besides the file's identity.
    parts = models.JSONField(_("parts communicated"), default=list)
    method = models.CharField(_("how consent was given"), max_length=20, choices=Method.choices)
    given_at = models.DateTimeField(_("consent given on"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    version = models.PositiveIntegerField(default=1)

    objects = DisclosureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent to communicate")
        verbose_name_plural = _("consents to communicate")
        ordering = ["-given_at", "-pk"]
        indexes = [
            models.Index(fields=["participant", "withdrawn_at"], name="disclosure_file_active"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.recipient_id} ({self.purpose})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def part_labels(self) -> list[str]:
        labels = dict(SharedPart.choices)
        return [str(labels[part]) for part in SharedPart.values if part in (self.parts or [])]

    @property
    def purpose_label(self) -> str:
        if self.purpose == Purpose.OTHER and self.purpose_text:
            return self.purpose_text
        return str(self.get_purpose_display())
