"""Reads for the dashboards: aggregates of the referral loop, computed in the database.

Every figure starts from `visible_to(user)` and the active organisation, and is an aggregate
(`values().annotate()`), an ordered slice or a count: a dashboard costs the same handful of
queries at 10 rows or 100,000. Aggregated rows (`values()`) name no file, so they write no
access-log entry; the few lists of names (the inbox, overdue participations) are lists like
the caseload and are declared in `atout.privacy.reads.NOT_LOGGED`.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from atout.accounts import permissions as perms
from atout.accounts.models import Organisation
from atout.accounts.scoping import user_memberships
from atout.common.generations import cached_in_generation, new_generation
from atout.participations.models import (
    FeedbackReport,
    Outcome,
    Participation,
    ParticipationEvent,
)
from atout.referrals.models import EntryRoute, ServiceAgreement, ServiceRequest

# How many rows a dashboard list shows; the CSV export has them all.
LIST_LIMIT = 50

# Participation states after which the feedback report is due.
FEEDBACK_DUE_STATES = (Participation.Status.PASSPORT_PRODUCED, *Participation.ENDED)
FEEDBACK_DONE_STATES = (FeedbackReport.Status.SENT, FeedbackReport.Status.ACKNOWLEDGED)
DECIDED_STATES = (ServiceRequest.Status.ACCEPTED, ServiceRequest.Status.DECLINED)


def request_days() -> int:
    return int(getattr(settings, "ATOUT_REMINDER_REQUEST_DAYS", 5))


def feedback_days() -> int:
    return int(getattr(settings, "ATOUT_REMINDER_FEEDBACK_DAYS", 10))


# --------------------------------------------------------------------------- periods

PERIODS = {
    "month": _("This month"),
    "quarter": _("This quarter"),
    "year": _("This year"),
    "custom": _("Custom dates"),
}


@dataclass(frozen=True)
class Period:
    key: str
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start, end) as aware datetimes in the site's time zone."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return start, end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_for(
    key: str,
    *,
    today: datetime.date | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Period:
    """The calendar period containing today (month, quarter, year), or custom dates."""
    today = today or timezone.localdate()
    if key == "custom" and start and end:
        return Period("custom", start, end)
    if key == "quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        last_month = first_month + 2
        last_day = calendar.monthrange(today.year, last_month)[1]
        return Period(
            "quarter",
            datetime.date(today.year, first_month, 1),
            datetime.date(today.year, last_month, last_day),
        )
    if key == "year":
        return Period("year", datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))
    last_day = calendar.monthrange(today.year, today.month)[1]
    return Period(
        "month",
        datetime.date(today.year, today.month, 1),
        datetime.date(today.year, today.month, last_day),
    )


# --------------------------------------------------------------------------- CLE dashboard


@dataclass(frozen=True)
class Bar:
    """One labelled figure of a chart (and the row of its data table)."""

    key: str
    label: str
    value: int
    # Share of the chart's total, as a percentage (None when the total is 0).
    percent: float | None = None
    # A second figure drawn as an outline behind the bar (an agreement's planned volume).
    target: int | None = None


def _bars(counts: dict[str, int], choices: list[tuple[str, Any]], *, keep_zero=True) -> list[Bar]:
    total = sum(counts.values())
    bars = []
    for key, label in choices:
        value = counts.get(key, 0)
        if value or keep_zero:
            percent = round(100 * value / total, 1) if total else None
            bars.append(Bar(key=key, label=str(label), value=value, percent=percent))
    return bars


@dataclass(frozen=True)
class Waiting:
    """Time from a request's sending to the organisation's decision, in days."""

    decided: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class OrganisationRow:
    name: str
    counts: list[int]  # in ServiceRequest.Status order
    total: int
    labels: tuple[str, ...] = ()

    @property
    def cells(self) -> list[tuple[str, int]]:
        return list(zip(self.labels, self.counts, strict=False))


@dataclass(frozen=True)
class AgreementRow:
    agreement: ServiceAgreement
    used: int
    planned: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.used / self.planned, 1) if self.planned else None


@dataclass(frozen=True)
class CleDashboard:
    period: Period
    requests_by_status: list[Bar]
    requests_by_organisation: list[OrganisationRow]
    requests_total: int
    waiting: Waiting
    participations_by_status: list[Bar]
    participations_total: int
    ended: int
    completed: int
    outcomes: list[Bar]
    reports_sent: int
    entry_routes: list[Bar]
    agreements: list[AgreementRow]
    statuses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def completion_rate(self) -> float | None:
        return round(100 * self.completed / self.ended, 1) if self.ended else None

    @property
    def agreement_bars(self) -> list[Bar]:
        return [
            Bar(
                key=str(row.agreement.pk),
                label=f"{row.agreement.organisation.name} — {row.agreement.get_measure_display()}",
                value=row.used,
                percent=row.percent,
                target=row.planned,
            )
            for row in self.agreements
        ]


def _in_period(period: Period, field_name: str) -> Q:
    start, end = period.bounds
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})


def cle_requests(user: Any, cle: Organisation, period: Period) -> QuerySet[ServiceRequest]:
    """The CLE's requests of the period: sent in it, or (drafts) created in it."""
    return (
        ServiceRequest.objects.visible_through(user, "cle", cle)
        .annotate(dated=Coalesce("sent_at", "created_at", output_field=DateTimeField()))
        .filter(_in_period(period, "dated"))
    )


