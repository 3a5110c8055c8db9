"""Consents to communicate: the person's page, the file's page for staff, withdrawal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atout.accounts import permissions as perms
from atout.common.errors import ConflictError
from atout.common.views import CONFLICT, INVALID
from atout.disclosures import selectors, services
from atout.disclosures.forms import DisclosureForm, WithdrawForm
from atout.participants.selectors import participant_for_user

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _rows(user: Any, participant) -> list[dict[str, Any]]:
    rows = []
    for disclosure in selectors.disclosures_for(user=user, participant=participant):
        rows.append(
            {
                "disclosure": disclosure,
                "region": selectors.recipient_region(disclosure.recipient),
                "leaves": selectors.leaves_hosting_region(disclosure.recipient),
            }
        )
    return rows


def _hosting() -> dict[str, str]:
    return {"hosting_region": selectors.hosting_region()}


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The person's own consents to communicate, active and past."""
    own = getattr(request.user, "participant_file", None)
    if own is None:
        raise Http404
    participant = participant_for_user(user=request.user, pk=own.pk)
    perms.require(request.user, perms.DISCLOSURE_WITHDRAW, participant)
    return render(
        request,
        "disclosures/mine.html",
        {"participant": participant, "rows": _rows(request.user, participant), **_hosting()},
    )


def _file_page(request, participant, form: DisclosureForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "disclosures/file.html",
        {
            "participant": participant,
            "rows": _rows(request.user, participant),
            "form": form,
            "can_record": form.fields["recipient"].queryset.exists(),
            **_hosting(),
        },
        status=status,
    )


@login_required
@GET_POST
def file_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: the file's consents; record one given on a signed form or in person."""
    participant = participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.DISCLOSURE_RECORD, participant)
    recipients = services.recipients_for(participant)
    if request.method != "POST":
        return _file_page(request, participant, DisclosureForm(recipients=recipients))
    form = DisclosureForm(request.POST, recipients=recipients)
    if not form.is_valid():
        return _file_page(request, participant, form, status=INVALID)
    data = form.cleaned_data
    try:
        services.disclosure_record(
            actor=request.user,
            participant=participant,
            recipient=data["recipient"],
            purpose=data["purpose"],
            purpose_text=data["purpose_text"],
            parts=data["parts"],
            method=data["method"],
            given_at=form.given_at(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _file_page(request, participant, form, status=INVALID)
    messages.success(
        request,
        _("Consent recorded: %(org)s can now read the consented parts of the file.")
        % {"org": data["recipient"].name},
    )
    return redirect("disclosures:file", pk=participant.pk)


def _withdraw(request: HttpRequest, pk: int, capability: str) -> HttpResponse:
    disclosure = selectors.disclosure_for_user(user=request.user, pk=pk)
    perms.require(request.user, capability, disclosure)
    is_owner = capability == perms.DISCLOSURE_WITHDRAW
    back = (
        redirect("disclosures:mine")
        if is_owner
        else redirect("disclosures:file", pk=disclosure.participant_id)
    )
    context = {
        "disclosure": disclosure,
        "participant": disclosure.participant,
        "is_owner": is_owner,
        "back_url": back.url,
        "conflict": False,
    }
    if request.method != "POST":
        return render(request, "disclosures/withdraw.html", context)
    form = WithdrawForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.disclosure_withdraw(
            actor=request.user, disclosure=disclosure, expected_version=version
        )
    except ConflictError as error:
        context.update(disclosure=error.current, conflict=True)
        return render(request, "disclosures/withdraw.html", context, status=CONFLICT)
    messages.success(
        request,
        _("Consent withdrawn: %(org)s can no longer read the file.")
        % {"org": disclosure.recipient.name},
    )
    return back


@login_required
@GET_POST
def withdraw_mine(request: HttpRequest, pk: int) -> HttpResponse:
    """The person withdraws one of their consents (a confirmation page first)."""
    return _withdraw(request, pk, perms.DISCLOSURE_WITHDRAW)


@login_required
@GET_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff withdraw a consent at the person's request (a confirmation page first)."""
    return _withdraw(request, pk, perms.DISCLOSURE_RECORD)
