"""The recognition dossier (RCMO): Qualifications Québec's advisor and the worker prepare it.

A dossier lives in a Qualifications Québec file (the candidate's file, owned by Qualifications
Québec), targets one occupational standard, and moves through phases in one state machine,
from the request to the certificate or attestation (or a closure with its reason). Every move
is an event. The committee only ever sees what was transmitted (`atout.committees`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.models import Organisation, Role
from atout.accounts.scoping import ScopedQuerySet
from atout.common.states import StateMachine
from atout.participants.models import Attachment, Participant, ParticipantChildQuerySet
from atout.referrals.models import IncomeSupport
from atout.standards.models import Competency, Element, Standard

ADVISOR_ROLES = frozenset({Role.RECOGNITION_ADVISOR, Role.ORG_ADMIN})
CLE_ROLES = frozenset({Role.CLE_AGENT})


class DossierQuerySet(ScopedQuerySet):
    scope = {"organisation": ADVISOR_ROLES, "cle": CLE_ROLES}
    # The person sees their dossiers from their Qualifications Québec file's login, or from
    # the login of their file elsewhere once the two are linked with their consent.
    owner_field = "participant__user"
    extra_owner_fields = ("participant__linked_file__user",)


class DossierChildQuerySet(ScopedQuerySet):
    scope = DossierQuerySet.scope
    owner_field = DossierQuerySet.owner_field
    extra_owner_fields = DossierQuerySet.extra_owner_fields
    scope_prefix = "dossier__"


class Phase(models.TextChoices):
    RECEIVED = "received", _("Request received")
    RELEVANCE = "relevance", _("Relevance check")
    INFORMED = "informed", _("Information given")
    PREPARATION = "preparation", _("Analysis and preparation")
    INVENTORY_DONE = "inventory_done", _("Inventory completed")
    SENT = "sent", _("Sent to the committee")
    EVALUATION = "evaluation", _("Under evaluation")
    DECIDED = "decided", _("Decision made")
    CONFIRMED = "confirmed", _("Confirmation sent to the ministry")
    APPLIED = "applied", _("Application made")
    ISSUED = "issued", _("Certificate or attestation issued")
    NOT_RELEVANT = "not_relevant", _("Closed: not relevant")
    WITHDRAWN = "withdrawn", _("Closed: withdrawn")
    REDIRECTED = "redirected", _("Closed: redirected to another route")
    NOT_RECOGNISED = "not_recognised", _("Closed: no competency mastered")
    LAPSED = "lapsed", _("Lapsed")


OPEN_PHASES = (
    Phase.RECEIVED,
    Phase.RELEVANCE,
    Phase.INFORMED,
    Phase.PREPARATION,
    Phase.INVENTORY_DONE,
    Phase.SENT,
    Phase.EVALUATION,
    Phase.DECIDED,
    Phase.CONFIRMED,
    Phase.APPLIED,
)
CLOSED_PHASES = (
    Phase.ISSUED,
    Phase.NOT_RELEVANT,
    Phase.WITHDRAWN,
    Phase.REDIRECTED,
    Phase.NOT_RECOGNISED,
)
# Phases where the dossier waits on the candidate or the advisor (inactivity applies); once
# sent, the committee's silence is followed up by reminders, not lapses.
LAPSABLE_PHASES = (
    Phase.RECEIVED,
    Phase.RELEVANCE,
    Phase.INFORMED,
    Phase.PREPARATION,
    Phase.INVENTORY_DONE,
    Phase.CONFIRMED,
)


def _moves() -> dict[str, frozenset[str]]:
    leave = {Phase.WITHDRAWN, Phase.LAPSED}
    return {
        Phase.RECEIVED: frozenset({Phase.RELEVANCE, *leave}),
        Phase.RELEVANCE: frozenset(
            # Route 3° (Red Seal, out-of-province certificate): no evaluation, apply directly.
            {Phase.INFORMED, Phase.NOT_RELEVANT, Phase.REDIRECTED, Phase.APPLIED, *leave}
        ),
        Phase.INFORMED: frozenset({Phase.PREPARATION, Phase.REDIRECTED, Phase.APPLIED, *leave}),
        Phase.PREPARATION: frozenset({Phase.INVENTORY_DONE, Phase.REDIRECTED, *leave}),
        Phase.INVENTORY_DONE: frozenset({Phase.SENT, Phase.PREPARATION, *leave}),
        # The committee may ask for more: the dossier goes back to preparation and is sent
        # again as a new transmission.
        Phase.SENT: frozenset({Phase.EVALUATION, Phase.PREPARATION, Phase.WITHDRAWN}),
        Phase.EVALUATION: frozenset({Phase.DECIDED, Phase.PREPARATION, Phase.WITHDRAWN}),
        Phase.DECIDED: frozenset({Phase.CONFIRMED, Phase.NOT_RECOGNISED}),
        Phase.CONFIRMED: frozenset({Phase.APPLIED, *leave}),
        Phase.APPLIED: frozenset({Phase.ISSUED}),
        # Reopening a lapsed dossier returns it to where it was (`phase_before_lapse`).
        Phase.LAPSED: frozenset(
            {
                Phase.RECEIVED,
                Phase.RELEVANCE,
                Phase.INFORMED,
                Phase.PREPARATION,
                Phase.INVENTORY_DONE,
                Phase.CONFIRMED,
            }
        ),
    }


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    UNEMPLOYED = "unemployed", _("Not employed")
    OTHER = "other", _("Other")


class Route(models.TextChoices):
    """The legal route to the certificate (Act D-8.3, s. 25.7)."""

    EVALUATION = "evaluation", _("Evaluation by the committee (route 2°)")
    RED_SEAL = "red_seal", _("Red Seal or out-of-province certificate (route 3°)")


class FundingSource(models.TextChoices):
    FDRCMO = "fdrcmo", _("Workforce skills development and recognition fund (FDRCMO)")
    OTHER = "other", _("Other")


class Dossier(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="recognition_dossiers"
    )
    # Qualifications Québec (the file's organisation), kept here for scoping.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="recognition_dossiers",
        limit_choices_to={"kind": Organisation.Kind.QUALIFICATIONS},
        verbose_name=_("organisation"),
    )
    # The CLE that follows the person's income support, if any.
    cle = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="recognition_dossiers_followed",
        limit_choices_to={"kind": Organisation.Kind.CLE},
        null=True,
        blank=True,
        verbose_name=_("CLE"),
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="recognition_dossiers",
        null=True,
        blank=True,
        verbose_name=_("advisor"),
    )
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("occupational standard"),
    )
    level = models.CharField(_("level"), max_length=100, blank=True)
    # The committee of the standard, copied when the dossier is sent (scoping of transmissions).
    committee = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="recognition_dossiers_evaluated",
        limit_choices_to={"kind": Organisation.Kind.COMMITTEE},
        null=True,
        blank=True,
        verbose_name=_("sectoral committee"),
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.RECEIVED
    )
    phase_changed_at = models.DateTimeField(_("phase since"), default=timezone.now)
    phase_before_lapse = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    route = models.CharField(
        _("route"), max_length=20, choices=Route.choices, default=Route.EVALUATION
    )

    # Intake.
    employment_status = models.CharField(
        _("employment status"), max_length=20, choices=EmploymentStatus.choices
    )
    years_in_trade = models.DecimalField(
        _("years of experience in the trade"), max_digits=4, decimal_places=1, default=0
    )
    paid_experience = models.BooleanField(_("paid experience"), default=True)
    unpaid_experience = models.BooleanField(_("unpaid experience"), default=False)
    experience_summary = models.TextField(_("experience in the trade"), max_length=5000, blank=True)
    # The competencies were never recognised before (otherwise the dossier is redirected).
    never_recognised = models.BooleanField(_("competencies never recognised before"), default=False)
    income_support = models.CharField(
        _("income support"), max_length=25, choices=IncomeSupport.choices, blank=True
    )
    income_support_recorded_at = models.DateTimeField(null=True, blank=True)
    income_support_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    funding_source = models.CharField(
        _("funding"), max_length=20, choices=FundingSource.choices, default=FundingSource.FDRCMO
    )

    # Relevance check.
    holds_red_seal = models.BooleanField(
        _("holds a Red Seal or out-of-province certificate"), default=False
    )
    relevance_notes = models.TextField(_("relevance: reasons"), max_length=5000, blank=True)
    # Closure (not relevant, withdrawn, redirected, no competency mastered) or reopening.
    closure_reason = models.TextField(_("reason"), max_length=3000, blank=True)
    redirected_to = models.CharField(_("redirected to"), max_length=200, blank=True)

    # Inactivity: the last thing done on the dossier, and when we asked if it is still active.
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    activity_check_sent_at = models.DateTimeField(null=True, blank=True)

    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DossierQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    MACHINE = StateMachine(moves=_moves(), labels=dict(Phase.choices))

    class Meta:
        verbose_name = _("recognition dossier")
        verbose_name_plural = _("recognition dossiers")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "phase"], name="dossier_org_phase"),
            models.Index(fields=["committee", "phase"], name="dossier_committee_phase"),
            models.Index(fields=["phase", "last_activity_at"], name="dossier_phase_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.standard}"

    @property
    def is_open(self) -> bool:
        return self.phase in OPEN_PHASES


class DossierEvent(models.Model):
    """A phase change (or a reopening), with who made it and why."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    note = models.TextField(max_length=3000, blank=True)

    objects = DossierChildQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["to_phase", "at"], name="dossier_event_phase_at")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_phase} → {self.to_phase}"


