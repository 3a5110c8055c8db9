"""What Qualifications Québec sends a sectoral committee, and how the committee evaluates it.

A transmission freezes the dossier package as it was sent (identity summary, inventory grid,
selected documents, the person's consent to transmit); each new sending is a new numbered
transmission. The committee's evaluators see transmissions to their committee only, never
the live dossier, and evaluate each competency of the standard before deciding.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.models import Organisation, Role
from atout.accounts.scoping import ScopedQuerySet
from atout.participants.models import Attachment, Participant
from atout.recognition.models import Dossier
from atout.standards.models import Competency

EVALUATOR_ROLES = frozenset({Role.COMMITTEE_EVALUATOR})
ADVISOR_ROLES = frozenset({Role.RECOGNITION_ADVISOR, Role.ORG_ADMIN})


class TransmissionQuerySet(ScopedQuerySet):
    scope = {"committee": EVALUATOR_ROLES, "organisation": ADVISOR_ROLES}


class TransmissionChildQuerySet(ScopedQuerySet):
    scope = TransmissionQuerySet.scope
    scope_prefix = "transmission__"


class Transmission(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Received by the committee")
        UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
        RETURNED = "returned", _("Returned for more information")
        DECIDED = "decided", _("Decided")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="transmissions")
    # The Qualifications Québec file (the access log names the file whose data was read).
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="recognition_transmissions"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="transmissions_sent"
    )
    committee = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="transmissions_received",
        limit_choices_to={"kind": Organisation.Kind.COMMITTEE},
    )
    number = models.PositiveSmallIntegerField(_("transmission number"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SENT
    )
    # The package as sent: what the committee reads. Never edited after sending.
    package = models.JSONField(default=dict)
    documents = models.ManyToManyField(Attachment, blank=True, related_name="+")
    consent_to_transmit_at = models.DateTimeField(_("consent to transmit recorded on"))
    sent_at = models.DateTimeField(_("sent on"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received on"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why the committee returned it, when it asks for more.
    return_reason = models.TextField(_("reason"), max_length=3000, blank=True)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = TransmissionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("transmission to the committee")
        verbose_name_plural = _("transmissions to the committee")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="transmission_unique_number")
        ]
        indexes = [models.Index(fields=["committee", "status"], name="transmission_committee")]

    def __str__(self) -> str:
        return f"{self.dossier} #{self.number}"


class FollowUpNote(models.Model):
    """An administrative follow-up note on a transmission (a call to the committee, a reply)."""

    transmission = models.ForeignKey(
        Transmission, on_delete=models.CASCADE, related_name="follow_up_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(_("note"), max_length=3000)

    objects = TransmissionChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.transmission_id}: {self.written_at:%Y-%m-%d}"


class Result(models.TextChoices):
    MASTERED = "mastered", _("Mastered")
    NOT_MASTERED = "not_mastered", _("Not mastered")
    TO_COMPLETE = "to_complete", _("To be completed")


class Method(models.TextChoices):
    DOCUMENT_REVIEW = "document_review", _("Document review")
    INTERVIEW = "interview", _("Interview")
    WORKPLACE_OBSERVATION = "workplace_observation", _("Workplace observation")
    PRACTICAL_TEST = "practical_test", _("Practical test")


class CompetencyEvaluation(models.Model):
    transmission = models.ForeignKey(
        Transmission, on_delete=models.CASCADE, related_name="evaluations"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("evaluation method"), max_length=30, choices=Method.choices)
    evaluated_on = models.DateField(_("date"))
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    comments = models.TextField(_("comments"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = TransmissionChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competency evaluation")
        verbose_name_plural = _("competency evaluations")
        ordering = ["competency__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["transmission", "competency"], name="evaluation_unique_competency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency} = {self.result}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        # All competencies mastered: the committee confirms; the CQP follows (route 2°).
        FULL = "full", _("All competencies mastered: certificate recommended")
        # Some: an attestation for those, with the gaps and where to learn the rest.
        PARTIAL = "partial", _("Some competencies mastered: attestation")
        NONE = "none", _("No competency mastered")

    transmission = models.OneToOneField(
        Transmission, on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    explanation = models.TextField(_("explanation"), max_length=5000, blank=True)
    gaps = models.TextField(_("competencies still to acquire"), max_length=5000, blank=True)
    # Training or the workplace apprenticeship programme (PAMT) for the rest.
    pointers = models.TextField(_("where to acquire them"), max_length=5000, blank=True)
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The confirmation letter to the ministry, frozen when sent.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmation = models.JSONField(default=dict, blank=True)

    objects = TransmissionChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")

    def __str__(self) -> str:
        return f"{self.transmission_id}: {self.outcome}"
