"""The evidence base: experiences and the achievements that prove competencies.

Recorded once per person and reused by the passport, the CV, the portfolio and the
skills-recognition dossier. The passport builder adds the editing screens; matching
already counts achievements per competency.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from atout.accounts.validators import no_control_characters
from atout.competencies.models import Competency
from atout.participants.models import Participant, ParticipantChildQuerySet


def _check_texts(obj: models.Model, names: list[str]) -> dict[str, list]:
    """Errors per field: these texts end up in printed documents, whoever writes them.

    Django checks a TextField's max_length only in forms; services must refuse it too.
    """
    errors: dict[str, list] = {}
    for name in names:
        value = getattr(obj, name) or ""
        validators = [no_control_characters]
        limit = obj._meta.get_field(name).max_length
        if limit:
            validators.append(MaxLengthValidator(limit))
        for validator in validators:
            try:
                validator(value)
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.error_list)
    return errors


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

    def clean(self) -> None:
        errors = _check_texts(self, ["title", "place", "role", "description"])
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = [_("The end date comes before the start date.")]
        if errors:
            raise ValidationError(errors)


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
    # Proof reuses the file's documents: one upload path, one place where files are checked.
    proofs = models.ManyToManyField(
        "participants.Attachment",
        blank=True,
        related_name="achievements",
        verbose_name=_("proof files"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[competencies, proofs])

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.situation[:60]

    def clean(self) -> None:
        errors = _check_texts(self, ["situation", "action", "result"])
        if self.experience_id and self.experience.participant_id != self.participant_id:
            errors["experience"] = [_("This experience belongs to someone else.")]
        if errors:
            raise ValidationError(errors)
