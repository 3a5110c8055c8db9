"""Reference frameworks, workforce profiles, and each person's self-evaluations.

Reference data is bilingual (`_fr`/`_en` fields) and versioned; rows tied to an
organisation are that organisation's own additions. Self-evaluations and language
self-assessments are personal information and use the participant scoping.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.models import Organisation
from atout.participants.models import Participant, ParticipantChildQuerySet


def bilingual(obj: object, name: str, language: str | None = None) -> str:
    """The French or English text of a field, falling back to the other language."""
    language = (language or translation.get_language() or "fr")[:2]
    first, second = ("en", "fr") if language == "en" else ("fr", "en")
    return getattr(obj, f"{name}_{first}") or getattr(obj, f"{name}_{second}")


class ReferenceQuerySet(models.QuerySet):
    """Shared reference rows plus those the given organisations added."""

    def available_to(self, organisation_ids: list[int]) -> ReferenceQuerySet:
        return self.filter(Q(organisation__isnull=True) | Q(organisation__in=organisation_ids))


class CompetencyFramework(models.Model):
    code = models.CharField(_("code"), max_length=30)
    version = models.CharField(_("version"), max_length=20)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    source_fr = models.TextField(_("source (French)"), blank=True)
    source_en = models.TextField(_("source (English)"), blank=True)
    # The answer scale: [{"value": 0-4, "label_fr", "label_en", "hint_fr", "hint_en"}]
    scale = models.JSONField(default=list, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="frameworks"
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_code_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    @property
    def name(self) -> str:
        return bilingual(self, "name")


class CompetencyFamily(models.Model):
    framework = models.ForeignKey(
        CompetencyFramework, on_delete=models.CASCADE, related_name="families"
    )
    code = models.CharField(_("code"), max_length=30)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    intro_fr = models.TextField(blank=True)
    intro_en = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("competency family")
        verbose_name_plural = _("competency families")
        ordering = ["framework", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="family_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self, "name")

    @property
    def intro(self) -> str:
        return bilingual(self, "intro")


class Competency(models.Model):
    framework = models.ForeignKey(
        CompetencyFramework, on_delete=models.CASCADE, related_name="competencies"
    )
    family = models.ForeignKey(
        CompetencyFamily,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="competencies",
    )
    code = models.CharField(_("code"), max_length=30)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    definition_fr = models.TextField(_("definition (French)"), blank=True, max_length=2000)
    definition_en = models.TextField(_("definition (English)"), blank=True, max_length=2000)
    position = models.PositiveIntegerField(default=0)
    # An organisation's own competency, seen only by its members.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_competencies",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["framework", "family__position", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="competency_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self, "name")

    @property
    def definition(self) -> str:
        return bilingual(self, "definition")


class Indicator(models.Model):
    """An observable behaviour, phrased so the person can rate themselves on it."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=40)
    text_fr = models.CharField(_("text (French)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("behaviour indicator")
        verbose_name_plural = _("behaviour indicators")
        ordering = ["competency", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "code"], name="indicator_code_unique")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return bilingual(self, "text")


class WorkforceProfile(models.Model):
    """What employers seek for a job (profil de main-d'œuvre recherché).

    The shared profiles say how sure we are of their NOC data: `verified` only when an
    official NOC/CNP page named in `source` showed the code and title, and the French title
    has its own status, since several were composed by us after the 2021 revision.
    """

    class TitleStatus(models.TextChoices):
        OFFICIAL = "cnp_2021", _("Official French title (CNP 2021)")
        FROM_2016 = "cnp_2016_same_group", _("French title taken from CNP 2016, to confirm")
        COMPOSED = "to_confirm", _("French title written by Atout, to confirm")

    code = models.CharField(_("code"), max_length=40, unique=True)
    noc_code = models.CharField(_("NOC 2021 code"), max_length=5, blank=True)
    noc_version = models.CharField(max_length=10, blank=True, default="2021")
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    common_title_fr = models.CharField(_("usual job title (French)"), max_length=200, blank=True)
    common_title_en = models.CharField(_("usual job title (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True, max_length=3000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=3000)
    conditions_fr = models.TextField(_("working conditions (French)"), blank=True, max_length=3000)
    conditions_en = models.TextField(_("working conditions (English)"), blank=True, max_length=3000)
    source = models.CharField(_("source"), max_length=200, blank=True)
    verified = models.BooleanField(_("checked on an official NOC page"), default=False)
    # Blank for an organisation's own profile, which quotes no official title.
    title_fr_status = models.CharField(
        _("status of the French title"), max_length=30, choices=TitleStatus.choices, blank=True
    )
    title_note_fr = models.TextField(_("note on the title (French)"), blank=True, max_length=1000)
    title_note_en = models.TextField(_("note on the title (English)"), blank=True, max_length=1000)
    # A custom profile for one employer's posting, seen only by its organisation.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workforce_profiles",
    )
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    posting_text = models.TextField(_("job posting"), blank=True, max_length=20000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)
    competencies = models.ManyToManyField(
        Competency, through="SoughtCompetency", related_name="profiles"
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("workforce profile")
        verbose_name_plural = _("workforce profiles")
        ordering = ["title_fr"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        common = bilingual(self, "common_title")
        return common or bilingual(self, "title")

    @property
    def noc_title(self) -> str:
        return bilingual(self, "title")

    @property
    def title_note(self) -> str:
        return bilingual(self, "title_note")

    @property
    def title_fr_official(self) -> bool:
        return self.title_fr_status == self.TitleStatus.OFFICIAL

    @property
    def description(self) -> str:
        return bilingual(self, "description")

    @property
    def conditions(self) -> str:
        return bilingual(self, "conditions")


class SoughtCompetency(models.Model):
    class Importance(models.IntegerChoices):
        HIGH = 3, _("high")
        MEDIUM = 2, _("medium")
        LOW = 1, _("low")

    profile = models.ForeignKey(WorkforceProfile, on_delete=models.CASCADE, related_name="sought")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    importance = models.PositiveSmallIntegerField(
        _("importance"), choices=Importance.choices, default=Importance.MEDIUM
    )
    why_fr = models.CharField(_("why employers seek it (French)"), max_length=300, blank=True)
    why_en = models.CharField(_("why employers seek it (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("sought competency")
        verbose_name_plural = _("sought competencies")
        ordering = ["-importance", "competency__code"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "competency"], name="sought_unique")
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}:{self.competency_id}"

    @property
    def why(self) -> str:
        return bilingual(self, "why")


class SelfEvaluation(models.Model):
    """One pass of the generic-skills questionnaire by a participant."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="self_evaluations"
    )
    framework = models.ForeignKey(
        CompetencyFramework, on_delete=models.PROTECT, related_name="evaluations"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    counsellor_comment = models.TextField(_("counsellor's comment"), blank=True, max_length=5000)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-evaluation")
        verbose_name_plural = _("self-evaluations")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant} {self.started_at:%Y-%m-%d}"


class SelfEvaluationAnswer(models.Model):
    evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    # 1-4 on the framework's scale; 0 means "I don't know".
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(4)]
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indicator"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}"


class CompetencyAnnotation(models.Model):
    """A counsellor's remark on one competency of a self-evaluation."""

    evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="annotations"
    )
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("annotation"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annotation")
        verbose_name_plural = _("annotations")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "competency"], name="annotation_unique")
        ]

    def __str__(self) -> str:
        return self.text[:50]


CEFR_LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]
LANGUAGE_SKILLS = ["listening", "reading", "spoken_interaction", "spoken_production", "writing"]


class LanguageAssessment(models.Model):
    """A person's self-assessment in one language, on the six CEFR levels per skill."""

    level_choices = [(level, level) for level in CEFR_LEVELS]

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="language_assessments"
    )
    language = models.CharField(_("language"), max_length=10)
    is_mother_tongue = models.BooleanField(_("mother tongue"), default=False)
    listening = models.CharField(_("listening"), max_length=2, choices=level_choices, blank=True)
    reading = models.CharField(_("reading"), max_length=2, choices=level_choices, blank=True)
    spoken_interaction = models.CharField(
        _("spoken interaction"), max_length=2, choices=level_choices, blank=True
    )
    spoken_production = models.CharField(
        _("spoken production"), max_length=2, choices=level_choices, blank=True
    )
    writing = models.CharField(_("writing"), max_length=2, choices=level_choices, blank=True)
    canadian_level = models.CharField(_("Canadian level (NCLC/CLB)"), max_length=50, blank=True)
    test_result = models.CharField(_("test result"), max_length=200, blank=True)
    assessed_on = models.DateField(_("date"), default=timezone.localdate)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("language self-assessment")
        verbose_name_plural = _("language self-assessments")
        ordering = ["-is_mother_tongue", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "language"], name="language_assessment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}:{self.language}"
