"""The participation page and its actions, the mobilisation, the CLE's follow-up and the
feedback report.

The counsellor (PARTICIPATION_MANAGE) moves the status, plans, logs activities; the CLE
agent (PARTICIPATION_FOLLOW) reads status, dates, totals and documents — never the activity
notes — and adds its own notes; the participant (PARTICIPATION_VIEW only) sees the
mobilisation. Each form posts to its own view; a refused form re-shows the page (422), a
stale version or a forbidden move answers 409 and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from atout.accounts import permissions as perms
from atout.common.errors import ConflictError, TransitionError
from atout.common.views import CONFLICT, INVALID, conflict_rows, form_status, save_or_conflict
from atout.documents.kinds import DocumentState
from atout.documents.rendering import RenderError
from atout.documents.responses import document_response
from atout.participants import selectors as participant_selectors
from atout.participations import selectors, services
from atout.participations.forms import (
    ActivityForm,
    CleNoteForm,
    FeedbackForm,
    MoveForm,
    PlanForm,
    StartForm,
)
from atout.participations.models import FeedbackReport, Participation

PRODUCED = (DocumentState.APPROVED, DocumentState.PRINTED)


def _participation(request: HttpRequest, pk: int, capability: str) -> Participation:
    participation = selectors.participation_for(user=request.user, pk=pk)
    perms.require(request.user, capability, participation)
    return participation


def _can_read_feedback(caps: frozenset[str]) -> bool:
    return perms.FEEDBACK_WRITE in caps or perms.FEEDBACK_ACKNOWLEDGE in caps


def _moves(participation: Participation) -> list[dict[str, Any]]:
    targets = Participation.MACHINE.targets(participation.status)
    order = list(Participation.Status.values)
    return [
        {
            "to": target,
            "label": Participation.Status(target).label,
            "needs_reason": target in services.REASON_REQUIRED,
        }
        for target in sorted(targets, key=order.index)
    ]


def _detail_context(request: HttpRequest, participation: Participation, **forms: Any) -> dict:
    user = request.user
    caps = perms.object_capabilities(user, participation)
    manage = perms.PARTICIPATION_MANAGE in caps
    follow = perms.PARTICIPATION_FOLLOW in caps
    participant = participation.participant
    context = {
        "participation": participation,
        "participant": participant,
        "can_manage": manage,
        "can_follow": follow,
        "can_view_file": perms.PARTICIPANT_VIEW in perms.object_capabilities(user, participant),
        "events": participation.events.select_related("actor"),
        "totals": selectors.activity_totals(participation),
        # The CLE reads totals only: the activities (and their notes) stay with the organisation.
        "activities": selectors.activities_for(user=user, participation=participation)
        if manage
        else None,
        # The CLE reads what was produced (approved or printed); the counsellor sees drafts too.
        "documents": [
            doc
            for doc in selectors.documents_produced(user=user, participant=participant)
            if manage or doc.state in PRODUCED
        ],
        "cle_notes": selectors.cle_notes_for(user=user, participation=participation),
        "feedback": selectors.feedback_for(user=user, participation=participation)
        if _can_read_feedback(caps)
        else None,
        "feedback_due": services.feedback_is_due(participation),
        "can_read_feedback": _can_read_feedback(caps),
        "moves": _moves(participation) if manage else [],
    }
    if manage:
        context["plan_form"] = forms.get("plan_form") or PlanForm(instance=participation)
        context["move_form"] = forms.get("move_form") or MoveForm(
            initial={"version": participation.version}
        )
        context["activity_form"] = forms.get("activity_form") or ActivityForm()
    if follow:
        context["cle_note_form"] = forms.get("cle_note_form") or CleNoteForm()
    context["refused"] = forms.get("refused")
    context["conflict"] = forms.get("conflict")
    context["conflict_rows"] = forms.get("conflict_rows", [])
    return context


def _render_detail(
    request: HttpRequest, participation: Participation, status: int = 200, **forms: Any
) -> HttpResponse:
    return render(
        request,
        "participations/detail.html",
        _detail_context(request, participation, **forms),
        status=status,
    )


@login_required
def participation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk, perms.PARTICIPATION_VIEW)
    caps = perms.object_capabilities(request.user, participation)
    if not caps & {perms.PARTICIPATION_MANAGE, perms.PARTICIPATION_FOLLOW}:
        # The person sees the mobilisation part only.
        return redirect("participations:mobilisation", pk=participation.pk)
    return _render_detail(request, participation)


@login_required
@require_POST
def participation_plan(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk, perms.PARTICIPATION_MANAGE)
    form = PlanForm(request.POST, instance=Participation.objects.get(pk=participation.pk))
    conflict = None
    if form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.participation_update_plan(
                actor=request.user,
                participation=participation,
                data=form.values(),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if saved is not None:
            messages.success(request, _("Plan saved."))
            return redirect("participations:detail", pk=participation.pk)
    if conflict is not None:
        participation = selectors.participation_for(user=request.user, pk=pk)
    return _render_detail(
        request,
        participation,
        status=form_status(form, conflict),
        plan_form=form,
        conflict=conflict,
        conflict_rows=conflict_rows(form, conflict) if conflict else [],
    )


@login_required
@require_POST
def participation_move(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk, perms.PARTICIPATION_MANAGE)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, participation, status=INVALID, move_form=form)
    to = form.cleaned_data["to"]
    try:
        services.participation_change_status(
            actor=request.user,
            participation=participation,
            to=to,
            note=form.cleaned_data["note"],
            on=form.cleaned_data["on"],
            expected_version=form.cleaned_data.get("version"),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return _render_detail(request, participation, status=INVALID, move_form=form)
    except TransitionError as error:
        return _render_detail(request, participation, status=CONFLICT, refused=error.message)
    except ConflictError:
        fresh = selectors.participation_for(user=request.user, pk=pk)
        return _render_detail(
            request,
            fresh,
            status=CONFLICT,
            refused=_(
                "Someone changed this participation since you opened it. "
                "Here it is as it stands now; choose again."
            ),
        )
    messages.success(
        request,
        _("Status changed to « %(status)s ».") % {"status": Participation.Status(to).label},
    )
    return redirect("participations:detail", pk=participation.pk)


@login_required
@require_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk, perms.PARTICIPATION_MANAGE)
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.activity_add(
                actor=request.user, participation=participation, data=form.values()
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Activity added."))
            return redirect(f"{_detail_url(participation)}#activities")
    return _render_detail(request, participation, status=INVALID, activity_form=form)


def _detail_url(participation: Participation) -> str:
    from django.urls import reverse

    return reverse("participations:detail", kwargs={"pk": participation.pk})


@login_required
@require_POST
def steps_presented(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk, perms.PARTICIPATION_MANAGE)
    services.steps_presented(actor=request.user, participation=participation)
    messages.success(request, _("Recorded: the steps were presented today."))
    return redirect("participations:detail", pk=participation.pk)


@login_required
@require_POST
def cle_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk, perms.PARTICIPATION_FOLLOW)
    form = CleNoteForm(request.POST)
    if form.is_valid():
        try:
            services.cle_note_add(
                actor=request.user,
                participation=participation,
                kind=form.cleaned_data["kind"],
                income_support=form.cleaned_data["income_support"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect(f"{_detail_url(participation)}#cle-notes")
    return _render_detail(request, participation, status=INVALID, cle_note_form=form)


# --- Mobilisation ---------------------------------------------------------------------------


@login_required
def mobilisation(request: HttpRequest, pk: int) -> HttpResponse:
    """The steps, what to bring and the meeting dates: the person's page (staff see it too)."""
    from django.utils import translation

    participation = _participation(request, pk, perms.PARTICIPATION_VIEW)
    lang = "en" if (translation.get_language() or "fr").startswith("en") else "fr"
    caps = perms.object_capabilities(request.user, participation)
    return render(
        request,
        "participations/mobilisation.html",
        {
            "participation": participation,
            "participant": participation.participant,
            "letter": selectors.mobilisation_payload(participation, lang=lang),
            "is_staff_reader": bool(
                caps & {perms.PARTICIPATION_MANAGE, perms.PARTICIPATION_FOLLOW}
            ),
        },
    )


