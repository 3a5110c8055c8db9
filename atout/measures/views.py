"""The file's measures for employers: the CLE agent records them, the counsellor reads them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atout.accounts import permissions as perms
from atout.common.errors import ConflictError
from atout.common.views import form_status
from atout.measures import selectors, services
from atout.measures.forms import MeasureForm, WithdrawForm
from atout.participants.selectors import participant_for_user
from atout.participants.uploads import UploadRejected
from atout.territories.selectors import CleSource, cle_for_participant

# Staff of both sides of the referral read the measures (the person reads them on the
# passport they approve); the CLE agent records them.
READ = perms.REFERRAL_VIEW


def _page(request: HttpRequest, participant, *, form=None, conflict=None, status=200):
    caps = perms.object_capabilities(request.user, participant)
    cle, source = cle_for_participant(participant)
    return render(
        request,
        "measures/measures_page.html",
        {
            "participant": participant,
            "object_capabilities": caps,
            "can_manage": perms.MEASURES_MANAGE in caps,
            "measures": list(selectors.measures_for(user=request.user, participant=participant)),
            "form": form if form is not None else MeasureForm(),
            "conflict": conflict,
            "cle": cle,
            "cle_source": CleSource.LABELS[source],
        },
        status=status,
    )


@login_required
def measures_page(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the file's measures; POST: the CLE agent records one (with its letter)."""
    participant = participant_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        perms.require(request.user, READ, participant)
        return _page(request, participant)
    perms.require(request.user, perms.MEASURES_MANAGE, participant)
    form = MeasureForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.measure_record(
                participant=participant,
                actor=request.user,
                kind=data["kind"],
                name=data["name"],
                start=data["start"],
                end=data["end"],
                conditions=data["conditions"],
                letter=data.get("letter_upload"),
            )
        except UploadRejected as error:
            form.add_error("letter_upload", error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Measure recorded. It prints on the passport once the passport is approved."),
            )
            return redirect("measures:page", pk=participant.pk)
    return _page(request, participant, form=form, status=form_status(form))


@login_required
@require_POST
def measure_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.MEASURES_MANAGE, measure.participant)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason is too long (300 characters at most)."))
        return redirect("measures:page", pk=measure.participant_id)
    try:
        services.measure_withdraw(
            measure=measure,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except ConflictError:
        messages.error(
            request, _("Someone changed this measure in the meantime; here it is as saved.")
        )
        response = _page(request, measure.participant, status=409)
        return response
    messages.success(request, _("Measure withdrawn: it no longer prints on new passports."))
    return redirect(reverse("measures:page", kwargs={"pk": measure.participant_id}))


@login_required
def measure_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The CLE's eligibility letter, from private storage, never run by the browser."""
    measure = selectors.measure_for_user(user=request.user, pk=pk)
    perms.require(request.user, READ, measure.participant)
    if not measure.letter:
        raise Http404()
    try:
        handle = measure.letter.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404() from None
    response = FileResponse(
        handle,
        as_attachment=not measure.is_inline,
        filename=measure.letter_name or "lettre.pdf",
        content_type=measure.letter_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
