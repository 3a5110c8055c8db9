"""The recognition report page and its CSV export (Qualifications Québec, or a committee)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from atout.accounts import permissions as perms
from atout.dashboards import charts
from atout.dashboards import recognition_selectors as selectors
from atout.dashboards.selectors import Bar
from atout.dashboards.views import csv_response


def _charts(report: selectors.RecognitionReport) -> dict[str, charts.Chart]:
    times = [
        Bar(key=t.phase, label=t.label, value=round(t.median_days or 0)) for t in report.phase_times
    ]
    made = [
        charts.bar_chart(
            "chart_phase",
            _("Dossiers by phase"),
            _("Number of dossiers in each phase today, with their share."),
            report.by_phase,
            with_percent=True,
        ),
        charts.bar_chart(
            "chart_standard",
            _("Dossiers by standard"),
            _("Number of dossiers for each occupational standard."),
            report.by_standard,
        ),
        charts.bar_chart(
            "chart_month",
            _("Dossiers opened by month"),
            _("Number of dossiers opened in each of the last twelve months."),
            report.by_month,
        ),
        charts.bar_chart(
            "chart_times",
            _("Median days in each phase"),
            _("Median number of days a dossier stayed in each phase, rounded to the day."),
            times,
        ),
        charts.bar_chart(
            "chart_outcomes",
            _("Outcomes"),
            _("Certificates and attestations issued, and dossiers closed, with their share."),
            report.outcomes,
            with_percent=True,
        ),
    ]
    return {chart.ident: chart for chart in made}


@login_required
@perms.requires(perms.RECOGNITION_REPORT)
@require_GET
def recognition(request: HttpRequest) -> HttpResponse:
    report = selectors.recognition_report(user=request.user, organisation=request.organisation)
    return render(
        request,
        "dashboards/recognition.html",
        {"report": report, "charts": _charts(report)},
    )


@login_required
@perms.requires(perms.RECOGNITION_REPORT)
@require_GET
def recognition_csv(request: HttpRequest) -> HttpResponse:
    report = selectors.recognition_report(user=request.user, organisation=request.organisation)
    return csv_response(selectors.report_rows(report), "reconnaissance-rapport.csv")