def cle_participations(user: Any, cle: Organisation, period: Period) -> QuerySet[Participation]:
    """The participations the CLE follows that started (were opened) in the period."""
    return Participation.objects.visible_through(user, "cle", cle).filter(
        _in_period(period, "created_at")
    )


WAIT = ExpressionWrapper(F("decided_at") - F("sent_at"), output_field=DurationField())


def _percentile_days(queryset: QuerySet, count: int, fraction: float) -> float | None:
    """Linear-interpolated percentile of `wait`, read as one ordered slice (no full scan in
    Python): the value at position fraction × (n − 1) and the next one."""
    if not count:
        return None
    position = fraction * (count - 1)
    lower = int(position)
    values = list(queryset.order_by("wait", "pk").values_list("wait", flat=True)[lower : lower + 2])
    if not values:
        return None
    low = values[0].total_seconds()
    high = values[-1].total_seconds()
    seconds = low + (high - low) * (position - lower)
    return round(seconds / 86400, 1)


class _Percentile(Aggregate):
    """PostgreSQL's ordered-set aggregate: a continuous percentile in one scan."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, expression: Any, fraction: float):
        super().__init__(expression, fraction=float(fraction))


def _days(value: datetime.timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 86400, 1)


def waiting_times(requests: QuerySet[ServiceRequest]) -> Waiting:
    """Median and 90th percentile of the days from sending to decision (interpolated like
    PostgreSQL's percentile_cont). PostgreSQL computes both in one aggregate; elsewhere
    (SQLite) a count and one two-row ordered slice per percentile."""
    decided = requests.filter(
        status__in=DECIDED_STATES, sent_at__isnull=False, decided_at__isnull=False
    ).annotate(wait=WAIT)
    if connection.vendor == "postgresql":
        found = decided.order_by().aggregate(
            n=Count("pk"), median=_Percentile(WAIT, 0.5), p90=_Percentile(WAIT, 0.9)
        )
        return Waiting(
            decided=found["n"], median_days=_days(found["median"]), p90_days=_days(found["p90"])
        )
    count = decided.count()
    return Waiting(
        decided=count,
        median_days=_percentile_days(decided, count, 0.5),
        p90_days=_percentile_days(decided, count, 0.9),
    )


def cle_dashboard(*, user: Any, cle: Organisation, period: Period) -> CleDashboard:
    """Requests, waiting times, participations, outcomes, entry routes and agreement volumes
    of one CLE for one period, in a constant number of queries."""
    requests = cle_requests(user, cle, period)
    by_status: dict[str, int] = {}
    by_org: dict[int, dict[str, Any]] = {}
    routes: dict[str, int] = {}
    grouped = requests.order_by().values(
        "organisation_id", "organisation__name", "status", "entry_route"
    )
    for row in grouped.annotate(n=Count("pk")):
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
        if row["status"] != ServiceRequest.Status.DRAFT:
            routes[row["entry_route"]] = routes.get(row["entry_route"], 0) + row["n"]
        org = by_org.setdefault(
            row["organisation_id"], {"name": row["organisation__name"], "counts": {}}
        )
        org["counts"][row["status"]] = org["counts"].get(row["status"], 0) + row["n"]
    statuses = list(ServiceRequest.Status.choices)
    org_rows = sorted(
        (
            OrganisationRow(
                name=org["name"],
                counts=[org["counts"].get(key, 0) for key, _label in statuses],
                total=sum(org["counts"].values()),
                labels=tuple(str(label) for _key, label in statuses),
            )
            for org in by_org.values()
        ),
        key=lambda r: (-r.total, r.name),
    )

    # One pass over the period's participations (and their feedback report, if any) gives
    # statuses, the organisation-started route and the outcomes of the reports sent.
    participations = cle_participations(user, cle, period)
    part_status: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    grouped = participations.order_by().values(
        "status", "entry_route", "feedback__status", "feedback__outcome"
    )
    for row in grouped.annotate(n=Count("pk")):
        n = row["n"]
        part_status[row["status"]] = part_status.get(row["status"], 0) + n
        if row["entry_route"] == EntryRoute.ORGANISATION:
            routes[EntryRoute.ORGANISATION] = routes.get(EntryRoute.ORGANISATION, 0) + n
        if row["feedback__status"] in FEEDBACK_DONE_STATES:
            outcome = row["feedback__outcome"] or "unknown"
            outcomes[outcome] = outcomes.get(outcome, 0) + n

    agreements = (
        ServiceAgreement.objects.visible_to(user)
        .filter(cle=cle, starts_on__lte=period.end, ends_on__gte=period.start)
        .select_related("organisation")
        .annotate(used=Count("participations"))
        .order_by("organisation__name", "-starts_on", "pk")
    )
    ended = sum(part_status.get(s, 0) for s in Participation.ENDED)
    return CleDashboard(
        period=period,
        requests_by_status=_bars(by_status, statuses),
        requests_by_organisation=org_rows,
        requests_total=sum(by_status.values()),
        waiting=waiting_times(requests),
        participations_by_status=_bars(part_status, list(Participation.Status.choices)),
        participations_total=sum(part_status.values()),
        ended=ended,
        completed=part_status.get(Participation.Status.COMPLETED, 0),
        outcomes=_bars(outcomes, [*Outcome.choices, ("unknown", _("Not given"))], keep_zero=True),
        reports_sent=sum(outcomes.values()),
        entry_routes=_bars(routes, list(EntryRoute.choices)),
        agreements=[
            AgreementRow(agreement=a, used=a.used, planned=a.planned_participants)
            for a in agreements
        ],
        statuses=[(key, str(label)) for key, label in statuses],
    )


# --------------------------------------------------------------------------- organisation


def _due_since() -> Coalesce:
    """When the feedback report became due: the first move to « passport produced » or an end
    state (the participation's last change when no event says)."""
    first = (
        ParticipationEvent.objects.filter(
            participation=OuterRef("pk"), to_status__in=FEEDBACK_DUE_STATES
        )
        .order_by("at", "pk")
        .values("at")[:1]
    )
    return Coalesce(Subquery(first, output_field=DateTimeField()), F("updated_at"))


def waiting_requests(user: Any, organisation: Organisation | None = None) -> QuerySet:
    """Sent requests not yet decided (for the organisation: its inbox; for a CLE: its own)."""
    requests = ServiceRequest.objects.visible_to(user).filter(status=ServiceRequest.Status.SENT)
    if organisation is not None:
        requests = requests.filter(Q(organisation=organisation) | Q(cle=organisation))
    return requests


def overdue_participations(user: Any, organisation: Organisation | None = None) -> QuerySet:
    """Open participations past their planned end."""
    today = timezone.localdate()
    rows = (
        Participation.objects.visible_to(user)
        .exclude(status__in=Participation.ENDED)
        .filter(planned_end__lt=today)
    )
    if organisation is not None:
        rows = rows.filter(Q(organisation=organisation) | Q(cle=organisation))
    return rows


def feedback_due(user: Any, organisation: Organisation | None = None) -> QuerySet:
    """Participations whose feedback report is still unsent M days after it became due.

    "Due since" is the first move to « passport produced » or an end state; written as two
    EXISTS (an early enough move, or no move recorded and no change since the cutoff) so
    the database can use semi-joins instead of a subquery per row.
    """
    cutoff = timezone.now() - datetime.timedelta(days=feedback_days())
    due_moves = ParticipationEvent.objects.filter(
        participation=OuterRef("pk"), to_status__in=FEEDBACK_DUE_STATES
    )
    rows = (
        Participation.objects.visible_to(user)
        .filter(status__in=FEEDBACK_DUE_STATES)
        .exclude(feedback__status__in=FEEDBACK_DONE_STATES)
        .filter(
            Exists(due_moves.filter(at__lte=cutoff))
            | (~Exists(due_moves) & Q(updated_at__lte=cutoff))
        )
    )
    if organisation is not None:
        rows = rows.filter(Q(organisation=organisation) | Q(cle=organisation))
    return rows


def age_in_days(moment: datetime.datetime | None, now: datetime.datetime | None = None) -> int:
    if moment is None:
        return 0
    return max(0, ((now or timezone.now()) - moment).days)


@dataclass(frozen=True)
class InboxRow:
    request: ServiceRequest
    age_days: int
    late: bool


@dataclass(frozen=True)
class OverdueRow:
    participation: Participation
    days: int


@dataclass(frozen=True)
class OrganisationDashboard:
    inbox: list[InboxRow]
    inbox_total: int
    caseload_by_status: list[Bar]
    caseload_total: int
    overdue: list[OverdueRow]
    overdue_total: int
    feedback: list[OverdueRow]
    feedback_total: int
    request_days: int
    feedback_days: int


def organisation_dashboard(*, user: Any, organisation: Organisation) -> OrganisationDashboard:
    """The organisation's inbox, its participations by status and what is overdue."""
    now = timezone.now()
    today = timezone.localdate()
    limit_days = request_days()
    inbox_qs = (
        ServiceRequest.objects.visible_to(user)
        .filter(organisation=organisation, status=ServiceRequest.Status.SENT)
        .select_related("cle")
        .order_by("sent_at", "pk")
    )
    inbox = [
        InboxRow(request=r, age_days=age_in_days(r.sent_at, now), late=False)
        for r in inbox_qs[:LIST_LIMIT]
    ]
    inbox = [
        InboxRow(request=row.request, age_days=row.age_days, late=row.age_days > limit_days)
        for row in inbox
    ]
    counts = {
        row["status"]: row["n"]
        for row in Participation.objects.visible_to(user)
        .filter(organisation=organisation)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    }
    overdue_qs = (
        overdue_participations(user)
        .filter(organisation=organisation)
        .select_related("participant", "counsellor")
        .order_by("planned_end", "pk")
    )
    feedback_qs = (
        feedback_due(user)
        .filter(organisation=organisation)
        .annotate(due_since=_due_since())
        .select_related("participant", "counsellor")
        .order_by("due_since", "pk")
    )
    return OrganisationDashboard(
        inbox=inbox,
        inbox_total=inbox_qs.count() if len(inbox) == LIST_LIMIT else len(inbox),
        caseload_by_status=_bars(counts, list(Participation.Status.choices)),
        caseload_total=sum(counts.values()),
        overdue=[
            OverdueRow(participation=p, days=(today - p.planned_end).days)
            for p in overdue_qs[:LIST_LIMIT]
        ],
        overdue_total=overdue_qs.count(),
        feedback=[
            OverdueRow(participation=p, days=age_in_days(p.due_since, now))
            for p in feedback_qs[:LIST_LIMIT]
        ],
        feedback_total=feedback_qs.count(),
        request_days=limit_days,
        feedback_days=feedback_days(),
    )


# --------------------------------------------------------------------------- reminders


@dataclass(frozen=True)
class Reminder:
    key: str
    count: int
    text: str
    url: str


@dataclass(frozen=True)
class Reminders:
    """What is waiting for the user: counts and where to act. No personal information."""

    requests_waiting: int = 0
    participations_overdue: int = 0
    feedback_due: int = 0
    url: str = ""
    items: tuple[Reminder, ...] = ()

    @property
    def total(self) -> int:
        return self.requests_waiting + self.participations_overdue + self.feedback_due


def _dashboard_url(user: Any, organisation: Organisation | None) -> str:
    """The dashboard where the user acts on reminders (the organisation's, else the CLE's)."""
    if organisation is not None:
        caps = perms.organisation_capabilities(user, organisation.pk)
        has = caps.__contains__
    else:
        has = lambda cap: perms.has_capability(user, cap)  # noqa: E731
    if has(perms.CASELOAD_ORGANISATION):
        return reverse("dashboards:organisation")
    if has(perms.CASELOAD_REFERRED):
        return reverse("dashboards:cle")
    return ""


def reminders(user: Any, organisation: Organisation | None = None) -> Reminders:
    """Counts of requests waiting more than N days, participations past their planned end
    and feedback reports unsent M days after they became due — among what the user sees (in
    one organisation when given). Three count queries."""
    if not getattr(user, "is_authenticated", False) or not user_memberships(user):
        return Reminders()
    waiting, overdue, due = _reminder_counts(user, organisation)
    return _reminders_of(waiting, overdue, due, _dashboard_url(user, organisation))


def _reminder_counts(user: Any, organisation: Organisation | None) -> tuple[int, int, int]:
    cutoff = timezone.now() - datetime.timedelta(days=request_days())
    return (
        waiting_requests(user, organisation).filter(sent_at__lt=cutoff).count(),
        overdue_participations(user, organisation).count(),
        feedback_due(user, organisation).count(),
    )


def _reminders_of(waiting: int, overdue: int, due: int, url: str) -> Reminders:
    """The reminders' sentences, in the active language, from their three counts."""
    # The organisation's dashboard lists each kind under its own heading.
    anchors = url == reverse("dashboards:organisation")
    items = []
    days = request_days()
    if waiting:
        items.append(
            Reminder(
                "requests",
                waiting,
                ngettext(
                    "%(count)d service request waiting for a decision for more than %(days)d days",
                    "%(count)d service requests waiting for a decision for more than %(days)d days",
                    waiting,
                )
                % {"count": waiting, "days": days},
                f"{url}#reminders-requests" if anchors else url,
            )
        )
    if overdue:
        items.append(
            Reminder(
                "participations",
                overdue,
                ngettext(
                    "%(count)d participation past its planned end",
                    "%(count)d participations past their planned end",
                    overdue,
                )
                % {"count": overdue},
                f"{url}#reminders-participations" if anchors else url,
            )
        )
    if due:
        items.append(
            Reminder(
                "feedback",
                due,
                ngettext(
                    "%(count)d feedback report not sent after %(days)d days",
                    "%(count)d feedback reports not sent after %(days)d days",
                    due,
                )
                % {"count": due, "days": feedback_days()},
                f"{url}#reminders-feedback" if anchors else url,
            )
        )
    return Reminders(
        requests_waiting=waiting,
        participations_overdue=overdue,
        feedback_due=due,
        url=url,
        items=tuple(items),
    )


# The reminders panel of the home pages (caseload, referred files) is on the page counsellors
# open most, and its three counts were about a quarter of that page's time. It reads them
# from the shared cache, one entry per user, organisation and set of memberships (what
# `visible_to` depends on), tagged with a generation token that every write of a request,
# participation, participation event or feedback report replaces (`receivers`,
# `atout.common.generations`). So the panel shows a change on the next request after it is
# saved; only the passing of time (a request becoming "late" by the day) can go unseen, for
# at most PANEL_SECONDS. The dashboards and the e-mail digest still count on every call
# (`reminders`).
PANEL_SECONDS = 60
PANEL_GENERATION_KEY = "reminders-panel:generation"


def _panel_key(user: Any, organisation: Organisation | None) -> str:
    memberships = ",".join(f"{o}:{r}" for o, r in sorted(user_memberships(user)))
    org = getattr(organisation, "pk", 0)
    return f"reminders-panel:{user.pk}:{org}:{memberships}"


def panel_cache_keys(user: Any, organisation: Organisation | None = None) -> list[str]:
    """The cache keys `panel_reminders` reads, for a view that reads them with its own."""
    if not getattr(user, "is_authenticated", False) or not user_memberships(user):
        return []
    return [_panel_key(user, organisation), PANEL_GENERATION_KEY]


def panel_reminders(
    user: Any, organisation: Organisation | None = None, *, cached: dict | None = None
) -> Reminders:
    """`reminders(user, organisation)` for the home pages' panel, through the shared cache.

    A hit costs one cache read (both keys in one `get_many`, or none when `cached` holds
    what a `get_many` of `panel_cache_keys` found) and no query on the reminded tables; a
    value stored under an older generation is ignored.
    """
    if not getattr(user, "is_authenticated", False) or not user_memberships(user):
        return Reminders()
    value = cached_in_generation(
        _panel_key(user, organisation),
        PANEL_GENERATION_KEY,
        lambda: (*_reminder_counts(user, organisation), _dashboard_url(user, organisation)),
        PANEL_SECONDS,
        found=cached,
    )
    return _reminders_of(*value)


def forget_panel_reminders() -> None:
    """A new generation: every cached panel is recounted on its next request."""
    new_generation(PANEL_GENERATION_KEY)


# --------------------------------------------------------------------------- CSV rows


def _day(value: datetime.datetime | datetime.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date().isoformat()
    return value.isoformat()


def _labels(choices) -> dict[str, str]:
    return {key: str(label) for key, label in choices}


def cle_request_rows(*, user: Any, cle: Organisation, period: Period) -> Iterator[list[Any]]:
    """The CLE's requests of the period, one row each (no names: request and file numbers)."""
    status = _labels(ServiceRequest.Status.choices)
    routes = _labels(EntryRoute.choices)
    part_status = _labels(Participation.Status.choices)
    outcomes = _labels(Outcome.choices)
    yield [
        _("Request number"),
        _("File number"),
        _("Status"),
        _("Receiving organisation"),
        _("Entry route"),
        _("Created"),
        _("Sent"),
        _("Decided"),
        _("Days to decision"),
        _("Participation"),
        _("Outcome"),
    ]
    rows = (
        cle_requests(user, cle, period)
        .annotate(wait=WAIT)
        .order_by("dated", "pk")
        .values_list(
            "pk",
            "participant_id",
            "status",
            "organisation__name",
            "entry_route",
            "created_at",
            "sent_at",
            "decided_at",
            "wait",
            "participation__status",
            "participation__feedback__outcome",
        )
    )
    for (
        pk,
        file_id,
        st,
        org,
        route,
        created,
        sent_at,
        decided,
        wait,
        p_status,
        outcome,
    ) in rows.iterator():
        yield [
            pk,
            file_id or "",
            status.get(st, st),
            org,
            routes.get(route, route),
            _day(created),
            _day(sent_at),
            _day(decided),
            round(wait.total_seconds() / 86400, 1) if wait is not None else "",
            part_status.get(p_status, p_status or ""),
            outcomes.get(outcome, outcome or ""),
        ]


def participation_rows(queryset: QuerySet[Participation]) -> Iterator[list[Any]]:
    """One row per participation (no names: participation and file numbers)."""
    status = _labels(Participation.Status.choices)
    routes = _labels(EntryRoute.choices)
    outcomes = _labels(Outcome.choices)
    feedback_status = _labels(FeedbackReport.Status.choices)
    today = timezone.localdate()
    yield [
        _("Participation number"),
        _("File number"),
        _("Organisation"),
        _("Agreement"),
        _("Entry route"),
        _("Status"),
        _("Planned start"),
        _("Planned end"),
        _("Actual start"),
        _("Actual end"),
        _("Past planned end"),
        _("Feedback report"),
        _("Outcome"),
    ]
    rows = queryset.order_by("created_at", "pk").values_list(
        "pk",
        "participant_id",
        "organisation__name",
        "agreement__reference",
        "entry_route",
        "status",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "feedback__status",
        "feedback__outcome",
    )
    for pk, file_id, org, ref, route, st, ps, pe, as_, ae, fb, outcome in rows.iterator():
        late = pe is not None and pe < today and st not in Participation.ENDED
        yield [
            pk,
            file_id,
            org,
            ref,
            routes.get(route, route),
            status.get(st, st),
            _day(ps),
            _day(pe),
            _day(as_),
            _day(ae),
            _("yes") if late else _("no"),
            feedback_status.get(fb, fb or ""),
            outcomes.get(outcome, outcome or ""),
        ]


def organisation_participations(user: Any, organisation: Organisation) -> QuerySet:
    return Participation.objects.visible_to(user).filter(organisation=organisation)
