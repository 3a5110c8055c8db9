"""JSON Resume under the participant file: download the export; upload, preview, confirm.

The export is a document of the file (DOCUMENT_VIEW). Importing is open to whoever may add
to the evidence base: staff with PASSPORT_EDIT (accepted records) and the person with
EVIDENCE_PROPOSE (proposals). The uploaded file waits in the database between the preview
and the confirmation, so any server process can answer either step.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from atout.accounts import permissions as perms
from atout.common.views import INVALID, form_status
from atout.evidence.models import Review
from atout.jsonresume import selectors, services
from atout.jsonresume.forms import ConfirmForm, ResumeUploadForm
from atout.jsonresume.importing import compare, parse_resume
from atout.jsonresume.parsing import ResumeRejected
from atout.participants import selectors as participant_selectors
from atout.participants.models import Participant

IMPORT_CAPABILITIES = frozenset({perms.PASSPORT_EDIT, perms.EVIDENCE_PROPOSE})


def _participant_for_import(request: HttpRequest, pk: int) -> tuple[Participant, frozenset]:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    caps = perms.object_capabilities(request.user, participant)
    if not caps & IMPORT_CAPABILITIES:
        raise PermissionDenied(perms.EVIDENCE_PROPOSE)
    return participant, caps


@login_required
def resume_export(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.DOCUMENT_VIEW, participant)
    lang = request.GET.get("lang")
    if lang not in ("fr", "en"):
        lang = participant.preferred_language if participant.preferred_language == "en" else "fr"
    document = selectors.export_resume(participant, lang=lang)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n",
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="resume-{participant.pk}-{lang}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _context(participant: Participant, caps: frozenset, **extra) -> dict:
    return {
        "participant": participant,
        "proposing": perms.PASSPORT_EDIT not in caps,
        "can_view_file": perms.PARTICIPANT_VIEW in caps,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def resume_upload(request: HttpRequest, pk: int) -> HttpResponse:
    participant, caps = _participant_for_import(request, pk)
    form = ResumeUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["upload"].read()
        try:
            services.pending_import_save(
                participant=participant,
                actor=request.user,
                raw=raw,
                lang=form.cleaned_data["lang"],
            )
        except ResumeRejected as rejected:
            problems = rejected.problems
        else:
            return redirect("jsonresume:preview", pk=participant.pk)
    context = _context(participant, caps, form=form, problems=problems)
    status = INVALID if problems else form_status(form)
    return render(request, "jsonresume/upload.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def resume_preview(request: HttpRequest, pk: int) -> HttpResponse:
    participant, caps = _participant_for_import(request, pk)
    pending = selectors.pending_import_for(user=request.user, participant=participant)
    upload_url = reverse("jsonresume:import", kwargs={"pk": participant.pk})
    if pending is None:
        messages.info(request, _("Choose the file to import."))
        return redirect(upload_url)
    try:
        plan = parse_resume(bytes(pending.raw), lang=pending.lang)
    except ResumeRejected as rejected:  # the rules changed since the upload
        form = ResumeUploadForm()
        context = _context(participant, caps, form=form, problems=rejected.problems)
        return render(request, "jsonresume/upload.html", context, status=INVALID)
    plan = services.plan_for_actor(plan, actor=request.user, participant=participant)
    confirm = ConfirmForm(request.POST or None, initial={"digest": plan.digest})
    status = 200
    if request.method == "POST":
        if not confirm.is_valid() or confirm.cleaned_data["digest"] != plan.digest:
            messages.error(
                request, _("Another file was chosen since this page was shown: check it again.")
            )
            status = 409
        else:
            try:
                result = services.pending_import_confirm(pending=pending, actor=request.user)
            except ResumeRejected as rejected:
                form = ResumeUploadForm()
                context = _context(participant, caps, form=form, problems=rejected.problems)
                return render(request, "jsonresume/upload.html", context, status=INVALID)
            messages.success(request, _result_message(result))
            return redirect("evidence:list", pk=participant.pk)
    preview = compare(plan, participant)
    context = _context(
        participant,
        caps,
        plan=plan,
        preview=preview,
        confirm=ConfirmForm(initial={"digest": plan.digest}),
    )
    return render(request, "jsonresume/preview.html", context, status=status)


def _result_message(result: services.ImportResult) -> str:
    if not result.total:
        return _("Nothing was added: the file holds nothing new.")
    if result.review == Review.PROPOSED:
        return ngettext(
            "%(count)d item proposed; your counsellor will review it.",
            "%(count)d items proposed; your counsellor will review them.",
            result.total,
        ) % {"count": result.total}
    return ngettext(
        "%(count)d item added from the JSON Resume file.",
        "%(count)d items added from the JSON Resume file.",
        result.total,
    ) % {"count": result.total}
