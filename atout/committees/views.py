"""The transmission (advisor) and the committee's workspace (evaluator).

The advisor sends from a dossier they manage (RECOGNITION_MANAGE) and follows the
transmissions up; the evaluator reads only the transmissions to their committee
(TRANSMISSION_VIEW, scoped by `Transmission.committee`) and evaluates (COMMITTEE_EVALUATE).
A refused move (`TransitionError`) re-shows the page with its reason (409); an invalid form
is re-shown as typed (422).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atout.accounts import permissions as perms
from atout.committees import selectors, services
from atout.committees.forms import DecisionForm, EvaluationForm, NoteForm, ReasonForm, SendForm
from atout.committees.models import Decision, Transmission
from atout.common.errors import ConflictError, TransitionError
from atout.common.views import CONFLICT, INVALID, form_status
from atout.documents.rendering import RenderError
from atout.documents.rendering.committee_confirmation import render_committee_confirmation
from atout.documents.rendering.recognition_result import render_result_letter
from atout.documents.responses import document_response
from atout.participants.models import Attachment
from atout.recognition.models import Dossier


def _lang(request: HttpRequest) -> str:
    if request.GET.get("langue") in ("fr", "en"):
        return request.GET["langue"]
    return "en" if (translation.get_language() or "").startswith("en") else "fr"


# --- Advisor: the package and the sending ------------------------------------------------------


def _dossier(request: HttpRequest, pk: int, capability: str) -> Dossier:
    dossier = (
        Dossier.objects.select_related("participant", "standard", "standard__committee")
        .prefetch_related("participant__consents")
        .get_visible_or_404(request.user, pk=pk)
    )
    perms.require(request.user, capability, dossier)
    return dossier


@login_required
def package(request: HttpRequest, pk: int) -> HttpResponse:
    """What will be sent, and the consent to send it (a new numbered transmission)."""
    dossier = _dossier(request, pk, perms.RECOGNITION_MANAGE)
    form = SendForm(request.POST or None, initial={"version": dossier.version})
    status = form_status(form)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        try:
            transmission = services.transmission_send(
                actor=request.user,
                dossier=dossier,
                consent=form.cleaned_data["consent"],
                consent_on=form.cleaned_data["consent_on"],
                expected_version=form.cleaned_data.get("version"),
            )
        except TransitionError as error:
            refusal, status = error.message, CONFLICT
        except ConflictError:
            refusal = _("The dossier changed since this page was opened: check it and send again.")
            status = CONFLICT
            dossier.refresh_from_db()
            # The ticks stay; a second send starts from the version now saved.
            form.data = form.data.copy()
            form.data["version"] = dossier.version
        except ValidationError as error:
            form.add_error(None, error)
            status = INVALID
        else:
            messages.success(
                request,
                _("Transmission no %(number)s is sent to the committee.")
                % {"number": transmission.number},
            )
            return redirect("committees:transmission", pk=transmission.pk)
    preview = selectors.package_view(selectors.package_payload(dossier))
    earlier = selectors.transmissions_of_dossier(request.user, dossier)
    return render(
        request,
        "committees/package.html",
        {
            "dossier": dossier,
            "form": form,
            "package": preview,
            "problems": selectors.package_problems(dossier),
            "refusal": refusal,
            "earlier": earlier,
        },
        status=status,
    )


# --- Both sides: one transmission ------------------------------------------------------------


def _transmission(request: HttpRequest, pk: int, capability: str) -> Transmission:
    transmission = selectors.transmission_for(request.user, pk)
    perms.require(request.user, capability, transmission)
    return transmission


def _evaluation_forms(
    transmission: Transmission, bound: dict[int, EvaluationForm] | None = None
) -> list[dict[str, Any]]:
    existing = selectors.evaluations_by_competency(transmission)
    view = selectors.package_view(transmission.package)
    rows = []
    for competency in view.competencies:
        evaluation = existing.get(competency["id"])
        form = (bound or {}).get(competency["id"])
        if form is None:
            initial = (
                {
                    "version": evaluation.version,
                    "method": evaluation.method,
                    "evaluated_on": evaluation.evaluated_on,
                    "result": evaluation.result,
                    "comments": evaluation.comments,
                }
                if evaluation
                else {"evaluated_on": timezone.localdate()}
            )
            form = EvaluationForm(prefix=f"c{competency['id']}", initial=initial)
        rows.append({"competency": competency, "evaluation": evaluation, "form": form})
    return rows


def _detail(
    request: HttpRequest,
    transmission: Transmission,
    *,
    status: int = 200,
    bound: dict[int, EvaluationForm] | None = None,
    return_form: ReasonForm | None = None,
    note_form: NoteForm | None = None,
    refusal: str = "",
) -> HttpResponse:
    caps = perms.object_capabilities(request.user, transmission)
    evaluator = perms.COMMITTEE_EVALUATE in caps
    advisor = perms.RECOGNITION_MANAGE in caps
    is_open = transmission.status in services.OPEN_STATUSES
    decision = getattr(transmission, "decision", None)
    context = {
        "transmission": transmission,
        "package": selectors.package_view(transmission.package),
        "consent_at": transmission.consent_to_transmit_at,
        "age": selectors.age_in_days(transmission),
        "evaluator": evaluator,
        "advisor": advisor,
        "can_evaluate": evaluator and is_open,
        "rows": _evaluation_forms(transmission, bound),
        "return_form": return_form or ReasonForm(prefix="return"),
        "note_form": note_form or NoteForm(prefix="note"),
        # The advisor's administrative notes: Qualifications Québec's, not the committee's.
        "notes": list(transmission.follow_up_notes.select_related("author")) if advisor else [],
        "decision": decision,
        "check": selectors.decision_check(transmission),
        "can_confirm": evaluator
        and decision is not None
        and decision.outcome != Decision.Outcome.NONE
        and decision.confirmation_sent_at is None,
        "refusal": refusal,
        "documents": {a.pk for a in transmission.documents.all()},
    }
    return render(request, "committees/transmission.html", context, status=status)


@login_required
def transmission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _transmission(request, pk, perms.TRANSMISSION_VIEW))


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    transmission = _transmission(request, pk, perms.COMMITTEE_EVALUATE)
    try:
        services.transmission_acknowledge(actor=request.user, transmission=transmission)
    except TransitionError as error:
        return _detail(request, transmission, status=CONFLICT, refusal=error.message)
    messages.success(request, _("The receipt is recorded; the advisor sees it."))
    return redirect("committees:transmission", pk=transmission.pk)


@login_required
def document(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """A document of the package, only if it was sent with this transmission."""
    transmission = _transmission(request, pk, perms.TRANSMISSION_VIEW)
    try:
        attachment = transmission.documents.get(pk=attachment_pk)
    except Attachment.DoesNotExist as missing:
        raise Http404 from missing
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404() from None
    response = FileResponse(
        handle,
        as_attachment=not attachment.is_inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The committee ----------------------------------------------------------------------------


@login_required
@perms.requires(perms.COMMITTEE_EVALUATE)
def inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("statut", "")
    status = status if status in Transmission.Status.values else ""
    counts = selectors.status_counts(request.user)
    tabs = [("", _("All"), sum(counts.values()))] + [
        (value, label, counts.get(value, 0)) for value, label in Transmission.Status.choices
    ]
    rows = selectors.committee_inbox(request.user, status=status)
    return render(
        request,
        "committees/inbox.html",
        {
            "rows": [(t, selectors.age_in_days(t)) for t in rows],
            "tabs": tabs,
            "status": status,
        },
    )


@login_required
@require_POST
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one competency's evaluation (the POST names it in `competency`)."""
    transmission = _transmission(request, pk, perms.COMMITTEE_EVALUATE)
    raw = request.POST.get("competency", "")
    ids = selectors.package_competency_ids(transmission)
    if not raw.isascii() or not raw.isdigit() or int(raw) not in ids:
        raise Http404
    competency_id = int(raw)
    form = EvaluationForm(request.POST, prefix=f"c{competency_id}")
    if not form.is_valid():
        return _detail(request, transmission, status=INVALID, bound={competency_id: form})
    try:
        services.evaluation_save(
            actor=request.user,
            transmission=transmission,
            competency_id=competency_id,
            method=form.cleaned_data["method"],
            evaluated_on=form.cleaned_data["evaluated_on"],
            result=form.cleaned_data["result"],
            comments=form.cleaned_data["comments"],
            expected_version=form.cleaned_data.get("version"),
        )
    except TransitionError as error:
        return _detail(request, transmission, status=CONFLICT, refusal=error.message)
    except ConflictError:
        form.add_error(
            None,
            _(
                "Someone saved this evaluation since you opened the page. What you typed is "
                "below; the saved one is shown above it. Save again to keep yours."
            ),
        )
        current = selectors.evaluations_by_competency(transmission).get(competency_id)
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = current.version if current else ""
        return _detail(request, transmission, status=CONFLICT, bound={competency_id: form})
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, transmission, status=INVALID, bound={competency_id: form})
    messages.success(request, _("The evaluation is saved."))
    url = reverse("committees:transmission", kwargs={"pk": transmission.pk})
    return redirect(f"{url}#competence-{competency_id}")


