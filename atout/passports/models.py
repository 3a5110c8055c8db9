"""The Passeport-emploi: a living draft, its key competencies with their evidence, and
frozen versions that can be reprinted identically."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.competencies.models import Competency, WorkforceProfile
from atout.evidence.models import Achievement
from atout.participants.models import (
    ContactField,
    Participant,
    ParticipantChildQuerySet,
)

BUILTIN_LOGOS = [
    ("", _("No logo")),
    ("star", _("Star")),
    ("hands", _("Helping hands")),
    ("gear", _("Gear")),
    ("leaf", _("Leaf")),
    ("cart", _("Shopping cart")),
    ("truck", _("Truck")),
    ("pot", _("Cooking pot")),
    ("heart", _("Heart")),
]


class PassportQuerySet(ParticipantChildQuerySet):
    def for_document(self) -> PassportQuerySet:
        """What the printed passport reads (`passport_content`), in as few queries as it can.

        The file and its referring CLE joined; its consents, the key competencies with their
        competency and their evidence with the achievement prefetched, each in print order
        (position, pk), so building the content neither re-sorts nor queries again, however
        many competencies and evidence rows there are.
        """
        evidence = KeyCompetencyEvidence.objects.select_related("achievement").order_by(
            "position", "pk"
        )
        competencies = (
            KeyCompetency.objects.select_related("competency")
            .order_by("position", "pk")
            .prefetch_related(models.Prefetch("evidence", queryset=evidence))
        )
        return self.select_related("participant", "participant__referring_cle").prefetch_related(
            "participant__consents",
            models.Prefetch("key_competencies", queryset=competencies),
        )


def logo_path(instance: Passport, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"passports/{instance.participant_id}/logo-{uuid.uuid4().hex}{suffix}"


class Passport(models.Model):
    """One person's passport being built; approving or printing freezes a version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        READY = "ready", _("Ready for review")
        APPROVED = "approved", _("Approved")
        PRINTED = "printed", _("Printed")
        # A consent was withdrawn after approval: the frozen versions that showed the detail
        # were withdrawn and the participant approves the passport again.
        REAPPROVAL = "reapproval", _("Needs approval again")

    class Languages(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        BOTH = "both", _("French and English")

    class ObjectiveKind(models.TextChoices):
        PRECISE = "precise", _("A precise job")
        BROAD = "broad", _("A field or sector")

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="passport"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="draft")
    languages = models.CharField(
        _("passport written in"), max_length=4, choices=Languages.choices, default="fr"
    )
    given_names = models.CharField(_("given names as printed"), max_length=150, blank=True)
    family_name = models.CharField(_("family name as printed"), max_length=150, blank=True)
    logo = models.FileField(upload_to=logo_path, max_length=200, blank=True)
    logo_builtin = models.CharField(
        _("logo"), max_length=20, choices=BUILTIN_LOGOS, blank=True, default=""
    )
    objective_kind = models.CharField(
        _("kind of objective"), max_length=10, choices=ObjectiveKind.choices, default="precise"
    )
    objective_fr = models.TextField(_("objective (French)"), blank=True, max_length=1200)
    objective_en = models.TextField(_("objective (English)"), blank=True, max_length=1200)
    # What a business card has room for: the job in a few words.
    objective_short_fr = models.CharField(
        _("objective in a few words (French)"), max_length=80, blank=True
    )
    objective_short_en = models.CharField(
        _("objective in a few words (English)"), max_length=80, blank=True
    )
    workforce_profile = models.ForeignKey(
        WorkforceProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target workforce profile"),
    )
    signature = models.BooleanField(_("add a signature line"), default=False)
    languages_fr = models.CharField(_("languages (French)"), max_length=300, blank=True)
    languages_en = models.CharField(_("languages (English)"), max_length=300, blank=True)
    software_fr = models.CharField(_("software (French)"), max_length=300, blank=True)
    software_en = models.CharField(_("software (English)"), max_length=300, blank=True)
    equipment_fr = models.CharField(_("equipment (French)"), max_length=300, blank=True)
    equipment_en = models.CharField(_("equipment (English)"), max_length=300, blank=True)
    # The measures an employer can use, with the CLE's letter, are the CLE's to record
    # (atout.measures); the passport freezes the current ones on approval.
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_in_person = models.BooleanField(default=False)
    # Contact details whose employer consent was withdrawn since the last approval.
    reapproval_fields = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Who saved last: your own autosave racing your own "Save" is not a conflict.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)

    objects = PassportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("passport")
        verbose_name_plural = _("passports")

    def __str__(self) -> str:
        return f"{self.participant} ({self.get_status_display()})"

    @property
    def reapproval_details(self) -> list[str]:
        """The contact details whose withdrawn consent sent the passport back for approval."""
        labels = dict(ContactField.choices)
        return [str(labels.get(field, field)) for field in self.reapproval_fields]


