"""The advisor records the application and the credential; the person reads their
recognitions and prints the record of each credential.

Each form posts to its own view; a refused form re-shows the page (422), a move the state
machine refuses or a stale version is a 409 with the page re-shown and nothing written.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atout.accounts import permissions as perms
from atout.certificates import selectors, services
from atout.certificates.forms import ApplicationForm, CredentialForm
from atout.certificates.models import Credential
from atout.common.errors import ConflictError, TransitionError
from atout.common.views import CONFLICT, INVALID
from atout.recognition.models import Dossier, Phase, Route


def _dossier(request: HttpRequest, pk: int) -> Dossier:
    dossier = Dossier.objects.select_related(
        "participant", "standard", "standard__committee"
    ).get_visible_or_404(request.user, pk=pk)
    perms.require(request.user, perms.CERTIFICATE_RECORD, dossier)
    return dossier


def _page(
    request: HttpRequest,
    dossier: Dossier,
    *,
    application_form: ApplicationForm | None = None,
    credential_form: CredentialForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_apply = dossier.phase in services.APPLY_FROM or (
        dossier.route == Route.RED_SEAL and dossier.phase in services.APPLY_FROM_RED_SEAL
    )
    if application_form is None and can_apply:
        application_form = ApplicationForm(
            initial={"applied_on": timezone.localdate(), "version": dossier.version}
        )
    if credential_form is None and dossier.phase == Phase.APPLIED:
        initial = selectors.credential_initial(dossier)
        credential_form = CredentialForm(
            dossier=dossier, initial={**initial, "version": dossier.version}
        )
    decision = selectors.latest_decision(dossier)
    context = {
        "dossier": dossier,
        "participant": dossier.participant,
        "can_apply": can_apply,
        "application_form": application_form if can_apply else None,
        "credential_form": credential_form if dossier.phase == Phase.APPLIED else None,
        "application": selectors.application_for(dossier),
        "decision": decision,
        "mastered": selectors.mastered_competencies(decision),
        "credentials": selectors.dossier_credentials(request.user, dossier),
    }
    return render(request, "certificates/record.html", context, status=status)


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier's last steps: application to the ministry, then the credential issued."""
    return _page(request, _dossier(request, pk))


def _refused(
    request: HttpRequest, dossier: Dossier, error: Exception, **forms: Any
) -> HttpResponse:
    """A move the machine refuses, or a dossier changed since the page was opened: 409."""
    if isinstance(error, ConflictError):
        message = _(
            "The dossier changed since you opened this page. Check its phase, then try again."
        )
    else:
        message = str(error.message)
    messages.error(request, message)
    fresh = Dossier.objects.get(pk=dossier.pk)
    for form in forms.values():
        # What was typed stays; a second submit starts from the dossier as it is now.
        form.data = form.data.copy()
        form.data["version"] = fresh.version
    return _page(request, fresh, status=CONFLICT, **forms)


@login_required
@require_POST
def application(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    form = ApplicationForm(request.POST)
    if not form.is_valid():
        return _page(request, dossier, application_form=form, status=INVALID)
    try:
        services.application_record(
            actor=request.user,
            dossier=dossier,
            applied_on=form.cleaned_data["applied_on"],
            version=form.cleaned_data["version"],
        )
    except (ConflictError, TransitionError) as error:
        return _refused(request, dossier, error, application_form=form)
    except ValidationError as error:
        _add(form, error)
        return _page(request, dossier, application_form=form, status=INVALID)
    messages.success(request, _("The application to the ministry is recorded."))
    return redirect("certificates:record", pk=dossier.pk)


def _add(form: Any, error: ValidationError) -> None:
    """A service's refusal on the form: on its field when it names one, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    form = CredentialForm(request.POST, dossier=dossier)
    if not form.is_valid():
        return _page(request, dossier, credential_form=form, status=INVALID)
    data = form.cleaned_data
    try:
        services.credential_record(
            actor=request.user,
            dossier=dossier,
            kind=data["kind"],
            legal_basis=data["legal_basis"],
            competencies=data["competencies"],
            issued_on=data["issued_on"],
            number=data["number"],
            issuer=data["issuer"],
            version=data["version"],
        )
    except (ConflictError, TransitionError) as error:
        return _refused(request, dossier, error, credential_form=form)
    except ValidationError as error:
        _add(form, error)
        return _page(request, dossier, credential_form=form, status=INVALID)
    messages.success(request, _("The certificate or attestation is recorded."))
    return redirect("certificates:record", pk=dossier.pk)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """« Mes reconnaissances »: the person's dossiers, decisions and credentials."""
    if not hasattr(request.user, "participant_file"):
        raise Http404()
    return render(
        request,
        "certificates/mine.html",
        {"recognitions": selectors.my_recognitions(request.user)},
    )


@login_required
def credential_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable record of a credential, for the person and the advisor."""
    from atout.documents.rendering.credential import render_credential

    credential = Credential.objects.select_related(
        "participant", "standard", "standard__committee", "dossier__organisation"
    ).get_visible_or_404(request.user, pk=pk)
    perms.require(request.user, perms.DOCUMENT_VIEW, credential)
    lang = request.GET.get("lang") or (get_language() or "fr")[:2]
    document = render_credential(selectors.credential_payload(credential, lang))
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="{document.name}"'
    return response
