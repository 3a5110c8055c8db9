"""Occupational standards (normes professionnelles): the reference a committee evaluates against.

A standard belongs to a sectoral workforce committee (CSMO) and breaks down into competencies
(essential or complementary), elements of competency and performance criteria. What we do
not know of an official standard is marked "to be completed by the committee", never invented.
Standards are public information: the catalogue is read without logging in.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.models import Organisation


class Standard(models.Model):
    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        BEING_REVISED = "being_revised", _("Being revised")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title_fr = models.CharField(_("trade (French)"), max_length=200)
    title_en = models.CharField(_("trade (English)"), max_length=200, blank=True)
    noc_code = models.CharField(_("NOC 2021 code"), max_length=5, blank=True, db_index=True)
    committee = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="standards",
        limit_choices_to={"kind": Organisation.Kind.COMMITTEE},
        verbose_name=_("sectoral committee"),
    )
    version_label = models.CharField(_("version"), max_length=50, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    # "Level 1: assembly kitchens; level 2: transformation kitchens" where the standard has levels.
    levels = models.TextField(_("levels"), max_length=2000, blank=True)
    levels_en = models.TextField(_("levels (English)"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )
    recognition_conditions = models.TextField(
        _("recognition conditions"), max_length=5000, blank=True
    )
    recognition_conditions_en = models.TextField(
        _("recognition conditions (English)"), max_length=5000, blank=True
    )
    fees = models.TextField(_("fees"), max_length=1000, blank=True)
    fees_en = models.TextField(_("fees (English)"), max_length=1000, blank=True)
    # The procedure information sheet shown to candidates (plain text, paragraphs).
    procedure_sheet_fr = models.TextField(
        _("procedure sheet (French)"), max_length=10000, blank=True
    )
    procedure_sheet_en = models.TextField(
        _("procedure sheet (English)"), max_length=10000, blank=True
    )
    # True when the content is official, as approved; False marks a partial transcription.
    is_complete = models.BooleanField(_("content complete"), default=False)
    published = models.BooleanField(_("shown in the public catalogue"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("occupational standard")
        verbose_name_plural = _("occupational standards")
        ordering = ["title_fr", "pk"]

    def __str__(self) -> str:
        return self.title_fr

    def title(self, lang: str) -> str:
        return self.title_en if lang.startswith("en") and self.title_en else self.title_fr

    def text(self, name: str, lang: str) -> str:
        """A text field in the reader's language: the English one if asked and filled."""
        english = getattr(self, f"{name}_en", "") if lang.startswith("en") else ""
        return english or getattr(self, name)


class Competency(models.Model):
    class Kind(models.TextChoices):
        ESSENTIAL = "essential", _("Essential")
        COMPLEMENTARY = "complementary", _("Complementary")

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="competencies")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ESSENTIAL)
    title_fr = models.CharField(_("competency (French)"), max_length=300)
    title_en = models.CharField(_("competency (English)"), max_length=300, blank=True)
    # Elements and criteria the committee has not yet given us.
    to_be_completed = models.BooleanField(_("to be completed by the committee"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competency of a standard")
        verbose_name_plural = _("competencies of a standard")
        ordering = ["standard", "number"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="competency_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title_fr}"

    def title(self, lang: str) -> str:
        return self.title_en if lang.startswith("en") and self.title_en else self.title_fr


class Element(models.Model):
    """An element of competency."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="elements")
    number = models.PositiveSmallIntegerField(_("number"))
    title_fr = models.CharField(_("element (French)"), max_length=300)
    title_en = models.CharField(_("element (English)"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("element of competency")
        verbose_name_plural = _("elements of competency")
        ordering = ["competency", "number"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "number"], name="element_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.competency.number}.{self.number} {self.title_fr}"


class Criterion(models.Model):
    """A performance criterion of an element."""

    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="criteria")
    number = models.PositiveSmallIntegerField(_("number"))
    text_fr = models.CharField(_("criterion (French)"), max_length=500)
    text_en = models.CharField(_("criterion (English)"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("performance criterion")
        verbose_name_plural = _("performance criteria")
        ordering = ["element", "number"]
        constraints = [
            models.UniqueConstraint(fields=["element", "number"], name="criterion_unique_number")
        ]

    def __str__(self) -> str:
        return self.text_fr


class OtherRoute(models.Model):
    """For a trade with no standard in Atout: the recognition route that applies instead."""

    class Kind(models.TextChoices):
        PROFESSIONAL_ORDER = "professional_order", _("Professional order")
        SCHOOL = "school", _("School recognition (RAC)")
        RED_SEAL = "red_seal", _("Red Seal")
        MANDATORY_QUALIFICATION = "mandatory", _("Mandatory qualification certificate")
        OTHER = "other", _("Other")

    trade_fr = models.CharField(_("trade (French)"), max_length=200)
    trade_en = models.CharField(_("trade (English)"), max_length=200, blank=True)
    noc_code = models.CharField(_("NOC 2021 code"), max_length=5, blank=True, db_index=True)
    kind = models.CharField(_("route"), max_length=20, choices=Kind.choices)
    body = models.CharField(_("body to contact"), max_length=200)
    explanation_fr = models.TextField(_("explanation (French)"), max_length=3000, blank=True)
    explanation_en = models.TextField(_("explanation (English)"), max_length=3000, blank=True)
    url = models.URLField(_("web page"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other recognition route")
        verbose_name_plural = _("other recognition routes")
        ordering = ["trade_fr", "pk"]

    def __str__(self) -> str:
        return f"{self.trade_fr} – {self.get_kind_display()}"