@login_required
def mobilisation_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The welcome letter as a PDF, in the person's language (or ?lang=fr|en)."""
    from atout.documents.rendering.mobilisation import render_mobilisation

    participation = _participation(request, pk, perms.PARTICIPATION_VIEW)
    lang = request.GET.get("lang")
    payload = selectors.mobilisation_payload(
        participation, lang=lang if lang in ("fr", "en") else None
    )
    try:
        document = render_mobilisation(payload)
    except RenderError:
        raise Http404() from None
    return document_response(document)


# --- Start from the file --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def participation_start(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation offers the passport (or a CV, a portfolio) itself."""
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.PARTICIPATION_MANAGE, participant)
    current = selectors.open_participation_of(user=request.user, participant=participant)
    agreements = selectors.agreements_to_start(participant)
    form = StartForm(request.POST or None, agreements=agreements)
    if request.method == "POST" and current is None and form.is_valid():
        data = form.cleaned_data
        try:
            participation = services.participation_start(
                actor=request.user,
                participant=participant,
                agreement=data["agreement"],
                tool=data["tool"],
                tool_reason=data["tool_reason"],
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
                first_meeting_at=data["first_meeting_at"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Participation started."))
            return redirect("participations:detail", pk=participation.pk)
    status = form_status(form)
    if request.method == "POST" and current is not None:
        status = CONFLICT
    return render(
        request,
        "participations/start.html",
        {
            "participant": participant,
            "form": form,
            "current": current,
            "has_agreements": agreements.exists(),
        },
        status=status,
    )


# --- The CLE's list -------------------------------------------------------------------------


@login_required
@perms.requires(perms.PARTICIPATION_FOLLOW)
def followed(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("statut", "")
    rows = list(selectors.followed_participations(user=request.user, status=status)[:500])
    for row in rows:
        row.hours = round((row.attended_minutes or 0) / 60, 1)
    return render(
        request,
        "participations/followed.html",
        {
            "rows": rows,
            "status": status if status in Participation.Status.values else "",
            "statuses": Participation.Status.choices,
        },
    )


# --- Feedback report ------------------------------------------------------------------------


def _feedback_reader(request: HttpRequest, pk: int) -> Participation:
    """The counsellor (who writes) or the CLE agent (who acknowledges); not the person."""
    participation = selectors.participation_for(user=request.user, pk=pk)
    if not _can_read_feedback(perms.object_capabilities(request.user, participation)):
        raise PermissionDenied(perms.FEEDBACK_WRITE)
    return participation


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        participation = _participation(request, pk, perms.FEEDBACK_WRITE)
    else:
        participation = _feedback_reader(request, pk)
    caps = perms.object_capabilities(request.user, participation)
    can_write = perms.FEEDBACK_WRITE in caps
    report = FeedbackReport.objects.filter(participation=participation).first()
    due = services.feedback_is_due(participation)
    editable = can_write and due and (report is None or report.status == "draft")
    form = None
    conflict = None
    if editable:
        initial = (
            None
            if report
            else selectors.feedback_prefill(user=request.user, participation=participation)
        )
        form = FeedbackForm(
            request.POST or None, instance=report or FeedbackReport(), initial=initial
        )
        if request.method == "POST" and form.is_valid():
            saved, conflict = save_or_conflict(
                form,
                lambda: services.feedback_save(
                    actor=request.user,
                    participation=participation,
                    data=form.values(),
                    expected_version=form.cleaned_data.get("version"),
                ),
            )
            if saved is not None:
                messages.success(request, _("Report saved as a draft."))
                return redirect("participations:feedback", pk=participation.pk)
    elif request.method == "POST":
        messages.error(
            request,
            _("This report was sent: it can no longer change.")
            if report
            else _(
                "The feedback report opens when the passport is produced or the participation ends."
            ),
        )
        return redirect("participations:feedback", pk=participation.pk)
    # The CLE reads only what was sent.
    shown = None
    if report is not None and report.status != "draft":
        shown = selectors.printed_feedback(report, user=request.user)
    status = form_status(form, conflict) if form is not None else 200
    return render(
        request,
        "participations/feedback.html",
        {
            "participation": participation,
            "participant": participation.participant,
            "report": report,
            "form": form,
            "shown": shown,
            "due": due,
            "can_write": can_write,
            "can_acknowledge": perms.FEEDBACK_ACKNOWLEDGE in caps
            and report is not None
            and report.status == FeedbackReport.Status.SENT,
            "conflict": conflict,
            "conflict_rows": conflict_rows(form, conflict) if conflict else [],
        },
        status=status,
    )


def _feedback_step(request: HttpRequest, pk: int, capability: str, step: Any, done: str):
    """Send or acknowledge the report: a refusal is a message, and the page shows again."""
    participation = _participation(request, pk, capability)
    try:
        step(actor=request.user, participation=participation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except TransitionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)
    return redirect("participations:feedback", pk=participation.pk)


@login_required
@require_POST
def feedback_send(request: HttpRequest, pk: int) -> HttpResponse:
    return _feedback_step(
        request,
        pk,
        perms.FEEDBACK_WRITE,
        services.feedback_send,
        _("The report was sent to the CLE."),
    )


@login_required
@require_POST
def feedback_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _feedback_step(
        request,
        pk,
        perms.FEEDBACK_ACKNOWLEDGE,
        services.feedback_acknowledge,
        _("Report acknowledged. The counsellor is told."),
    )


@login_required
def feedback_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as a PDF: what was sent (frozen), or the draft marked as such. The CLE
    gets only a sent report."""
    from atout.documents.rendering.feedback import render_feedback

    participation = _feedback_reader(request, pk)
    report = FeedbackReport.objects.filter(participation=participation).first()
    caps = perms.object_capabilities(request.user, participation)
    if report is None or (
        report.status == FeedbackReport.Status.DRAFT and perms.FEEDBACK_WRITE not in caps
    ):
        raise Http404()
    try:
        document = render_feedback(selectors.printed_feedback(report, user=request.user))
    except RenderError:
        raise Http404() from None
    return document_response(document)
