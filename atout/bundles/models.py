"""The print bundle (*pochette*): one job that prepares a meeting's documents in one file."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atout.participants.models import Participant, ParticipantChildQuerySet


def bundle_path(instance: Bundle, filename: str) -> str:
    # A random directory: the name says nothing and a retry never overwrites a finished file.
    return f"bundles/{instance.participant_id}/{uuid.uuid4().hex}/{filename}"


class Bundle(models.Model):
    """A request for a bundle and its job's state; the file exists only once complete.

    No simple-history here: the row is a job record whose heartbeat changes every step;
    who asked, when and with what options is on the row itself, and downloads are in the
    access log.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("bundle status", "Waiting")
        RUNNING = "running", pgettext_lazy("bundle status", "Being prepared")
        READY = "ready", pgettext_lazy("bundle status", "Ready")
        FAILED = "failed", pgettext_lazy("bundle status", "Failed")
        EXPIRED = "expired", pgettext_lazy("bundle status", "Removed")

    class Format(models.TextChoices):
        PDF = "pdf", _("One PDF with a contents page")
        ZIP = "zip", _("A ZIP of separate files")

    IN_FLIGHT = (Status.QUEUED, Status.RUNNING)

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="bundles")
    # None: made on the command line (`render_bundle`).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What to put in (see atout.bundles.options.BundleOptions): plain JSON values.
    options = models.JSONField(default=dict)
    fmt = models.CharField(_("format"), max_length=3, choices=Format.choices, default="pdf")
    lang = models.CharField(_("language"), max_length=2, default="fr")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    steps = models.PositiveSmallIntegerField(default=0)
    step_label = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # Parts asked for that could not be included, with why (shown on the page and contents).
    notes = models.JSONField(default=list, blank=True)
    file = models.FileField(upload_to=bundle_path, max_length=200, blank=True)
    name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("print bundle")
        verbose_name_plural = _("print bundles")
        ordering = ["participant", "-created_at", "-pk"]
        constraints = [
            # Two clicks (or two counsellors) never start two jobs for one file.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status__in=["queued", "running"]),
                name="bundle_one_in_flight",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} #{self.pk} ({self.status})"

    @property
    def in_flight(self) -> bool:
        return self.status in self.IN_FLIGHT

    @property
    def percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return int(100 * self.step / self.steps) if self.steps else 0
