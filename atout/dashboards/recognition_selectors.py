"""The recognition report (reddition de comptes): dossiers by phase, standard and month
opened, the time spent in each phase, and the outcomes — for Qualifications Québec (its
dossiers) or for a sectoral committee (the dossiers sent to it).

Only counts, and a phase with two times per event for the durations, leave the database
(never a name), in a number of queries that does not grow with the number of dossiers.
Qualifications Québec's dossiers are read through `visible_to`; a committee's evaluators see
no live dossier, so its figures count the dossiers whose `committee` is theirs (set when a
dossier is sent to it), and nothing else.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import Lag, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from atout.accounts.models import Organisation
from atout.certificates.models import Credential
from atout.dashboards.selectors import Bar
from atout.recognition.models import OPEN_PHASES, Dossier, DossierEvent, FundingSource, Phase

MONTHS = 12


@dataclass(frozen=True)
class PhaseTime:
    phase: str
    label: str
    stays: int  # completed stays in the phase (moves out of it)
    median_days: float | None
    mean_days: float | None


@dataclass(frozen=True)
class RecognitionReport:
    scope_label: str
    total: int
    open: int
    by_phase: list[Bar]
    by_standard: list[Bar]
    by_month: list[Bar]
    phase_times: list[PhaseTime]
    outcomes: list[Bar]
    funding: list[Bar]


def report_dossiers(user: Any, organisation: Organisation) -> QuerySet[Dossier]:
    """The dossiers the report counts for the active organisation."""
    if organisation.kind == Organisation.Kind.COMMITTEE:
        # Aggregates only: the evaluator never reads these rows (no visible_to for them).
        return Dossier.objects.filter(committee=organisation)
    # visible_through: an advisor's role shows every dossier of the organisation, so the
    # owners' paths of visible_to (two joins to the files, for an OR) are left out.
    return Dossier.objects.visible_through(user, "organisation", organisation)


def _percent(value: int, total: int) -> float | None:
    return round(100 * value / total, 1) if total else None


def _median(values: list[float]) -> float | None:
    """Interpolated like PostgreSQL's percentile_cont(0.5)."""
    if not values:
        return None
    ordered = sorted(values)
    position = 0.5 * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def _events_with_previous(dossiers: QuerySet[Dossier]) -> QuerySet[DossierEvent]:
    """Each event of the dossiers with the time of the one before it (a window over the
    dossier's events: one scan): (from_phase, at, previous_at)."""
    previous = Window(
        Lag("at"), partition_by=[F("dossier_id")], order_by=[F("at").asc(), F("pk").asc()]
    )
    return (
        DossierEvent.objects.filter(dossier__in=dossiers.order_by().values("pk"))
        .order_by()
        .annotate(previous_at=previous)
        .values_list("from_phase", "at", "previous_at")
    )


def _stays_summed_in_postgresql(
    events: QuerySet[DossierEvent],
) -> dict[str, tuple[int, float, float]]:
    """Per phase: completed stays, median and mean days, aggregated where the events are.

    Streaming the events to Python took over a second at 20,000 dossiers (120,000 events);
    here only one row per phase leaves the database. The window cannot sit inside an
    aggregate, so the windowed query (compiled by the ORM, parameters kept apart) is a
    subquery; the median is percentile_cont(0.5), as `_median` interpolates.
    """
    inner, params = events.query.get_compiler(using=events.db).as_sql()
    sql = f"""
        SELECT stays.from_phase, COUNT(*), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY days),
               AVG(days)
        FROM (
            SELECT events."from_phase",
                   EXTRACT(EPOCH FROM events."at" - events."previous_at")::double precision / 86400
                       AS days
            FROM ({inner}) AS events
            WHERE events."from_phase" <> '' AND events."previous_at" IS NOT NULL
        ) AS stays
        GROUP BY stays.from_phase
    """  # noqa: S608 - the subquery is the ORM's own SQL; every value is a parameter
    with connections[events.db].cursor() as cursor:
        cursor.execute(sql, params)
        return {phase: (n, median, mean) for phase, n, median, mean in cursor.fetchall()}


def _stays_summed_in_python(events: QuerySet[DossierEvent]) -> dict[str, tuple[int, float, float]]:
    """The same figures where the database has no percentile_cont (SQLite)."""
    stays: dict[str, list[float]] = {}
    for from_phase, at, previous_at in events.iterator(chunk_size=5000):
        if from_phase and previous_at is not None:
            stays.setdefault(from_phase, []).append((at - previous_at).total_seconds() / 86400)
    return {
        phase: (len(days), _median(days), sum(days) / len(days)) for phase, days in stays.items()
    }


def phase_times(dossiers: QuerySet[Dossier]) -> list[PhaseTime]:
    """Median and mean days spent in each phase, over the completed stays: each event that
    moves a dossier out of a phase, minus the event that moved it in. Only a phase and its
    figures leave the database (PostgreSQL), or a phase and a duration per event (SQLite);
    never a name."""
    events = _events_with_previous(dossiers)
    if connections[events.db].vendor == "postgresql":
        summed = _stays_summed_in_postgresql(events)
    else:
        summed = _stays_summed_in_python(events)
    times = []
    for phase, label in Phase.choices:
        if phase not in summed:
            continue
        stays, median, mean = summed[phase]
        times.append(
            PhaseTime(
                phase=phase,
                label=str(label),
                stays=stays,
                median_days=round(median, 1) if median is not None else None,
                mean_days=round(mean, 1),
            )
        )
    return times


