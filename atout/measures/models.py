"""What the passport's last page tells an employer: the measures the CLE found the person
eligible for (with the CLE's eligibility letter), and the fixed text about the help the
public employment service gives employers, published in versions by platform admins."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.participants.models import Participant, ParticipantChildQuerySet


class MeasureKind(models.TextChoices):
    """Employer-facing measures of the public employment service (Guide des mesures)."""

    WAGE_SUBSIDY = "wage_subsidy", _("Wage subsidy (Subventions salariales)")
    WAGE_SUBSIDY_EXPERIENCED = (
        "wage_subsidy_experienced",
        _("Wage subsidy for experienced workers"),
    )
    WAGE_SUBSIDY_PAMT = (
        "wage_subsidy_pamt",
        _("Wage subsidy with workplace apprenticeship (PAMT)"),
    )
    PRIIME = "priime", _("PRIIME (integration of immigrants and visible minorities)")
    CIT = "cit", _("Employment integration contract (CIT)")
    OTHER = "other", _("Other measure")


class MeasureQuerySet(ParticipantChildQuerySet):
    """Scoped like the file; the views let only staff of both sides read the page."""

    def current(self, on=None) -> MeasureQuerySet:
        """Not withdrawn, and whose period has not ended (a measure may not have an end)."""
        on = on or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True).filter(
            models.Q(end__isnull=True) | models.Q(end__gte=on)
        )


def letter_path(instance: EmployerMeasure, filename: str) -> str:
    """Random storage name: the uploaded name never touches the file system."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"measures/{instance.participant_id}/{uuid.uuid4().hex}{suffix}"


class EmployerMeasure(models.Model):
    """A measure an employer who hires the person can use, recorded by the CLE agent."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="employer_measures"
    )
    kind = models.CharField(_("measure"), max_length=30, choices=MeasureKind.choices)
    # For "other": the measure's name as the CLE writes it.
    name = models.CharField(_("name of the measure"), max_length=150, blank=True)
    start = models.DateField(_("eligible from"))
    end = models.DateField(_("eligible until"), null=True, blank=True)
    conditions = models.TextField(
        _("conditions for the employer"),
        blank=True,
        max_length=1000,
        help_text=_("Printed on the passport's last page: keep it short and plain."),
    )
    # The CLE's eligibility letter: checked and stored like the file's documents.
    letter = models.FileField(upload_to=letter_path, max_length=200, blank=True)
    letter_name = models.CharField(_("letter file name"), max_length=200, blank=True)
    letter_content_type = models.CharField(max_length=100, blank=True)
    letter_size = models.PositiveBigIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.CharField(_("reason"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = MeasureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("employer measure")
        verbose_name_plural = _("employer measures")
        ordering = ["participant", "-start", "-pk"]
        indexes = [models.Index(fields=["participant", "withdrawn_at"], name="measure_current")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})
        if self.kind == MeasureKind.OTHER and not self.name.strip():
            raise ValidationError({"name": _("Name the measure.")})

    @property
    def title(self) -> str:
        if self.kind == MeasureKind.OTHER and self.name:
            return self.name
        return str(self.get_kind_display())

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_inline(self) -> bool:
        return self.letter_content_type in {"application/pdf", "image/png", "image/jpeg"}


class EmployerNotice(models.Model):
    """The fixed text of the passport's last page, in both languages.

    Published by platform admins as a new version, never edited: each frozen passport keeps
    the version and the words it printed.
    """

    number = models.PositiveIntegerField(_("version"), unique=True, editable=False)
    text_fr = models.TextField(_("text (French)"), max_length=3000)
    text_en = models.TextField(_("text (English)"), max_length=3000)
    note = models.CharField(
        _("why this version"),
        max_length=300,
        blank=True,
        help_text=_("For instance: the ministry's wording of March 2027."),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("employer text of the passport")
        verbose_name_plural = _("employer texts of the passport")
        ordering = ["-number"]
        get_latest_by = "number"

    def __str__(self) -> str:
        return f"v{self.number} ({self.published_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A published text is never changed: publish a new version."))
        if not self.number:
            last = EmployerNotice.objects.aggregate(m=models.Max("number"))["m"] or 0
            self.number = last + 1
        super().save(*args, **kwargs)

    def as_content(self) -> dict:
        """What a frozen passport keeps of it."""
        return {"version": self.number, "text": {"fr": self.text_fr, "en": self.text_en}}