@login_required
@require_POST
def return_for_more(request: HttpRequest, pk: int) -> HttpResponse:
    transmission = _transmission(request, pk, perms.COMMITTEE_EVALUATE)
    form = ReasonForm(request.POST, prefix="return")
    if not form.is_valid():
        return _detail(request, transmission, status=INVALID, return_form=form)
    try:
        services.transmission_return(
            actor=request.user, transmission=transmission, reason=form.cleaned_data["reason"]
        )
    except TransitionError as error:
        return _detail(request, transmission, status=CONFLICT, refusal=error.message)
    messages.success(request, _("The dossier is returned to the advisor with your reason."))
    return redirect("committees:transmission", pk=transmission.pk)


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    transmission = _transmission(request, pk, perms.COMMITTEE_EVALUATE)
    check = selectors.decision_check(transmission)
    if hasattr(transmission, "decision") or transmission.status not in services.OPEN_STATUSES:
        messages.error(request, _("This transmission is not waiting for a decision."))
        return redirect("committees:transmission", pk=transmission.pk)
    form = DecisionForm(request.POST or None, initial={"outcome": check.outcome})
    status = form_status(form)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                actor=request.user,
                transmission=transmission,
                outcome=form.cleaned_data["outcome"],
                explanation=form.cleaned_data["explanation"],
                gaps=form.cleaned_data["gaps"],
                pointers=form.cleaned_data["pointers"],
            )
        except TransitionError as error:
            form.add_error(None, error.message)
            status = CONFLICT
        except ValidationError as error:
            _on_form(form, error)
            status = INVALID
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("committees:transmission", pk=transmission.pk)
    return render(
        request,
        "committees/decision.html",
        {"transmission": transmission, "form": form, "check": check},
        status=status,
    )


