"""The CV page under the participant's file: settings, a preview of what prints, approval,
printing and the documents (PDF, DOCX).

Reads need DOCUMENT_VIEW (the participant reads their own CV); settings, submitting, the
approval recorded in person and printing need DOCUMENT_EDIT; the participant approves from
their own login with DOCUMENT_APPROVE. Another organisation's file is a 404 (scoping).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from atout.accounts import permissions as perms
from atout.common.views import conflict_rows, form_status, save_or_conflict, state_change
from atout.documents import previews
from atout.documents.rendering import RenderError
from atout.documents.rendering import cv as cv_rendering
from atout.documents.rendering.cv import cv_warnings, render_cv_preview, render_cv_with_warnings
from atout.documents.rendering.engine import inputs_digest
from atout.documents.responses import document_response
from atout.participants.models import Participant
from atout.participants.selectors import participant_for_user
from atout.resumes import selectors, services
from atout.resumes.forms import CvSettingsForm
from atout.resumes.models import Cv


def _participant(request: HttpRequest, pk: int, capability: str) -> Participant:
    participant = participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, capability, participant)
    return participant


def _page_url(participant: Participant) -> str:
    return reverse("resumes:cv", kwargs={"pk": participant.pk})


# The preview images' cache entries (atout.documents.previews).
PREVIEW_KIND = "cv"


PREVIEW_PPI = 50


def _preview_pages(payload: dict) -> list[bytes]:
    try:
        return render_cv_preview(payload, ppi=PREVIEW_PPI)
    except RenderError:
        return []


def _preview_inputs(payload: dict) -> str:
    """The digest of what `render_cv_preview` compiles: the template's data (its compact
    form differs only by its `compact` flag), PNG at the preview's resolution."""
    data = cv_rendering.document_payload(payload, variant="colour")
    extra = "cv preview, compact if shorter"
    return inputs_digest(cv_rendering.TEMPLATE, data, fmt="png", ppi=PREVIEW_PPI, extra=extra)


def _preview(participant: Participant, payload: dict) -> list[str]:
    """Image URLs named by content hash (bytes in the shared cache), not base64 in the page.

    Unchanged inputs (the page reloaded, settings saved without a visible change) compile
    nothing (`previews.cached_pages`).
    """
    digests = previews.cached_pages(
        PREVIEW_KIND, participant.pk, _preview_inputs(payload), lambda: _preview_pages(payload)
    )
    return [
        reverse("resumes:preview_page", kwargs={"pk": participant.pk, "digest": d}) for d in digests
    ]


def _shown_payload(participant: Participant) -> dict:
    """What the page shows and prints: the approved CV, else the live draft."""
    cv = selectors.cv_or_default(participant)
    return cv.approved_payload if cv.is_approved else selectors.cv_build(cv).payload


