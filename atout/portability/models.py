"""A request for a copy of a person's data, and its job's state; the ZIP exists once ready.

The download is checked through the scoping (`visible_to`) and the capability on the file,
not through a secret token in the link: a forwarded link must never hand over the whole file,
and every download is a logged read by a known user. No simple-history: the row is a job
record; who asked and when is on the row, the preparation for a person in person is a note in
the file (with its history), and downloads are in the access log.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atout.participants.models import Participant, ParticipantChildQuerySet


def export_path(instance: ExportRequest, filename: str) -> str:
    # A random directory: the name says nothing and a retry never overwrites a finished file.
    return f"exports/{instance.participant_id}/{uuid.uuid4().hex}/{filename}"


class ExportRequest(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("export status", "Being prepared")
        READY = "ready", pgettext_lazy("export status", "Ready")
        FAILED = "failed", pgettext_lazy("export status", "Failed")
        EXPIRED = "expired", pgettext_lazy("export status", "Expired")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="data_exports"
    )
    # None: made on the command line (`export_personal_data`).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A counsellor prepared it for the person (no login, or asked in person).
    in_person = models.BooleanField(_("prepared in person"), default=False)
    lang = models.CharField(_("language"), max_length=2, default="fr")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=export_path, max_length=200, blank=True)
    name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("copy of personal data")
        verbose_name_plural = _("copies of personal data")
        ordering = ["participant", "-created_at", "-pk"]
        constraints = [
            # One export in progress per file: two clicks never start two jobs.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status="queued"),
                name="export_one_in_flight",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} #{self.pk} ({self.status})"

    @property
    def in_flight(self) -> bool:
        return self.status == self.Status.QUEUED

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.EXPIRED or (
            self.expires_at is not None and self.expires_at <= timezone.now()
        )
