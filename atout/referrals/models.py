"""The CLE's side of the Passeport-emploi: partner agreements and service requests.

A CLE refers a person to an employability organisation with which it holds a current
service agreement. The request carries what the agent knows of the person (identity,
contact, objective, eligibility, the employability assessment); the participant file is
linked when the agent matches one the CLE already referred, or when the organisation accepts
and creates or matches the file in its own caseload. An organisation sees a request
addressed to it until it declines it (or the CLE withdraws it): then the details are gone
from its side. A redirect is a new request to another organisation, tied to the declined one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.models import Organisation, Role
from atout.accounts.scoping import ScopedQuerySet, organisation_ids
from atout.common.states import StateMachine

ORGANISATION_ROLES = frozenset({Role.ORG_ADMIN, Role.COUNSELLOR})
CLE_ROLES = frozenset({Role.CLE_AGENT})


class Measure(models.TextChoices):
    """The employment-service measure an agreement (and so a participation) falls under."""

    SAE = "sae", _("Employment assistance services (SAE)")
    DEMARCHEURS = "demarcheurs", _("Démarcheurs d'emploi (SAE)")
    PPE = "ppe", _("Employment preparation project (PPE)")
    MFOR = "mfor", _("Training measure (MFOR) coordination")


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user) -> AgreementQuerySet:
        """Agreements the user's CLE signed or the user's organisation holds (no personal data)."""
        cles = organisation_ids(user, CLE_ROLES)
        orgs = organisation_ids(user, ORGANISATION_ROLES)
        return self.filter(Q(cle__in=cles) | Q(organisation__in=orgs))

    def current(self, on=None) -> AgreementQuerySet:
        day = on or timezone.localdate()
        return self.filter(is_active=True, starts_on__lte=day, ends_on__gte=day)


class ServiceAgreement(models.Model):
    """A CLE's agreement with a partner organisation: measure, period, planned participants."""

    cle = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements_signed",
        limit_choices_to={"kind": Organisation.Kind.CLE},
        verbose_name=_("CLE"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        limit_choices_to={"kind": Organisation.Kind.EMPLOYABILITY},
        verbose_name=_("partner organisation"),
    )
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    reference = models.CharField(_("agreement number"), max_length=50, blank=True)
    starts_on = models.DateField(_("start of the period"))
    ends_on = models.DateField(_("end of the period"))
    planned_participants = models.PositiveIntegerField(_("planned number of participants"))
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service agreement")
        verbose_name_plural = _("service agreements")
        ordering = ["organisation__name", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="agreement_period_order"
            )
        ]
        indexes = [models.Index(fields=["cle", "organisation"], name="agreement_cle_org")]

    def __str__(self) -> str:
        period = f"{self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"
        return f"{self.organisation} — {self.get_measure_display()} ({period})"


class EntryRoute(models.TextChoices):
    """How the person came to the passport (reported on by the CLE)."""

    INDIVIDUAL_PATHWAY = "individual_pathway", _("Individual pathway with an agent")
    MULTISERVICE_ROOM = "multiservice_room", _("Multiservice room")
    OWN_REQUEST = "own_request", _("The person's own request")
    ORGANISATION = "organisation", _("Started by the organisation")


class ObjectiveKind(models.TextChoices):
    PRECISE = "precise", _("A precise job")
    BROAD = "broad", _("A field, a sector or a kind of workplace")


class PassportReason(models.TextChoices):
    """Why the passport is the right answer for this person."""

    LITTLE_EXPERIENCE = "little_experience", _("Little or no experience to show")
    UNRELATED_JOBS = "unrelated_jobs", _("Many jobs that look unrelated to the objective")
    HIDDEN_TRANSFER = "hidden_transfer", _("Real skills whose transfer is not obvious")
    OTHER = "other", _("Other")


class IncomeSupport(models.TextChoices):
    LAST_RESORT = "last_resort", _("Last-resort financial assistance")
    EMPLOYMENT_INSURANCE = "employment_insurance", _("Employment insurance")
    NONE = "none", _("No public income support")
    OTHER = "other", _("Other")


class ServiceRequestQuerySet(ScopedQuerySet):
    # The CLE sees its requests; the organisation sees those addressed to it, except the ones
    # it declined or that were withdrawn before it accepted (see visible_to).
    scope = {"cle": CLE_ROLES, "organisation": ORGANISATION_ROLES}
    # A CLE's role shows every one of its requests; an organisation's does not (below).
    narrowed_through = frozenset({"organisation"})

    def visible_to(self, user) -> ServiceRequestQuerySet:
        scoped = super().visible_to(user)
        orgs = organisation_ids(user, ORGANISATION_ROLES)
        if not orgs:
            return scoped
        cles = organisation_ids(user, CLE_ROLES)
        hidden = Q(organisation__in=orgs) & Q(status__in=ServiceRequest.HIDDEN_FROM_ORGANISATION)
        return scoped.exclude(hidden & ~Q(cle__in=cles))