@login_required
@require_http_methods(["GET", "POST"])
def cv_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The CV: its settings, what it will print, what is missing, approval and printing."""
    participant = _participant(
        request, pk, perms.DOCUMENT_EDIT if request.method == "POST" else perms.DOCUMENT_VIEW
    )
    cv = selectors.cv_or_default(participant)
    caps = perms.object_capabilities(request.user, participant)
    can_edit = perms.DOCUMENT_EDIT in caps
    form = CvSettingsForm(request.POST or None, instance=cv)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.cv_update(
                participant=participant,
                actor=request.user,
                data=form.values(),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if saved is not None:
            messages.success(request, _("CV settings saved."))
            return redirect(_page_url(participant))
        cv = selectors.cv_or_default(participant)
    # Re-read the saved settings: a form re-shown with errors must not change the preview.
    if form.is_bound:
        cv = selectors.cv_or_default(participant)
    build = selectors.cv_build(cv)
    shown = cv.approved_payload if cv.is_approved else build.payload
    warnings = _safe_warnings(shown)
    is_owner = participant.user_id == request.user.pk
    context = {
        "participant": participant,
        "cv": cv,
        "form": form,
        "conflict": conflict,
        "conflict_rows": conflict_rows(form, conflict) if conflict else [],
        "build": build,
        "warnings": warnings,
        "images": _preview(participant, shown),
        "changed_since_approval": cv.is_approved
        and _comparable(cv.approved_payload) != _comparable(build.payload),
        "is_owner": is_owner,
        "can_edit": can_edit,
        "can_view_file": perms.PARTICIPANT_VIEW in caps,
        "can_approve": perms.DOCUMENT_APPROVE in caps and cv.awaits_approval,
        "can_approve_in_person": can_edit and cv.awaits_approval and not is_owner,
        "can_print": can_edit and cv.is_approved,
        "share_links": _share_link_choices(participant) if can_edit and cv.is_approved else [],
        "pdf_url": _document_url(participant, "pdf", "colour"),
        "copy_url": _document_url(participant, "pdf", "copy"),
        "docx_url": _document_url(participant, "docx", "colour"),
        "evidence_url": reverse("evidence:list", kwargs={"pk": participant.pk}),
        "languages_url": reverse("competencies:language_list", kwargs={"pk": participant.pk}),
        "passport_url": reverse("passports:home", kwargs={"pk": participant.pk}),
    }
    return render(request, "resumes/cv.html", context, status=form_status(form, conflict))


def _safe_warnings(payload: dict) -> list[str]:
    try:
        return cv_warnings(payload)
    except RenderError:
        return [_("The CV could not be produced; your counsellor has been told.")]


def _comparable(payload: dict | None) -> dict:
    return {k: v for k, v in (payload or {}).items() if k != "draft"}


def _share_link_choices(participant: Participant) -> list[tuple[str, str]]:
    from atout.sharing.selectors import share_link_choices

    return share_link_choices(participant)


def _document_url(participant: Participant, fmt: str, variant: str, qr_link: str = "") -> str:
    base = reverse("resumes:document", kwargs={"pk": participant.pk})
    query = {"format": fmt, "variant": variant} | ({"qr_link": qr_link} if qr_link else {})
    return f"{base}?{urlencode(query)}"


def _action(request: HttpRequest, participant: Participant, run, done: str) -> HttpResponse:
    return state_change(request, run, done=done, to=_page_url(participant))


@login_required
@require_POST
def cv_submit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk, perms.DOCUMENT_EDIT)
    return _action(
        request,
        participant,
        lambda: services.cv_submit(participant=participant, actor=request.user),
        _("The CV is ready for the participant's approval."),
    )


@login_required
@require_POST
def cv_approve(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk, perms.DOCUMENT_APPROVE)
    return _action(
        request,
        participant,
        lambda: services.cv_approve(participant=participant, actor=request.user),
        _("Thank you! Your CV is approved."),
    )


@login_required
@require_POST
def cv_approve_in_person(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk, perms.DOCUMENT_EDIT)
    return _action(
        request,
        participant,
        lambda: services.cv_approve(participant=participant, actor=request.user, in_person=True),
        _("Approval given in person is recorded."),
    )


@login_required
@require_POST
def cv_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the printing, then give the approved PDF to print."""
    participant = _participant(request, pk, perms.DOCUMENT_EDIT)
    try:
        services.cv_mark_printed(participant=participant, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_page_url(participant))
    variant = "copy" if request.POST.get("variant") == "copy" else "colour"
    qr_link = request.POST.get("qr_link", "")
    qr_link = qr_link if qr_link.isascii() and qr_link.isdigit() and len(qr_link) < 19 else ""
    return redirect(_document_url(participant, "pdf", variant, qr_link))


@login_required
def cv_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The approved CV from its frozen payload; before approval, the live draft, marked so."""
    participant = _participant(request, pk, perms.DOCUMENT_VIEW)
    cv: Cv = selectors.cv_or_default(participant)
    payload = cv.approved_payload if cv.is_approved else selectors.cv_build(cv).payload
    fmt = "docx" if request.GET.get("format") == "docx" else "pdf"
    variant = "copy" if request.GET.get("variant") == "copy" else "colour"
    # An employer share link printed as a QR code (only one of the file's active links).
    from atout.sharing.selectors import share_link_url

    qr_url = share_link_url(participant, request.GET.get("qr_link"))
    document, _warnings = render_cv_with_warnings(payload, variant=variant, fmt=fmt, qr_url=qr_url)
    return document_response(document, as_attachment=fmt == "docx")


@login_required
def cv_preview_page(request: HttpRequest, pk: int, digest: str) -> HttpResponse:
    """One preview page image, checked like the CV page; re-rendered if the cache lost it."""
    participant = _participant(request, pk, perms.DOCUMENT_VIEW)
    return previews.page_response(
        PREVIEW_KIND, participant.pk, digest, lambda: _preview_pages(_shown_payload(participant))
    )
