"""Agreements, service requests (the CLE's side) and the organisation's inbox.

Reads need REFERRAL_VIEW on the request (either side); the CLE writes with REFERRAL_WRITE,
the organisation decides with REFERRAL_DECIDE. Another CLE's or organisation's request is a
404 through scoping, and so is a request the organisation declined.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atout.accounts import permissions as perms
from atout.common.errors import TransitionError
from atout.common.views import CONFLICT, INVALID, conflict_rows, form_status, save_or_conflict
from atout.documents.rendering import RenderError
from atout.documents.rendering.service_request import render_service_request
from atout.documents.responses import document_response
from atout.participants.models import Participant
from atout.referrals import selectors, services
from atout.referrals.forms import AcceptForm, AgreementForm, ReasonForm, ServiceRequestForm
from atout.referrals.models import ServiceRequest

IDENTITY_FIELDS = ("given_names", "family_name", "birth_date", "email", "phone")


# --- Agreements ------------------------------------------------------------------------------


@login_required
@perms.requires(perms.AGREEMENT_VIEW)
def agreement_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    agreements = selectors.agreements_for(user=request.user, organisation=organisation)
    return render(
        request,
        "referrals/agreement_list.html",
        {
            "agreements": agreements,
            "can_manage": perms.AGREEMENT_MANAGE in request.capabilities,
            "current_ids": set(
                selectors.current_agreements(request.user).values_list("pk", flat=True)
            ),
        },
    )


@login_required
@perms.requires(perms.AGREEMENT_MANAGE)
def agreement_create(request: HttpRequest) -> HttpResponse:
    cle = request.organisation
    form = AgreementForm(request.POST or None, partners=selectors.partner_choices(cle=cle))
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_create(actor=request.user, cle=cle, data=form.field_values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect("referrals:agreements")
    return render(
        request,
        "referrals/agreement_form.html",
        {"form": form, "creating": True},
        status=form_status(form),
    )


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        agreement = selectors.agreement_for(user=request.user, pk=pk)
    except selectors.ServiceAgreement.DoesNotExist as missing:
        raise Http404 from missing
    if perms.AGREEMENT_MANAGE not in perms.organisation_capabilities(
        request.user, agreement.cle_id
    ):
        raise PermissionDenied
    form = AgreementForm(
        request.POST or None,
        instance=agreement,
        partners=selectors.partner_choices(cle=agreement.cle),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.agreement_update(
                actor=request.user,
                agreement=agreement,
                data=form.field_values(),
                expected_version=form.cleaned_data.get("version") or 0,
            ),
        )
        if saved is not None:
            messages.success(request, _("The agreement is saved."))
            return redirect("referrals:agreements")
    return render(
        request,
        "referrals/agreement_form.html",
        {
            "form": form,
            "agreement": agreement,
            "conflict": conflict,
            "conflict_rows": conflict_rows(form, conflict) if conflict else [],
        },
        status=form_status(form, conflict),
    )


# --- The CLE's requests ----------------------------------------------------------------------


@login_required
@perms.requires(perms.REFERRAL_WRITE)
def request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("statut", "")
    everything = selectors.requests_of_cle(user=request.user, cle=request.organisation)
    rows = selectors.requests_of_cle(user=request.user, cle=request.organisation, status=status)
    counts = selectors.status_counts(everything)
    tabs = [("", _("All"), sum(counts.values()))] + [
        (value, label, counts.get(value, 0)) for value, label in ServiceRequest.Status.choices
    ]
    return render(
        request,
        "referrals/request_list.html",
        {
            "rows": [(r, selectors.age_in_days(r)) for r in rows[:200]],
            "tabs": tabs,
            "status": status if status in ServiceRequest.Status.values else "",
        },
    )


def _duplicate_context(request: HttpRequest, form: ServiceRequestForm, instance) -> dict:
    data = form.cleaned_data
    found = selectors.duplicates_for_cle(
        request.user,
        cle=request.organisation if instance is None else instance.cle,
        given_names=data.get("given_names", ""),
        family_name=data.get("family_name", ""),
        birth_date=data.get("birth_date"),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        exclude_request=instance.pk if instance is not None else None,
    )
    agreement = data.get("agreement")
    receiving = agreement.organisation_id if agreement else None
    return {
        "found": found,
        "linkable": {p.pk for p in found.files if p.organisation_id == receiving},
    }


def _needs_duplicate_choice(form: ServiceRequestForm, instance) -> bool:
    if instance is None:
        return True
    already = instance.participant_id or instance.duplicate_note
    return not already or any(name in form.changed_data for name in IDENTITY_FIELDS)


def _request_form_page(request: HttpRequest, instance: ServiceRequest | None) -> HttpResponse:
    cle = request.organisation if instance is None else instance.cle
    agreements = selectors.current_agreements(request.user).filter(cle=cle)
    form = ServiceRequestForm(request.POST or None, instance=instance, agreements=agreements)
    conflict = None
    duplicates: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        choice = request.POST.get("duplicate_choice", "")
        participant = None
        duplicate_note = None
        if _needs_duplicate_choice(form, instance):
            duplicates = _duplicate_context(request, form, instance)
            found = duplicates["found"]
            if found:
                if choice == "different":
                    duplicate_note = _("Not the same person as: %(list)s") % {
                        "list": "; ".join(
                            [_("file no %(n)s") % {"n": p.pk} for p in found.files]
                            + [_("request no %(n)s") % {"n": r.pk} for r in found.requests]
                        )
                    }
                elif choice.startswith("link:") and choice[5:].isdigit():
                    pk = int(choice[5:])
                    participant = next(
                        (p for p in found.files if p.pk == pk and p.pk in duplicates["linkable"]),
                        None,
                    )
                    if participant is None:
                        form.add_error(None, _("This file cannot be linked to the request."))
                else:
                    form.add_error(
                        None,
                        _(
                            "Possible duplicate: say whether the request is for one of these "
                            "files or for another person."
                        ),
                    )
        if not form.errors:
            saved, conflict = save_or_conflict(
                form,
                lambda: services.request_save(
                    actor=request.user,
                    cle=cle,
                    data=form.field_values(),
                    request=instance,
                    expected_version=form.cleaned_data.get("version") if instance else None,
                    participant=participant,
                    duplicate_note=duplicate_note,
                ),
            )
            if saved is not None:
                if request.POST.get("then") == "send":
                    return _send(request, saved, after_save=True)
                messages.success(request, _("The draft is saved."))
                return redirect("referrals:detail", pk=saved.pk)
    status = form_status(form, conflict)
    if duplicates.get("found") and status == 200:
        status = INVALID
    return render(
        request,
        "referrals/request_form.html",
        {
            "form": form,
            "service_request": instance,
            "conflict": conflict,
            "conflict_rows": conflict_rows(form, conflict) if conflict else [],
            "duplicates": duplicates,
            "no_agreement": not agreements.exists(),
        },
        status=status,
    )


@login_required
@perms.requires(perms.REFERRAL_WRITE)
def request_create(request: HttpRequest) -> HttpResponse:
    return _request_form_page(request, None)


def _request(request: HttpRequest, pk: int, capability: str) -> ServiceRequest:
    service_request = selectors.request_for(user=request.user, pk=pk)
    perms.require(request.user, capability, service_request)
    return service_request


@login_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = _request(request, pk, perms.REFERRAL_WRITE)
    if service_request.status != ServiceRequest.Status.DRAFT:
        messages.error(request, _("Only a draft can be changed; this request was sent."))
        return redirect("referrals:detail", pk=service_request.pk)
    return _request_form_page(request, service_request)


def _participation_url(service_request: ServiceRequest) -> str | None:
    participation = getattr(service_request, "participation", None)
    if participation is None:
        return None
    try:
        return reverse("participations:detail", kwargs={"pk": participation.pk})
    except NoReverseMatch:
        return reverse("participants:detail", kwargs={"pk": participation.participant_id})


def _detail(
    request: HttpRequest,
    service_request: ServiceRequest,
    *,
    status: int = 200,
    withdraw_form: ReasonForm | None = None,
    decline_form: ReasonForm | None = None,
    refusal: str = "",
) -> HttpResponse:
    caps = perms.object_capabilities(request.user, service_request)
    cle_side = selectors.is_cle_side(request.user, service_request)
    organisation_side = selectors.is_organisation_side(request.user, service_request)
    Status = ServiceRequest.Status
    machine = ServiceRequest.MACHINE
    can_write = perms.REFERRAL_WRITE in caps and cle_side
    can_decide = perms.REFERRAL_DECIDE in caps and organisation_side
    redirected = ServiceRequest.objects.filter(redirected_from=service_request).first()
    context = {
        "refusal": refusal,
        "service_request": service_request,
        "events": selectors.events_of(service_request),
        "age": selectors.age_in_days(service_request),
        "cle_side": cle_side,
        "can_edit": can_write and service_request.status == Status.DRAFT,
        "can_send": can_write and machine.allowed(service_request.status, Status.SENT),
        "can_withdraw": can_write and machine.allowed(service_request.status, Status.WITHDRAWN),
        "can_redirect": can_write and service_request.status == Status.DECLINED and not redirected,
        "redirected_to": redirected if cle_side else None,
        "can_decide": can_decide and machine.allowed(service_request.status, Status.ACCEPTED),
        "withdraw_form": withdraw_form or ReasonForm(prefix="withdraw"),
        "decline_form": decline_form or ReasonForm(prefix="decline"),
        "participation_url": _participation_url(service_request),
        "file_url": (
            reverse("participants:detail", kwargs={"pk": service_request.participant_id})
            if service_request.participant_id
            and Participant.objects.visible_to(request.user)
            .filter(pk=service_request.participant_id)
            .exists()
            else None
        ),
    }
    return render(request, "referrals/request_detail.html", context, status=status)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _request(request, pk, perms.REFERRAL_VIEW))


@login_required
def request_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = _request(request, pk, perms.REFERRAL_VIEW)
    lang = "en" if request.GET.get("langue") == "en" else "fr"
    try:
        document = render_service_request(selectors.request_payload(service_request, lang=lang))
    except RenderError:
        messages.error(request, _("The document could not be prepared. Try again later."))
        return redirect("referrals:detail", pk=service_request.pk)
    return document_response(document)


def _send(
    request: HttpRequest, service_request: ServiceRequest, *, after_save: bool = False
) -> HttpResponse:
    """Send, or say why not: a refused move on the request's page, a draft that is not
    complete yet (the checklist) on its edit page."""
    try:
        services.request_send(actor=request.user, request=service_request)
    except TransitionError as error:
        messages.error(request, error.message)
        return redirect("referrals:detail", pk=service_request.pk)
    except ValidationError as error:
        if after_save:
            messages.warning(request, _("The draft is saved but not sent."))
        for message in error.messages:
            messages.error(request, message)
        return redirect("referrals:edit", pk=service_request.pk)
    messages.success(request, _("The request is sent to the organisation."))
    return redirect("referrals:detail", pk=service_request.pk)


@login_required
@require_POST
def request_send(request: HttpRequest, pk: int) -> HttpResponse:
    return _send(request, _request(request, pk, perms.REFERRAL_WRITE))


@login_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = _request(request, pk, perms.REFERRAL_WRITE)
    form = ReasonForm(request.POST, prefix="withdraw")
    if not form.is_valid():
        return _detail(request, service_request, status=INVALID, withdraw_form=form)
    try:
        services.request_withdraw(
            actor=request.user, request=service_request, reason=form.cleaned_data["reason"]
        )
    except TransitionError as error:
        return _detail(request, service_request, status=CONFLICT, refusal=error.message)
    messages.success(request, _("The request is withdrawn."))
    return redirect("referrals:detail", pk=service_request.pk)


@login_required
@require_POST
def request_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = _request(request, pk, perms.REFERRAL_WRITE)
    try:
        copy = services.request_redirect(actor=request.user, request=service_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("referrals:detail", pk=service_request.pk)
    messages.success(request, _("A new draft is ready: choose another organisation, then send it."))
    return redirect("referrals:edit", pk=copy.pk)


# --- The organisation's inbox ----------------------------------------------------------------


@login_required
@perms.requires(perms.REFERRAL_DECIDE)
def inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("statut", ServiceRequest.Status.SENT)
    rows = selectors.inbox(user=request.user, organisation=request.organisation, status=status)
    return render(
        request,
        "referrals/inbox.html",
        {
            "rows": [(r, selectors.age_in_days(r)) for r in rows[:200]],
            "status": status,
            "sent": ServiceRequest.Status.SENT,
            "accepted": ServiceRequest.Status.ACCEPTED,
        },
    )


@login_required
def request_accept(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = _request(request, pk, perms.REFERRAL_DECIDE)
    if service_request.status != ServiceRequest.Status.SENT:
        messages.error(request, _("This request is not waiting for a decision."))
        return redirect("referrals:detail", pk=service_request.pk)
    linked = service_request.participant
    candidates = (
        [] if linked else selectors.duplicates_in_organisation(request.user, service_request)
    )
    form = AcceptForm(
        request.POST or None,
        counsellors=selectors.counsellor_choices(organisation=service_request.organisation),
        candidates=candidates,
        linked=linked,
        initial={"counsellor": request.user.pk},
    )
    status = form_status(form)
    if request.method == "POST" and form.is_valid():
        try:
            participation = services.request_accept(
                actor=request.user,
                request=service_request,
                counsellor=form.cleaned_data["counsellor"],
                first_meeting_at=form.cleaned_data.get("first_meeting_at"),
                participant=form.chosen_file(),
                different_person_of=form.different_from(),
            )
        except TransitionError as error:
            form.add_error(None, error.message)
            status = CONFLICT
        except ValidationError as error:
            form.add_error(None, error)
            status = INVALID
        else:
            messages.success(request, _("The request is accepted; the participation is open."))
            try:
                return redirect("participations:detail", pk=participation.pk)
            except NoReverseMatch:
                return redirect("referrals:detail", pk=service_request.pk)
    return render(
        request,
        "referrals/request_accept.html",
        {"service_request": service_request, "form": form, "linked": linked},
        status=status,
    )


@login_required
@require_POST
def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = _request(request, pk, perms.REFERRAL_DECIDE)
    form = ReasonForm(request.POST, prefix="decline")
    if not form.is_valid():
        return _detail(request, service_request, status=INVALID, decline_form=form)
    try:
        services.request_decline(
            actor=request.user, request=service_request, reason=form.cleaned_data["reason"]
        )
    except TransitionError as error:
        return _detail(request, service_request, status=CONFLICT, refusal=error.message)
    messages.success(request, _("The request is declined; the CLE sees your reason."))
    return redirect("referrals:inbox")