def _month_start(day: datetime.date, back: int) -> datetime.date:
    month = day.month - 1 - back
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def recognition_report(*, user: Any, organisation: Organisation) -> RecognitionReport:
    """Every figure of the report, in a constant number of queries."""
    dossiers = report_dossiers(user, organisation)
    today = timezone.localdate()

    by_phase_counts: dict[str, int] = {}
    by_standard_counts: dict[int, list] = {}
    funding_counts: dict[str, int] = {}
    grouped = dossiers.order_by().values(
        "phase", "standard_id", "standard__title_fr", "funding_source"
    )
    for row in grouped.annotate(n=Count("pk")):
        by_phase_counts[row["phase"]] = by_phase_counts.get(row["phase"], 0) + row["n"]
        entry = by_standard_counts.setdefault(row["standard_id"], [row["standard__title_fr"], 0])
        entry[1] += row["n"]
        source = row["funding_source"]
        funding_counts[source] = funding_counts.get(source, 0) + row["n"]
    total = sum(by_phase_counts.values())
    open_total = sum(n for phase, n in by_phase_counts.items() if phase in OPEN_PHASES)

    by_phase = [
        Bar(
            key=phase,
            label=str(label),
            value=by_phase_counts.get(phase, 0),
            percent=_percent(by_phase_counts.get(phase, 0), total),
        )
        for phase, label in Phase.choices
    ]
    by_standard = sorted(
        (
            Bar(key=str(pk), label=title, value=n, percent=_percent(n, total))
            for pk, (title, n) in by_standard_counts.items()
        ),
        key=lambda bar: (-bar.value, bar.label),
    )

    first_month = _month_start(today, MONTHS - 1)
    months = {
        (row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]): row[
            "n"
        ]
        for row in dossiers.filter(opened_on__gte=first_month)
        .order_by()
        .annotate(month=TruncMonth("opened_on"))
        .values("month")
        .annotate(n=Count("pk"))
    }
    by_month = []
    for back in range(MONTHS - 1, -1, -1):
        start = _month_start(today, back)
        by_month.append(
            Bar(
                key=start.strftime("%Y-%m"),
                label=date_format(start, "YEAR_MONTH_FORMAT"),
                value=months.get(start, 0),
            )
        )

    credentials = dict(
        Credential.objects.filter(dossier__in=dossiers.order_by().values("pk"))
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    outcome_counts = [
        ("cqp", _("Certificate (CQP) issued"), credentials.get(Credential.Kind.CQP, 0)),
        ("attestation", _("Attestation issued"), credentials.get(Credential.Kind.ATTESTATION, 0)),
        (
            "not_recognised",
            _("No competency recognised"),
            by_phase_counts.get(Phase.NOT_RECOGNISED, 0),
        ),
        ("not_relevant", _("Closed: not relevant"), by_phase_counts.get(Phase.NOT_RELEVANT, 0)),
        ("withdrawn", _("Closed: withdrawn"), by_phase_counts.get(Phase.WITHDRAWN, 0)),
        (
            "redirected",
            _("Closed: redirected to another route"),
            by_phase_counts.get(Phase.REDIRECTED, 0),
        ),
        ("lapsed", _("Lapsed"), by_phase_counts.get(Phase.LAPSED, 0)),
    ]
    ended = sum(n for _key, _label, n in outcome_counts)
    outcomes = [
        Bar(key=key, label=str(label), value=n, percent=_percent(n, ended))
        for key, label, n in outcome_counts
    ]
    funding = [
        Bar(
            key=key,
            label=str(label),
            value=funding_counts.get(key, 0),
            percent=_percent(funding_counts.get(key, 0), total),
        )
        for key, label in FundingSource.choices
    ]
    return RecognitionReport(
        scope_label=organisation.name,
        total=total,
        open=open_total,
        by_phase=by_phase,
        by_standard=by_standard,
        by_month=by_month,
        phase_times=phase_times(dossiers),
        outcomes=outcomes,
        funding=funding,
    )


def report_rows(report: RecognitionReport) -> list[list[Any]]:
    """The report as CSV rows: section, key, label, figures. Numbers and labels only."""
    rows: list[list[Any]] = [
        [_("Section"), _("Key"), _("Label"), _("Number"), _("Median days"), _("Mean days")]
    ]
    for section, bars in (
        (_("Phase"), report.by_phase),
        (_("Standard"), report.by_standard),
        (_("Month opened"), report.by_month),
        (_("Outcome"), report.outcomes),
        (_("Funding"), report.funding),
    ):
        rows.extend([section, bar.key, bar.label, bar.value, "", ""] for bar in bars)
    rows.extend(
        [
            _("Time in phase"),
            t.phase,
            t.label,
            t.stays,
            _number(t.median_days),
            _number(t.mean_days),
        ]
        for t in report.phase_times
    )
    return rows


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"
