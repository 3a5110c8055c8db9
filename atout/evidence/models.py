"""The evidence base: experiences and the achievements that prove competencies.

Recorded once per person and reused by the passport, the CV, the portfolio and the
skills-recognition dossier. The passport builder adds the editing screens; matching
already counts achievements per competency.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from atout.competencies.models import Competency
from atout.participants.models import Participant, ParticipantChildQuerySet


class Experience(models.Model):
    class Kind(models.TextChoices):
        JOB = "job", _("Job")
        VOLUNTEERING = "volunteering", _("Volunteering")
        STUDIES = "studies", _("Studies")
        TRAINING = "training", _("Training")
        FAMILY = "family", _("Family and personal life")
        COMMUNITY = "community", _("Community involvement")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="experiences"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    role = models.CharField(pgettext_lazy("job held", "role"), max_length=200, blank=True)
    started_on = models.DateField(_("start date"), null=True, blank=True)
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Achievement(models.Model):
    """A short story: the situation, what the person did, and the result."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="achievements"
    )
    experience = models.ForeignKey(
        Experience,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="achievements",
    )
    situation = models.TextField(_("situation"), max_length=5000)
    action = models.TextField(_("what the person did"), max_length=5000)
    result = models.TextField(_("result"), blank=True, max_length=5000)
    competencies = models.ManyToManyField(
        Competency, blank=True, related_name="achievements", verbose_name=_("competencies proven")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[competencies])

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.situation[:60]
