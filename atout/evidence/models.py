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
    if hasattr(obj, "review_reason"):
        names = [*names, "review_reason"]
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


class Review(models.TextChoices):
    """Whether a record may print: what the person proposes waits for the counsellor."""

    ACCEPTED = "accepted", _("Accepted")
    PROPOSED = "proposed", _("Proposed by the person")
    DECLINED = "declined", _("Declined")


class ReviewedRecord(models.Model):
    """A record of the evidence base the participant may propose from their own login.

    Only `accepted` records print or feed a document; the counsellor accepts, edits or
    declines a proposal, and the history keeps who did what.
    """

    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.ACCEPTED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    # Why the counsellor declined a proposal: the person reads it next to what they wrote.
    review_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def is_printable(self) -> bool:
        return self.review == Review.ACCEPTED


class Experience(ReviewedRecord):
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
    # `title`, `role` and `description` are the French texts; `*_en` print in English.
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    role = models.CharField(pgettext_lazy("job held", "role"), max_length=200, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=200, blank=True)
    started_on = models.DateField(_("start date"), null=True, blank=True)
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=5000)
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

    def text(self, name: str, lang: str) -> str:
        """`title`, `role` or `description` in `lang`, else in the other language."""
        french, english = getattr(self, name), getattr(self, f"{name}_en")
        return (english or french) if lang == "en" else (french or english)

    def clean(self) -> None:
        errors = _check_texts(
            self, ["title", "title_en", "place", "role", "role_en", "description", "description_en"]
        )
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = [_("The end date comes before the start date.")]
        if errors:
            raise ValidationError(errors)


TEXT_FIELDS = ["situation_fr", "situation_en", "action_fr", "action_en", "result_fr", "result_en"]


class Achievement(ReviewedRecord):
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
            _require_one_language(self, name, errors)
        if self.experience_id and self.experience.participant_id != self.participant_id:
            errors["experience"] = [_("This experience belongs to someone else.")]
        if errors:
            raise ValidationError(errors)


def _require_one_language(obj: models.Model, name: str, errors: dict[str, list]) -> None:
    if not (getattr(obj, f"{name}_fr").strip() or getattr(obj, f"{name}_en").strip()):
        errors.setdefault(f"{name}_fr", []).append(
            ValidationError(_("Write it in French or in English."), code="required")
        )


def _in_language(obj: models.Model, name: str, lang: str) -> str:
    """`name` in `lang`, else in the other language: one text where one is enough."""
    french, english = getattr(obj, f"{name}_fr"), getattr(obj, f"{name}_en")
    return (english or french) if lang == "en" else (french or english)


class Education(ReviewedRecord):
    """A diploma, a programme or a training, finished or in progress, here or abroad."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="education")
    program_fr = models.CharField(_("diploma or programme (French)"), max_length=200, blank=True)
    program_en = models.CharField(_("diploma or programme (English)"), max_length=200, blank=True)
    school = models.CharField(_("school"), max_length=200, blank=True)
    place = models.CharField(_("city and country"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year obtained"), null=True, blank=True)
    in_progress = models.BooleanField(_("in progress"), default=False)
    abroad = models.BooleanField(_("obtained outside Québec"), default=False)
    # E.g. the comparative evaluation of studies done outside Québec and what it equates to.
    recognition_fr = models.CharField(_("recognition (French)"), max_length=300, blank=True)
    recognition_en = models.CharField(_("recognition (English)"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("education or training")
        verbose_name_plural = _("education and training")
        ordering = ["-in_progress", "-year", "-pk"]

    def __str__(self) -> str:
        return self.program_fr or self.program_en

    def text(self, name: str, lang: str) -> str:
        return _in_language(self, name, lang)

    def clean(self) -> None:
        errors = _check_texts(
            self,
            ["program_fr", "program_en", "school", "place", "recognition_fr", "recognition_en"],
        )
        _require_one_language(self, "program", errors)
        if self.year is not None and not 1900 <= self.year <= 2100:
            errors["year"] = [_("Enter a year such as 2019.")]
        if errors:
            raise ValidationError(errors)


class Certificate(ReviewedRecord):
    """A certificate or licence: driving licence, WHMIS (SIMDUT), food hygiene…"""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="certificates"
    )
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    obtained_on = models.DateField(_("obtained on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate or licence")
        verbose_name_plural = _("certificates and licences")
        ordering = ["-obtained_on", "-pk"]

    def __str__(self) -> str:
        return self.name_fr or self.name_en

    def text(self, name: str, lang: str) -> str:
        return _in_language(self, name, lang)

    def clean(self) -> None:
        errors = _check_texts(self, ["name_fr", "name_en", "issuer"])
        _require_one_language(self, "name", errors)
        if self.obtained_on and self.expires_on and self.expires_on < self.obtained_on:
            errors["expires_on"] = [_("The expiry date comes before the date obtained.")]
        if errors:
            raise ValidationError(errors)


class PersonalProfile(models.Model):
    """What the skills assessment (bilan de compétences) adds to competencies: the person's
    areas of expertise, interests and values, in their words and in both languages."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="personal_profile"
    )
    expertise_fr = models.TextField(_("areas of expertise (French)"), blank=True, max_length=2000)
    expertise_en = models.TextField(_("areas of expertise (English)"), blank=True, max_length=2000)
    interests_fr = models.TextField(_("interests (French)"), blank=True, max_length=2000)
    interests_en = models.TextField(_("interests (English)"), blank=True, max_length=2000)
    values_fr = models.TextField(_("values (French)"), blank=True, max_length=2000)
    values_en = models.TextField(_("values (English)"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interests and values")
        verbose_name_plural = _("interests and values")

    def __str__(self) -> str:
        return str(self.participant_id)

    def text(self, name: str, lang: str) -> str:
        return _in_language(self, name, lang)

    def clean(self) -> None:
        errors = _check_texts(self, PROFILE_TEXT_FIELDS)
        if errors:
            raise ValidationError(errors)


PROFILE_TEXT_FIELDS = [
    f"{name}_{lang}" for name in ("expertise", "interests", "values") for lang in ("fr", "en")
]


class Reference(ReviewedRecord):
    """Someone who agreed to vouch for the person; listed on a CV only with both consents."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="references"
    )
    name = models.CharField(_("name"), max_length=200)
    relationship_fr = models.CharField(_("relationship (French)"), max_length=200, blank=True)
    relationship_en = models.CharField(_("relationship (English)"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # The referee agreed to be named; the person agreed to list them on the CV.
    referee_agreed = models.BooleanField(_("the reference agreed to be contacted"), default=False)
    listed_on_cv = models.BooleanField(_("list on the CV"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def text(self, name: str, lang: str) -> str:
        return _in_language(self, name, lang)

    @property
    def may_be_listed(self) -> bool:
        return self.is_printable and self.referee_agreed and self.listed_on_cv

    def clean(self) -> None:
        errors = _check_texts(
            self, ["name", "relationship_fr", "relationship_en", "organisation", "phone"]
        )
        if errors:
            raise ValidationError(errors)