def _on_form(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    transmission = _transmission(request, pk, perms.COMMITTEE_EVALUATE)
    decision = getattr(transmission, "decision", None)
    if decision is None:
        messages.error(request, _("Record the decision before confirming it."))
        return redirect("committees:transmission", pk=transmission.pk)
    try:
        services.confirmation_send(actor=request.user, decision=decision)
    except TransitionError as error:
        return _detail(request, transmission, status=CONFLICT, refusal=error.message)
    messages.success(request, _("The confirmation is sent to the ministry."))
    return redirect("committees:transmission", pk=transmission.pk)


@login_required
def confirmation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation to the ministry (a draft until sent, then exactly as sent)."""
    transmission = _transmission(request, pk, perms.TRANSMISSION_VIEW)
    decision = getattr(transmission, "decision", None)
    if decision is None or decision.outcome == Decision.Outcome.NONE:
        raise Http404
    try:
        rendered = render_committee_confirmation(
            selectors.confirmation_payload(decision, _lang(request))
        )
    except RenderError:
        messages.error(request, _("The document could not be prepared. Try again later."))
        return redirect("committees:transmission", pk=transmission.pk)
    return document_response(rendered)


@login_required
def result_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter to the candidate on the latest decision of a dossier (`pk`: the dossier):
    for the advisor and for the person, from their own login."""
    dossier = Dossier.objects.get_visible_or_404(request.user, pk=pk)
    caps = perms.object_capabilities(request.user, dossier)
    if perms.DOCUMENT_VIEW not in caps:
        raise PermissionDenied
    decision = selectors.latest_decision(dossier)
    if decision is None:
        raise Http404
    try:
        rendered = render_result_letter(selectors.result_letter_payload(decision, _lang(request)))
    except RenderError:
        messages.error(request, _("The document could not be prepared. Try again later."))
        return redirect("home")
    return document_response(rendered)


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    transmission = _transmission(request, pk, perms.RECOGNITION_MANAGE)
    form = NoteForm(request.POST, prefix="note")
    if not form.is_valid():
        return _detail(request, transmission, status=INVALID, note_form=form)
    try:
        services.follow_up_note_add(
            actor=request.user, transmission=transmission, text=form.cleaned_data["text"]
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, transmission, status=INVALID, note_form=form)
    messages.success(request, _("The note is saved."))
    return redirect("committees:transmission", pk=transmission.pk)
