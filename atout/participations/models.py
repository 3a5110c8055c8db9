"""A person's participation in the Passeport-emploi service, from referral to feedback.

A participation starts from an accepted service request, or from the organisation itself
under a service agreement (no request). It is followed by the serving organisation and by
the CLE that receives the feedback report: the referring CLE, or the CLE of the person's
territory. The CLE sees status, dates, attendance and documents produced; never the
counsellor's activity notes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.models import Organisation
from atout.accounts.scoping import ScopedQuerySet
from atout.common.states import StateMachine
from atout.participants.models import Participant
from atout.referrals.models import (
    CLE_ROLES,
    ORGANISATION_ROLES,
    EntryRoute,
    IncomeSupport,
    ServiceAgreement,
    ServiceRequest,
)


class ParticipationQuerySet(ScopedQuerySet):
    scope = {"organisation": ORGANISATION_ROLES, "cle": CLE_ROLES}
    owner_field = "participant__user"


class ParticipationChildQuerySet(ScopedQuerySet):
    scope = ParticipationQuerySet.scope
    owner_field = ParticipationQuerySet.owner_field
    scope_prefix = "participation__"


class Tool(models.TextChoices):
    """The tool the organisation chose for a person served under an agreement."""

    PASSPORT = "passport", _("Passeport-emploi")
    CV = "cv", _("CV")
    PORTFOLIO = "portfolio", _("Portfolio")


class Outcome(models.TextChoices):
    JOB = "job", _("Found a job")
    TRAINING = "training", _("Started training")
    JOB_SEARCH = "job_search", _("Continuing the job search")
    OTHER = "other", _("Other")


class Participation(models.Model):
    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        PASSPORT_PRODUCED = "passport_produced", _("Passport produced")
        COMPLETED = "completed", _("Completed")
        ABANDONED = "abandoned", _("Abandoned")
        INTERRUPTED = "interrupted", _("Interrupted")

    ENDED = (Status.COMPLETED, Status.ABANDONED, Status.INTERRUPTED)

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    # The CLE that follows the participation and receives the feedback report.
    cle = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="participations_followed",
        limit_choices_to={"kind": Organisation.Kind.CLE},
        verbose_name=_("CLE"),
    )
    request = models.OneToOneField(
        ServiceRequest,
        on_delete=models.PROTECT,
        related_name="participation",
        null=True,
        blank=True,
        verbose_name=_("service request"),
    )
    # Every participation falls under an agreement: the request's, or the one the
    # organisation chose when it offered the passport itself.
    agreement = models.ForeignKey(
        ServiceAgreement,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("service agreement"),
    )
    entry_route = models.CharField(_("entry route"), max_length=20, choices=EntryRoute.choices)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("counsellor"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REFERRED
    )
    end_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    first_meeting_at = models.DateTimeField(_("first meeting"), null=True, blank=True)
    # Mobilisation: when the steps of the process were presented to the person.
    steps_presented_on = models.DateField(_("steps presented on"), null=True, blank=True)
    tool = models.CharField(
        _("tool chosen"), max_length=20, choices=Tool.choices, default=Tool.PASSPORT
    )
    tool_reason = models.TextField(_("why this tool"), max_length=1000, blank=True)
    # The income-support status as the CLE last decided it.
    income_support = models.CharField(
        _("income support"), max_length=25, choices=IncomeSupport.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    MACHINE = StateMachine(
        moves={
            Status.REFERRED: frozenset({Status.ACCEPTED, Status.ABANDONED}),
            Status.ACCEPTED: frozenset({Status.IN_PROGRESS, Status.ABANDONED, Status.INTERRUPTED}),
            Status.IN_PROGRESS: frozenset(
                {Status.PASSPORT_PRODUCED, Status.COMPLETED, Status.ABANDONED, Status.INTERRUPTED}
            ),
            Status.PASSPORT_PRODUCED: frozenset(
                {Status.COMPLETED, Status.ABANDONED, Status.INTERRUPTED}
            ),
        },
        labels=dict(Status.choices),
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["cle", "status"], name="participation_cle_status"),
            models.Index(fields=["organisation", "status"], name="participation_org_status"),
            models.Index(fields=["cle", "created_at"], name="participation_cle_created"),
            models.Index(fields=["agreement"], name="participation_agreement"),
        ]
        constraints = [
            # One open participation per file at a time.
            models.UniqueConstraint(
                fields=["participant"],
                condition=~Q(status__in=["completed", "abandoned", "interrupted"]),
                name="participation_one_open_per_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} ({self.get_status_display()})"

    @property
    def is_ended(self) -> bool:
        return self.status in self.ENDED


class ParticipationEvent(models.Model):
    """One status change: who, when, from what to what, and why."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=20, choices=Participation.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Participation.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.participation_id}: {self.from_status} → {self.to_status}"


class Activity(models.Model):
    """A meeting or activity logged by the counsellor. The note stays with the organisation."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual meeting")
        GROUP = "group", _("Group activity")
        PHONE = "phone", _("Phone or video call")
        WORKSHOP = "workshop", _("Workshop")
        OTHER = "other", _("Other")

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("duration (minutes)"))
    attended = models.BooleanField(_("the person attended"), default=True)
    note = models.CharField(_("short note"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipationChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=1440), name="activity_minutes_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class CleNote(models.Model):
    """The CLE agent's own follow-up: an income-support decision or a note."""

    class Kind(models.TextChoices):
        INCOME_SUPPORT = "income_support", _("Income-support decision")
        FOLLOW_UP = "follow_up", _("Follow-up note")

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="cle_notes"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    income_support = models.CharField(
        _("income support"), max_length=25, choices=IncomeSupport.choices, blank=True
    )
    text = models.TextField(_("note"), max_length=2000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ParticipationChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("CLE follow-up")
        verbose_name_plural = _("CLE follow-ups")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.participation_id}: {self.kind}"


class FeedbackReport(models.Model):
    """The rétroinformation the organisation sends to the CLE when the passport is done or the
    participation ends. Prefilled from the record; the counsellor edits, sends; the CLE
    acknowledges. What was sent is frozen in `sent_content` so the PDF never changes.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")

    participation = models.OneToOneField(
        Participation, on_delete=models.CASCADE, related_name="feedback"
    )
    service_given = models.TextField(_("service given"), max_length=3000, blank=True)
    appropriation = models.TextField(
        _("the person's appropriation of the passport"), max_length=3000, blank=True
    )
    next_steps = models.TextField(_("next steps recommended"), max_length=3000, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_detail = models.CharField(_("outcome details"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    sent_content = models.JSONField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipationChildQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "sent_content"])

    MACHINE = StateMachine(
        moves={
            Status.DRAFT: frozenset({Status.SENT}),
            Status.SENT: frozenset({Status.ACKNOWLEDGED}),
        },
        labels=dict(Status.choices),
    )

    class Meta:
        verbose_name = _("feedback report")
        verbose_name_plural = _("feedback reports")
        indexes = [models.Index(fields=["status"], name="feedback_status")]

    def __str__(self) -> str:
        return f"{self.participation_id}: {self.get_status_display()}"
