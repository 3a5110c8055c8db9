"""The CLE's and the organisation's dashboards, their CSV exports and the digest preference."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from atout.accounts import permissions as perms
from atout.common import csv_cells
from atout.dashboards import charts, selectors, services
from atout.dashboards.forms import DigestForm, PeriodForm

INVALID = 422


class _Echo:
    """A file-like object whose write() hands back the line (for streamed CSV)."""

    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> StreamingHttpResponse:
    """A CSV download as the framework export writes it: UTF-8 with a BOM (Excel), commas,
    every cell neutralised against formulas (atout.common.csv_cells)."""
    writer = csv_cells.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        for row in rows:
            yield writer.writerow([str(cell) if cell is not None else "" for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _digest(request: HttpRequest, url_name: str) -> HttpResponse:
    """Save the digest preference from the dashboard's small form, then back to it."""
    form = DigestForm(request.POST)
    form.is_valid()  # a checkbox: anything but a ticked box means « no »
    daily = bool(form.cleaned_data.get("daily"))
    services.digest_preference_set(user=request.user, daily=daily)
    if daily:
        messages.success(request, _("You will receive the daily digest of your reminders."))
    else:
        messages.success(request, _("You will no longer receive the daily digest."))
    return redirect(url_name)


def _digest_form(request: HttpRequest) -> DigestForm:
    return DigestForm(initial={"daily": services.digest_wanted(request.user)})


@login_required
@perms.requires(perms.CASELOAD_REFERRED)
@require_http_methods(["GET", "HEAD", "POST"])
def cle(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _digest(request, "dashboards:cle")
    form = PeriodForm(request.GET or None)
    status = 200
    dashboard = None
    chart_list = []
    if form.is_bound and not form.is_valid():
        status = INVALID
    else:
        period = form.chosen_period()
        dashboard = selectors.cle_dashboard(
            user=request.user, cle=request.organisation, period=period
        )
        chart_list = _cle_charts(dashboard)
    context = {
        "form": form,
        "dashboard": dashboard,
        "charts": {c.ident: c for c in chart_list},
        "reminders": selectors.reminders(request.user, request.organisation),
        "digest_form": _digest_form(request),
        "query": request.GET.urlencode(),
    }
    return render(request, "dashboards/cle.html", context, status=status)


def _cle_charts(dashboard: selectors.CleDashboard) -> list[charts.Chart]:
    return [
        charts.bar_chart(
            "chart_requests",
            _("Service requests by status"),
            _("Number of service requests of the period in each status."),
            dashboard.requests_by_status,
        ),
        charts.bar_chart(
            "chart_participations",
            _("Participations by status"),
            _("Number of participations started in the period, by current status."),
            dashboard.participations_by_status,
        ),
        charts.bar_chart(
            "chart_outcomes",
            _("Outcomes reported"),
            _("Outcomes given in the feedback reports sent, with their share of all reports."),
            dashboard.outcomes,
            with_percent=True,
        ),
        charts.bar_chart(
            "chart_routes",
            _("Entry routes"),
            _(
                "How people came to the passport: requests sent and participations started by "
                "the organisation, with their share."
            ),
            dashboard.entry_routes,
            with_percent=True,
        ),
        charts.bar_chart(
            "chart_agreements",
            _("Volumes against each agreement"),
            _(
                "Participations under each agreement (filled bar) against the planned number "
                "(outlined bar)."
            ),
            dashboard.agreement_bars,
        ),
    ]


def _period_or_redirect(
    request: HttpRequest,
) -> tuple[selectors.Period | None, HttpResponse | None]:
    form = PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        url = reverse("dashboards:cle") + "?" + request.GET.urlencode()
        return None, redirect(url)
    return form.chosen_period(), None


def _period_name(period: selectors.Period) -> str:
    return f"{period.start.isoformat()}_{period.end.isoformat()}"


@login_required
@perms.requires(perms.CASELOAD_REFERRED)
@require_GET
def cle_requests_csv(request: HttpRequest) -> HttpResponse:
    period, back = _period_or_redirect(request)
    if back is not None:
        return back
    rows = selectors.cle_request_rows(user=request.user, cle=request.organisation, period=period)
    return csv_response(rows, f"demandes-{_period_name(period)}.csv")


@login_required
@perms.requires(perms.CASELOAD_REFERRED)
@require_GET
def cle_participations_csv(request: HttpRequest) -> HttpResponse:
    period, back = _period_or_redirect(request)
    if back is not None:
        return back
    queryset = selectors.cle_participations(request.user, request.organisation, period)
    rows = selectors.participation_rows(queryset)
    return csv_response(rows, f"participations-{_period_name(period)}.csv")


@login_required
@perms.requires(perms.CASELOAD_ORGANISATION)
@require_http_methods(["GET", "HEAD", "POST"])
def organisation(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _digest(request, "dashboards:organisation")
    dashboard = selectors.organisation_dashboard(
        user=request.user, organisation=request.organisation
    )
    chart = charts.bar_chart(
        "chart_caseload",
        _("Participations by status"),
        _("Number of the organisation's participations in each status."),
        dashboard.caseload_by_status,
    )
    context = {
        "dashboard": dashboard,
        "chart": chart,
        "reminders": selectors.reminders(request.user, request.organisation),
        "digest_form": _digest_form(request),
    }
    return render(request, "dashboards/organisation.html", context)


@login_required
@perms.requires(perms.CASELOAD_ORGANISATION)
@require_GET
def organisation_csv(request: HttpRequest) -> HttpResponse:
    queryset = selectors.organisation_participations(request.user, request.organisation)
    return csv_response(selectors.participation_rows(queryset), "participations.csv")