class KeyCompetency(models.Model):
    """A competency chosen for the objective, with the link to what employers seek."""

    passport = models.ForeignKey(
        Passport, on_delete=models.CASCADE, related_name="key_competencies"
    )
    position = models.PositiveIntegerField(default=0)
    competency = models.ForeignKey(
        Competency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title_fr = models.CharField(_("competency (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("competency (English)"), max_length=200, blank=True)
    link_fr = models.TextField(
        _("link with the profile sought (French)"), blank=True, max_length=1500
    )
    link_en = models.TextField(
        _("link with the profile sought (English)"), blank=True, max_length=1500
    )
    achievements = models.ManyToManyField(
        Achievement, through="KeyCompetencyEvidence", related_name="key_competencies"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key competency")
        verbose_name_plural = _("key competencies")
        ordering = ["passport", "position", "pk"]

    def __str__(self) -> str:
        return self.title_fr or self.title_en


class KeyCompetencyEvidence(models.Model):
    key_competency = models.ForeignKey(
        KeyCompetency, on_delete=models.CASCADE, related_name="evidence"
    )
    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["key_competency", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_competency", "achievement"], name="key_competency_evidence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key_competency_id}:{self.achievement_id}"


class PassportVersion(models.Model):
    """A frozen passport: the exact content printed, and the documents made from it."""

    class Reason(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PRINTED = "printed", _("Printed")

    class DocumentsStatus(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="versions")
    # Denormalised so the version is scoped like every other piece of the file.
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="passport_versions"
    )
    number = models.PositiveIntegerField()
    reason = models.CharField(max_length=10, choices=Reason.choices)
    content = models.JSONField()
    logo = models.FileField(upload_to=logo_path, max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The PDFs are rendered after the approval commits, by the worker.
    documents_status = models.CharField(
        max_length=10, choices=DocumentsStatus.choices, default=DocumentsStatus.READY
    )
    documents_error = models.TextField(blank=True)
    documents_attempts = models.PositiveSmallIntegerField(default=0)
    # Withdrawn when a consent it relied on was withdrawn: never printed or served again.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_fields = models.JSONField(default=list, blank=True)

    objects = ParticipantChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("passport version")
        verbose_name_plural = _("passport versions")
        ordering = ["passport", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["passport", "number"], name="passport_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.passport_id} v{self.number}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def withdrawn_details(self) -> list[str]:
        labels = dict(ContactField.choices)
        return [str(labels.get(field, field)) for field in self.withdrawn_fields]

    @property
    def can_be_served(self) -> bool:
        """Only a version whose documents are ready and whose consents still hold is served."""
        return self.withdrawn_at is None and self.documents_status == self.DocumentsStatus.READY


def document_path(instance: PassportDocument, filename: str) -> str:
    return f"passports/{instance.version.participant_id}/v{instance.version.number}/{filename}"


class PassportDocument(models.Model):
    """A PDF made when the version was frozen: reprints give exactly these bytes."""

    version = models.ForeignKey(PassportVersion, on_delete=models.CASCADE, related_name="documents")
    variant = models.CharField(max_length=10)  # "colour" or "copy"
    lang = models.CharField(max_length=2)
    file = models.FileField(upload_to=document_path, max_length=200)
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("passport document")
        verbose_name_plural = _("passport documents")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "variant", "lang"], name="passport_document_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name