class ServiceRequest(models.Model):
    """A CLE's demande de service to an employability organisation for one person."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    HIDDEN_FROM_ORGANISATION = (Status.DRAFT, Status.DECLINED, Status.WITHDRAWN)

    cle = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="requests_sent",
        limit_choices_to={"kind": Organisation.Kind.CLE},
        verbose_name=_("CLE"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("CLE agent"),
    )
    agreement = models.ForeignKey(
        ServiceAgreement,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("service agreement"),
    )
    # The agreement's organisation, kept on the row for scoping and reporting.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="requests_received",
        limit_choices_to={"kind": Organisation.Kind.EMPLOYABILITY},
        verbose_name=_("receiving organisation"),
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        related_name="service_requests",
        null=True,
        blank=True,
        verbose_name=_("participant file"),
    )
    # A redirect after a decline: the new request points at the declined one.
    redirected_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        related_name="redirected_to",
        null=True,
        blank=True,
        verbose_name=_("redirected from"),
    )

    # Identity and contact, as the agent took them.
    given_names = models.CharField(_("given names"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("fr", _("French")), ("en", _("English"))],
        default="fr",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)

    objective_kind = models.CharField(
        _("kind of objective"), max_length=10, choices=ObjectiveKind.choices
    )
    objective = models.CharField(_("professional objective"), max_length=300)

    # Eligibility checklist (DOMAIN.md, "Who is eligible").
    in_public_measures = models.BooleanField(
        _(
            "takes part in the public employment service's measures and asked for the service, "
            "or joined Démarcheurs d'emploi"
        ),
        default=False,
    )
    without_job = models.BooleanField(_("without a job"), default=False)
    ready_to_search = models.BooleanField(_("ready to start a job search"), default=False)
    has_objective = models.BooleanField(_("has a professional objective"), default=False)
    # An ineligible person is referred only with a recorded reason.
    eligibility_override = models.TextField(
        _("reason for referring despite the checklist"), max_length=1000, blank=True
    )

    # Employability assessment: a short finding for each of the four domains.
    assessment_career_choice = models.TextField(_("career choice"), max_length=1500, blank=True)
    assessment_skills = models.TextField(_("skills acquisition"), max_length=1500, blank=True)
    assessment_job_search = models.TextField(_("job search"), max_length=1500, blank=True)
    assessment_integration = models.TextField(
        _("getting and keeping a job"), max_length=1500, blank=True
    )

    reason = models.CharField(
        _("why the passport fits"), max_length=20, choices=PassportReason.choices
    )
    reason_other = models.CharField(_("other reason"), max_length=300, blank=True)
    income_support = models.CharField(
        _("income support"), max_length=25, choices=IncomeSupport.choices
    )
    entry_route = models.CharField(
        _("entry route"),
        max_length=20,
        choices=[c for c in EntryRoute.choices if c[0] != EntryRoute.ORGANISATION],
    )
    expected_start = models.DateField(_("expected start"))
    expected_end = models.DateField(_("expected end"))
    notes_for_organisation = models.TextField(
        _("notes for the organisation"), max_length=3000, blank=True
    )

    # The duplicate check: the agent said the person is not the file(s) it proposed.
    duplicate_note = models.TextField(_("duplicate check"), max_length=1000, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    decided_at = models.DateTimeField(_("accepted or declined"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), max_length=1000, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawing"), max_length=1000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # Allowed moves; services.py checks them and records a RequestEvent for each.
    MACHINE = StateMachine(
        moves={
            Status.DRAFT: frozenset({Status.SENT, Status.WITHDRAWN}),
            Status.SENT: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}),
        },
        labels=dict(Status.choices),
    )

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["cle", "status"], name="request_cle_status"),
            models.Index(fields=["organisation", "status"], name="request_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_end__gte=models.F("expected_start")),
                name="request_dates_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name} → {self.organisation_id}"

    @property
    def is_eligible(self) -> bool:
        return all(
            (self.in_public_measures, self.without_job, self.ready_to_search, self.has_objective)
        )


class RequestEvent(models.Model):
    """One status change of a request: who, when, from what to what, and why."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=ServiceRequest.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ServiceRequest.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["request", "at"], name="request_event_at")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"