class Meeting(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="meetings")
    held_at = models.DateTimeField(_("date and time"))
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = DossierChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.held_at:%Y-%m-%d %H:%M}"


class AnalysedDocument(models.Model):
    """A CV, portfolio or transcript of the person, analysed against the standard."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    attachment = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, related_name="recognition_analyses"
    )
    notes = models.TextField(_("analysis"), max_length=5000, blank=True)
    competencies = models.ManyToManyField(
        Competency, blank=True, related_name="+", verbose_name=_("competencies it supports")
    )
    # Selected for the package sent to the committee.
    include_in_package = models.BooleanField(_("send to the committee"), default=True)
    analysed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    analysed_at = models.DateTimeField(default=timezone.now)

    objects = DossierChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("analysed document")
        verbose_name_plural = _("analysed documents")
        ordering = ["analysed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "attachment"], name="analysed_document_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.attachment_id}"


class EvidenceUse(models.Model):
    """An achievement of the person's evidence base supporting one competency of the standard.

    The achievement may sit in the person's passport file elsewhere, read only while the
    files are linked with their consent."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence_uses")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    achievement = models.ForeignKey(
        "evidence.Achievement", on_delete=models.CASCADE, related_name="recognition_uses"
    )
    note = models.TextField(_("how it shows the competency"), max_length=2000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    objects = DossierChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["competency__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "competency", "achievement"], name="evidence_use_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.competency_id} ← {self.achievement_id}"


class Mastery(models.TextChoices):
    MASTERED = "mastered", _("Mastered")
    PARTLY = "partly", _("Partly mastered")
    NOT_MASTERED = "not_mastered", _("Not mastered")


class InventoryEntry(models.Model):
    """One line of the competency inventory grid: a competency, or one of its elements."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="inventory")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    element = models.ForeignKey(
        Element, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    self_assessment = models.CharField(
        _("self-assessment"), max_length=20, choices=Mastery.choices, blank=True
    )
    experience = models.TextField(_("experience"), max_length=3000, blank=True)
    proof = models.TextField(_("proof"), max_length=3000, blank=True)
    advisor_comment = models.TextField(_("advisor's comment"), max_length=3000, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DossierChildQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("inventory line")
        verbose_name_plural = _("inventory lines")
        ordering = ["competency__number", "element__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "competency", "element"], name="inventory_unique_element"
            ),
            models.UniqueConstraint(
                fields=["dossier", "competency"],
                condition=models.Q(element__isnull=True),
                name="inventory_unique_competency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.competency_id}/{self.element_id}"


class LinkRequest(models.Model):
    """Qualifications Québec asks to link its file to the person's file elsewhere.

    The advisor never searches other organisations' files: they type the e-mail the person
    logs in with, and the person answers from their own account. Until then nothing links,
    and the advisor learns nothing about whether such a file exists."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="link_requests"
    )
    email = models.EmailField(_("e-mail"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(null=True, blank=True)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("file link request")
        verbose_name_plural = _("file link requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.email}"
