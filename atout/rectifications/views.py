"""Pages: the person asks for corrections; the counsellor answers them.

The person's page needs RECTIFICATION_REQUEST on their own file; the counsellor's pages need
RECTIFICATION_DECIDE (in the active organisation for the list, on the file for a request).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atout.accounts import permissions as perms
from atout.common.views import CONFLICT, form_status
from atout.participants import selectors as participant_selectors
from atout.rectifications import fields, selectors, services
from atout.rectifications.forms import DecisionForm, RequestForm
from atout.rectifications.models import RESPONSE_DAYS


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's errors on the form's fields when it has them, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """The person's own page: what they may ask to correct, the form, their requests."""
    if not hasattr(request.user, "participant_file"):
        raise Http404()
    participant = participant_selectors.participant_of_user(user=request.user)
    perms.require(request.user, perms.RECTIFICATION_REQUEST, participant)
    chosen = request.GET.get("champ", "")[:200]
    form = RequestForm(request.POST or None, participant=participant, initial={"field": chosen})
    if request.method == "POST" and form.is_valid():
        try:
            services.rectification_request(
                participant=participant,
                actor=request.user,
                key=form.cleaned_data["field"],
                what_is_wrong=form.cleaned_data["what_is_wrong"],
                should_be=form.cleaned_data["should_be"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request is sent. Your counsellor will answer within %(days)s days.")
                % {"days": RESPONSE_DAYS},
            )
            return redirect(reverse("rectifications:mine") + "#requests-h")
    context = {
        "participant": participant,
        "groups": fields.items(participant),
        "form": form,
        "requests": selectors.requests_of_file(user=request.user, participant=participant),
        "days": RESPONSE_DAYS,
        "today": timezone.localdate(),
    }
    return render(request, "rectifications/mine.html", context, status=form_status(form))


@login_required
@perms.requires(perms.RECTIFICATION_DECIDE)
@require_http_methods(["GET"])
def pending(request: HttpRequest) -> HttpResponse:
    """Requests awaiting an answer in the files the counsellor sees, oldest deadline first."""
    raw = request.GET.get("dossier", "")
    participant_id = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None
    rows = selectors.pending_for(user=request.user, participant_id=participant_id)
    context = {
        "rows": rows,
        "today": timezone.localdate(),
        "filtered": participant_id is not None,
        "days": RESPONSE_DAYS,
    }
    return render(request, "rectifications/pending.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: what the person asked, the value now, and the decision (once)."""
    rectification = selectors.request_for(user=request.user, pk=pk)
    participant = rectification.participant
    perms.require(request.user, perms.RECTIFICATION_DECIDE, participant)
    target = services.target_of(rectification) if rectification.is_pending else None
    initial = {
        "version": rectification.version,
        "target_version": getattr(target.record, "version", None) if target else None,
        "value": rectification.should_be if target else "",
    }
    form = DecisionForm(request.POST or None, initial=initial)
    model_field = target.source.model._meta.get_field(target.name) if target else None
    if model_field is not None and not isinstance(model_field, models.TextField):
        form.fields["value"].widget = forms.TextInput()
    conflict = None
    status = 200
    if request.method == "POST" and rectification.is_pending and form.is_valid():
        data = form.cleaned_data
        try:
            if "refuse" in request.POST:
                services.rectification_refuse(
                    request=rectification,
                    actor=request.user,
                    expected_version=data["version"],
                    reason=data["reason"],
                )
                done = _("Refused. The person will read your reason.")
            elif "apply" in request.POST and target is not None:
                services.rectification_accept(
                    request=rectification,
                    actor=request.user,
                    expected_version=data["version"],
                    value=data["value"],
                    target_version=data["target_version"],
                    note=data["note"],
                )
                done = _("Corrected in the file. The person will see the outcome.")
            elif "by_hand" in request.POST:
                services.rectification_accept(
                    request=rectification,
                    actor=request.user,
                    expected_version=data["version"],
                    note=data["note"],
                )
                done = _("Marked as corrected. The person will read your note.")
            else:
                raise ValidationError(_("Choose a decision: correct, corrected by hand or refuse."))
        except services.AlreadyDecided:
            messages.error(request, _("Someone has already answered this request."))
            status = CONFLICT
        except services.ConflictError as error:
            conflict = error.current
            status = CONFLICT
            form.data = form.data.copy()
            if conflict._meta.label_lower == "rectifications.rectificationrequest":
                form.data["version"] = conflict.version
            else:
                form.data["target_version"] = getattr(conflict, "version", "")
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("rectifications:pending")
        rectification = selectors.request_for(user=request.user, pk=pk)
        target = services.target_of(rectification) if rectification.is_pending else None
    context = {
        "rectification": rectification,
        "participant": participant,
        "target": target,
        "is_date": model_field is not None and isinstance(model_field, models.DateField),
        "form": form,
        "conflict": conflict,
        "today": timezone.localdate(),
    }
    if status == 200:
        status = form_status(form)
    return render(request, "rectifications/decide.html", context, status=status)
