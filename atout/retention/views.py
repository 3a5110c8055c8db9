"""Retention pages: the public rules, the destruction log and its CSV, a file's legal hold."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atout.accounts import permissions as perms
from atout.common.csv_cells import writer
from atout.common.views import form_status, save_or_conflict
from atout.participants.models import Participant
from atout.retention import selectors, services
from atout.retention.forms import HoldLiftForm, HoldPlaceForm, MonthFilterForm


def rules_page(request: HttpRequest) -> HttpResponse:
    """Public: how long Atout keeps each kind of record, and why (linked from the notice)."""
    return render(request, "retention/rules.html", {"rules": selectors.rules_for_display()})


def _log_rows(request: HttpRequest):
    form = MonthFilterForm(request.GET or None)
    month = form.cleaned_data["month"] if form.is_bound and form.is_valid() else ""
    rows = selectors.destruction_log(
        user=request.user, organisation=request.organisation, month=month
    )
    return form, month, rows


@login_required
@perms.requires(perms.DESTRUCTION_LOG_VIEW)
def destruction_log(request: HttpRequest) -> HttpResponse:
    """What was destroyed in the organisation, by which rule and run; never what it was."""
    form, month, rows = _log_rows(request)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for row in page:
        row.rule_label = selectors.rule_label(row.rule_key)
    return render(
        request,
        "retention/destruction_log.html",
        {"form": form, "month": month, "page": page},
        status=form_status(form),
    )


@login_required
@perms.requires(perms.DESTRUCTION_LOG_VIEW)
def destruction_log_csv(request: HttpRequest) -> HttpResponse:
    _form, month, rows = _log_rows(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"destructions-{month}.csv" if month else "destructions.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    out = writer(response)
    out.writerow(
        [
            _("When"),
            _("Run"),
            _("Rule"),
            _("Kind of record"),
            _("Action"),
            _("Organisation"),
            _("Records"),
            _("Held"),
            _("Not destroyed (blocked)"),
        ]
    )
    for row in rows.iterator():
        out.writerow(
            [
                row.at.isoformat(timespec="seconds"),
                str(row.run_id),
                selectors.rule_label(row.rule_key),
                row.record_kind,
                row.get_action_display(),
                row.organisation.name if row.organisation else "",
                row.count,
                row.held,
                row.blocked,
            ]
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Place or lift a legal hold on a file; shows when the file is due."""
    participant = Participant.objects.get_visible_or_404(request.user, pk=pk)
    perms.require(request.user, perms.RETENTION_HOLD, participant)
    current = services.active_hold(participant)
    place_form = HoldPlaceForm()
    lift_form = HoldLiftForm(initial={"version": current.version} if current else None)
    conflict = None
    if request.method == "POST":
        if request.POST.get("action") == "lift" and current is not None:
            lift_form = HoldLiftForm(request.POST)
            if lift_form.is_valid():
                saved, conflict = save_or_conflict(
                    lift_form,
                    lambda: services.hold_lift(
                        hold=current,
                        actor=request.user,
                        reason=lift_form.cleaned_data["lift_reason"],
                        version=lift_form.cleaned_data["version"],
                    ),
                )
                if saved is not None:
                    return redirect("retention:hold", pk=participant.pk)
        elif request.POST.get("action") == "place" and current is None:
            place_form = HoldPlaceForm(request.POST)
            if place_form.is_valid():
                saved, conflict = save_or_conflict(
                    place_form,
                    lambda: services.hold_place(
                        participant=participant,
                        actor=request.user,
                        reason=place_form.cleaned_data["reason"],
                    ),
                )
                if saved is not None:
                    return redirect("retention:hold", pk=participant.pk)
        else:
            # A stale page: the hold was placed or lifted meanwhile. Show the current state.
            conflict = current
    status = 200
    for form in (place_form, lift_form):
        status = max(status, form_status(form, conflict))
    past = participant.legal_holds.exclude(lifted_at__isnull=True)[:20]
    return render(
        request,
        "retention/hold.html",
        {
            "participant": participant,
            "hold": current,
            "past": past,
            "due_on": services.file_due_on(participant),
            "place_form": place_form,
            "lift_form": lift_form,
            "conflict": conflict,
        },
        status=status,
    )
