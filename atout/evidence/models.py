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


TEXT_FIELDS = ["situation_fr", "situation_en", "action_fr", "action_en", "result_fr", "result_en"]


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
    # Printed on the passport, so written in both languages like the key competencies; the
    # story needs its situation and action in at least one of them.
    situation_fr = models.TextField(_("situation (French)"), blank=True, max_length=5000)
    situation_en = models.TextField(_("situation (English)"), blank=True, max_length=5000)
    action_fr = models.TextField(_("what the person did (French)"), blank=True, max_length=5000)
    action_en = models.TextField(_("what the person did (English)"), blank=True, max_length=5000)
    result_fr = models.TextField(_("result (French)"), blank=True, max_length=5000)
    result_en = models.TextField(_("result (English)"), blank=True, max_length=5000)
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

    # The story in French, else in English: what screens show where one text is enough.
    situation = property(
        lambda self: self.situation_fr or self.situation_en,
        lambda self, value: setattr(self, "situation_fr", value),
    )
    action = property(
        lambda self: self.action_fr or self.action_en,
        lambda self, value: setattr(self, "action_fr", value),
    )
    result = property(
        lambda self: self.result_fr or self.result_en,
        lambda self, value: setattr(self, "result_fr", value),
    )

    def texts(self, name: str) -> dict[str, str]:
        """One part of the story in both languages, as the passport freezes it."""
        return {"fr": getattr(self, f"{name}_fr"), "en": getattr(self, f"{name}_en")}

    def clean(self) -> None:
        errors = _check_texts(self, TEXT_FIELDS)
        for name in ("situation", "action"):
            if not (getattr(self, f"{name}_fr").strip() or getattr(self, f"{name}_en").strip()):
                errors.setdefault(f"{name}_fr", []).append(
                    ValidationError(_("Write it in French or in English."), code="required")
                )
        if self.experience_id and self.experience.participant_id != self.participant_id:
            errors["experience"] = [_("This experience belongs to someone else.")]
        if errors:
            raise ValidationError(errors)
