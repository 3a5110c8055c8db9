"""The recognition dossier: the advisor's list, intake, dossier page, grid, and the CLE
agent's and the candidate's small pages.

The advisor's pages need RECOGNITION_MANAGE on the dossier (Qualifications Québec's
advisor); a dossier outside the user's scope is a 404. The CLE agent sees only the income
page (RECOGNITION_INCOME); the candidate confirms activity and answers link requests.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atout.accounts import permissions as perms
from atout.accounts.models import Role, User
from atout.common.errors import TransitionError
from atout.common.views import (
    CONFLICT,
    INVALID,
    conflict_rows,
    form_status,
    object_from_post,
    save_or_conflict,
)
from atout.documents.rendering import RenderError
from atout.documents.rendering.inventory_grid import render_inventory_grid
from atout.documents.responses import document_response
from atout.participants import selectors as participant_selectors
from atout.participants import services as participant_services
from atout.participants.models import Participant, SharedPart
from atout.participants.uploads import UploadRejected
from atout.recognition import selectors, services
from atout.recognition.forms import (
    DocumentForm,
    DossierFilterForm,
    EvidenceForm,
    IdentityForm,
    IncomeForm,
    IntakeForm,
    InventoryLineForm,
    LinkRequestForm,
    MeetingForm,
    MoveForm,
    RelevanceForm,
    UploadForm,
)
from atout.recognition.models import (
    CLOSED_PHASES,
    LAPSABLE_PHASES,
    AnalysedDocument,
    Dossier,
    EvidenceUse,
    LinkRequest,
    Phase,
)
from atout.recognition.panels import DOSSIER_PANELS
from atout.standards.models import Competency


def _dossier(request: HttpRequest, pk: int, capability: str = perms.RECOGNITION_MANAGE) -> Dossier:
    dossier = selectors.dossier_for(user=request.user, pk=pk)
    perms.require(request.user, capability, dossier)
    return dossier


# --- The advisor's list and intake ------------------------------------------------------------


@login_required
@perms.requires(perms.RECOGNITION_MANAGE)
def dossier_list(request: HttpRequest) -> HttpResponse:
    advisors = User.objects.filter(
        memberships__organisation=request.organisation,
        memberships__role=Role.RECOGNITION_ADVISOR,
    ).order_by("full_name")
    form = DossierFilterForm(request.GET or None, advisors=advisors)
    filters = selectors.DossierFilters()
    if form.is_valid():
        filters = selectors.DossierFilters(
            phase=form.cleaned_data["phase"],
            standard=form.cleaned_data["standard"],
            advisor=form.cleaned_data["advisor"],
        )
    counts = selectors.phase_counts(user=request.user)
    return render(
        request,
        "recognition/dossier_list.html",
        {
            "form": form,
            "rows": selectors.dossier_list(user=request.user, filters=filters),
            "counts": [(value, label, counts.get(value, 0)) for value, label in Phase.choices],
        },
    )


def _duplicates(request: HttpRequest, form: IdentityForm) -> list[Participant]:
    data = form.cleaned_data
    return participant_selectors.possible_duplicates(
        request.user,
        given_names=data.get("given_names", ""),
        family_name=data.get("family_name", ""),
        birth_date=data.get("birth_date"),
        email=data.get("email", ""),
        phone=data.get("mobile_phone", ""),
    )


@login_required
@perms.requires(perms.RECOGNITION_MANAGE)
def dossier_create(request: HttpRequest) -> HttpResponse:
    """Open a dossier: in an existing Qualifications Québec file (`?fichier=`), or in a new
    file, after the possible duplicates among the files the advisor may see."""
    organisation = request.organisation
    participant = None
    raw = request.GET.get("fichier", "") or request.POST.get("fichier", "")
    if raw:
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            raise Http404
        participant = participant_selectors.participant_for_user(user=request.user, pk=int(raw))
        if participant.organisation_id != organisation.pk:
            raise Http404
    data = request.POST if request.method == "POST" else None
    identity = None if participant else IdentityForm(data, prefix="id")
    intake = IntakeForm(data, prefix="dossier")
    duplicates: list[Participant] = []
    if request.method == "POST":
        valid = intake.is_valid() & (identity is None or identity.is_valid())
        if valid and identity is not None:
            duplicates = _duplicates(request, identity)
            choice = request.POST.get("duplicate_choice", "")
            if duplicates and choice != "different":
                if choice.startswith("use:"):
                    chosen = next((p for p in duplicates if f"use:{p.pk}" == choice), None)
                    if chosen is not None and chosen.organisation_id == organisation.pk:
                        participant, identity = chosen, None
                if participant is None:
                    valid = False
                    if choice:
                        intake.add_error(None, _("Choose one of the answers below."))
        if valid:
            try:
                dossier = services.dossier_open(
                    actor=request.user,
                    organisation=organisation,
                    participant=participant,
                    identity=identity.cleaned_data if identity is not None else None,
                    data=intake.cleaned_data,
                )
            except ValidationError as error:
                intake.add_error(None, error)
            else:
                if not dossier.never_recognised:
                    messages.warning(
                        request,
                        _(
                            "The dossier is open, but the competencies were recognised before: "
                            "it cannot go on. Redirect the person with the reason."
                        ),
                    )
                else:
                    messages.success(request, _("The recognition dossier is open."))
                return redirect("recognition:detail", pk=dossier.pk)
    status = 200
    if request.method == "POST":
        status = INVALID
    return render(
        request,
        "recognition/dossier_create.html",
        {
            "identity": identity,
            "intake": intake,
            "participant": participant,
            "duplicates": duplicates,
            "own_org_id": organisation.pk,
        },
        status=status,
    )


# --- The dossier page -------------------------------------------------------------------------


def _move_choices(dossier: Dossier) -> tuple[list, list]:
    """(ordinary moves, closing moves) allowed from here."""
    targets = services.allowed_targets(dossier)
    closing = [t for t in targets if t in services.REASON_REQUIRED]
    # Lapsing is the inactivity job's move, never a button.
    ordinary = [t for t in targets if t not in services.REASON_REQUIRED and t != Phase.LAPSED]
    labels = dict(Phase.choices)
    return [(t, labels[t]) for t in ordinary], [(t, labels[t]) for t in closing]


def _detail_context(request: HttpRequest, dossier: Dossier, **extra: Any) -> dict[str, Any]:
    meetings, total = selectors.meetings_of(dossier)
    ordinary, closing = _move_choices(dossier)
    gaps = selectors.inventory_gaps(dossier) if dossier.phase == Phase.PREPARATION else []
    competencies = selectors.standard_competencies(dossier.standard)
    attachments = selectors.attachments_for_analysis(user=request.user, dossier=dossier)
    achievements = selectors.achievements_for_reuse(user=request.user, dossier=dossier)
    context = {
        "dossier": dossier,
        "participant": dossier.participant,
        "elapsed": selectors.elapsed(dossier),
        "events": selectors.events_of(dossier),
        "meetings": meetings,
        "meeting_total": total,
        "meeting_hours": divmod(total, 60),
        "moves": ordinary,
        "closing_moves": closing,
        "gaps": gaps,
        "is_closed": dossier.phase in CLOSED_PHASES,
        "can_confirm_activity": dossier.activity_check_sent_at is not None
        and dossier.phase in LAPSABLE_PHASES,
        "meeting_form": MeetingForm(prefix="meeting"),
        "move_form": MoveForm(initial={"version": dossier.version}),
        "documents": selectors.documents_of(dossier),
        "document_form": DocumentForm(
            prefix="doc", attachments=attachments, competencies=_competency_qs(dossier)
        ),
        "upload_form": UploadForm(prefix="upload"),
        "evidence_uses": selectors.evidence_uses_of(dossier),
        "evidence_form": EvidenceForm(
            prefix="evidence", achievements=achievements, competencies=_competency_qs(dossier)
        ),
        "competencies": competencies,
        "link_form": LinkRequestForm(prefix="link"),
        "link_requests": LinkRequest.objects.filter(participant=dossier.participant)[:5],
        "dossier_panels": list(DOSSIER_PANELS),
        "can_link": perms.FILE_LINK in perms.object_capabilities(request.user, dossier.participant),
    }
    context.update(extra)
    return context


def _competency_qs(dossier: Dossier):
    return Competency.objects.filter(standard=dossier.standard).order_by("number")


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    return render(request, "recognition/dossier_detail.html", _detail_context(request, dossier))


@login_required
@require_POST
def dossier_move(request: HttpRequest, pk: int) -> HttpResponse:
    """A phase change from the dossier page; a refused move re-shows the page with why
    (409 for a stale page, 422 for a move the dossier does not allow), changing nothing."""
    dossier = _dossier(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        target = form.cleaned_data["target"]
        try:
            services.move(
                request.user,
                dossier,
                target,
                note=form.cleaned_data["note"],
                version=form.cleaned_data.get("version"),
            )
        except TransitionError as error:
            form.add_error(None, error.message)
        except services.ConflictError:
            dossier = selectors.dossier_for(user=request.user, pk=pk)
            return render(
                request,
                "recognition/dossier_detail.html",
                _detail_context(
                    request,
                    dossier,
                    move_error=_(
                        "Someone changed this dossier while you were reading it: "
                        "check its phase, then try again."
                    ),
                ),
                status=CONFLICT,
            )
        else:
            messages.success(
                request,
                _("The dossier is now « %(phase)s ».") % {"phase": dict(Phase.choices)[target]},
            )
            return redirect("recognition:detail", pk=dossier.pk)
    dossier = selectors.dossier_for(user=request.user, pk=pk)
    gaps = selectors.inventory_gaps(dossier) if dossier.phase == Phase.PREPARATION else []
    return render(
        request,
        "recognition/dossier_detail.html",
        _detail_context(request, dossier, move_form=form, gaps=gaps, show_gaps=True),
        status=INVALID,
    )


@login_required
def dossier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Intake and relevance: experience, standard, Red Seal (route 3°), reasons."""
    dossier = _dossier(request, pk)
    form = RelevanceForm(request.POST or None, instance=dossier)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.dossier_update(
                actor=request.user,
                dossier=dossier,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version") or 0,
            ),
        )
        if saved is not None:
            messages.success(request, _("The dossier is saved."))
            return redirect("recognition:detail", pk=dossier.pk)
    return render(
        request,
        "recognition/dossier_edit.html",
        {
            "dossier": dossier,
            "form": form,
            "conflict": conflict,
            "conflict_rows": conflict_rows(form, conflict) if conflict else [],
        },
        status=form_status(form, conflict),
    )


@login_required
@require_POST
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    form = MeetingForm(request.POST, prefix="meeting")
    if form.is_valid():
        try:
            services.meeting_add(actor=request.user, dossier=dossier, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting is logged."))
            return redirect("recognition:detail", pk=dossier.pk)
    return render(
        request,
        "recognition/dossier_detail.html",
        _detail_context(request, dossier, meeting_form=form),
        status=INVALID,
    )


@login_required
@require_POST
def confirm_active(request: HttpRequest, pk: int) -> HttpResponse:
    """The advisor confirms, from the dossier page, that the dossier is still active."""
    dossier = _dossier(request, pk)
    try:
        services.activity_confirm(actor=request.user, dossier=dossier)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: the dossier stays active."))
    return redirect("recognition:detail", pk=dossier.pk)


# --- The inventory grid -----------------------------------------------------------------------


def _line_forms(blocks, data=None, only: str | None = None):
    """One form per line, prefixed by the line's key; `only` binds just that line."""
    for block in blocks:
        for line in block.lines:
            entry = line.entry
            bound = data if only in (None, line.key) else None
            line.form = InventoryLineForm(
                bound,
                prefix=f"line-{line.key}",
                initial={
                    "self_assessment": entry.self_assessment,
                    "experience": entry.experience,
                    "proof": entry.proof,
                    "advisor_comment": entry.advisor_comment,
                    "version": entry.version,
                },
            )
            line.conflict = None
    return blocks


@login_required
def inventory(request: HttpRequest, pk: int) -> HttpResponse:
    """The grid on one screen. A POST saves one competency's lines (one form per
    competency), or one line (`line`: htmx); a stale line keeps what was typed and shows the
    saved text beside it; nothing typed is lost."""
    dossier = _dossier(request, pk)
    blocks = selectors.inventory_blocks(dossier)
    status = 200
    if request.method == "POST":
        competency_raw = request.POST.get("competency", "")
        only = request.POST.get("line") or None
        block = next((b for b in blocks if str(b.competency.pk) == competency_raw), None)
        if block is None:
            raise Http404
        _line_forms(blocks, request.POST, only=only)
        saved_all = True
        for line in block.lines:
            if only and line.key != only:
                continue
            form = line.form
            if not form.is_valid():
                saved_all = False
                continue
            try:
                line.entry = services.inventory_save(
                    actor=request.user,
                    dossier=dossier,
                    competency=line.competency,
                    element=line.element,
                    data=form.cleaned_data,
                    expected_version=form.cleaned_data.get("version") or 0,
                )
            except services.ConflictError as error:
                saved_all = False
                line.conflict = error.current
                form.data = form.data.copy()
                form.data[form.add_prefix("version")] = error.current.version
                status = CONFLICT
            except ValidationError as error:
                saved_all = False
                form.add_error(None, error)
        if saved_all:
            if request.htmx and only:
                line = next(ln for ln in block.lines if ln.key == only)
                _line_forms([type(block)(competency=block.competency, lines=[line])])
                return render(
                    request,
                    "recognition/_inventory_line.html",
                    {"line": line, "dossier": dossier, "saved": True, "editable": True},
                )
            messages.success(
                request,
                _("Competency %(n)s is saved.") % {"n": block.competency.number},
            )
            return redirect(f"{request.path}#competency-{block.competency.pk}")
        if status == 200:
            status = INVALID
        if request.htmx and only:
            line = next(ln for ln in block.lines if ln.key == only)
            return render(
                request,
                "recognition/_inventory_line.html",
                {"line": line, "dossier": dossier, "editable": True},
                status=status,
            )
    else:
        _line_forms(blocks)
    gaps = selectors.inventory_gaps(dossier)
    return render(
        request,
        "recognition/inventory.html",
        {
            "dossier": dossier,
            "blocks": blocks,
            "gaps": gaps,
            "editable": dossier.phase
            in (Phase.RECEIVED, Phase.RELEVANCE, Phase.INFORMED, Phase.PREPARATION),
        },
        status=status,
    )


@login_required
def inventory_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    lang = "en" if request.GET.get("langue") == "en" else "fr"
    variant = "plain" if request.GET.get("copie") else "colour"
    try:
        document = render_inventory_grid(
            selectors.inventory_payload(dossier, lang), variant=variant
        )
    except RenderError:
        messages.error(request, _("The document could not be prepared. Try again later."))
        return redirect("recognition:inventory", pk=dossier.pk)
    return document_response(document)


# --- Documents and evidence -------------------------------------------------------------------


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Analyse one of the person's documents: chosen from the files, or uploaded here (into
    the Qualifications Québec file, through the attachment service)."""
    dossier = _dossier(request, pk)
    attachments = selectors.attachments_for_analysis(user=request.user, dossier=dossier)
    post = request.POST.copy()
    upload_form = None
    if request.FILES:
        upload_form = UploadForm(request.POST, request.FILES, prefix="upload")
        if upload_form.is_valid():
            try:
                attachment = participant_services.attachment_add(
                    participant=dossier.participant,
                    actor=request.user,
                    upload=upload_form.cleaned_data["file"],
                    kind=upload_form.cleaned_data["kind"],
                    description=upload_form.cleaned_data["description"],
                )
            except (UploadRejected, ValidationError) as error:
                upload_form.add_error("file", getattr(error, "message", None) or str(error))
            else:
                post["doc-attachment"] = str(attachment.pk)
                attachments = selectors.attachments_for_analysis(user=request.user, dossier=dossier)
    form = DocumentForm(
        post, prefix="doc", attachments=attachments, competencies=_competency_qs(dossier)
    )
    if (upload_form is None or upload_form.is_valid() and not upload_form.errors) and (
        form.is_valid()
    ):
        try:
            services.document_analyse(
                actor=request.user,
                dossier=dossier,
                attachment=form.cleaned_data["attachment"],
                notes=form.cleaned_data["notes"],
                competencies=list(form.cleaned_data["competencies"]),
                include_in_package=form.cleaned_data["include_in_package"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document analysis is saved."))
            return redirect(f"{_detail_url(dossier)}#documents")
    return render(
        request,
        "recognition/dossier_detail.html",
        _detail_context(
            request,
            dossier,
            document_form=form,
            upload_form=upload_form or UploadForm(prefix="upload"),
        ),
        status=INVALID,
    )


def _detail_url(dossier: Dossier) -> str:
    from django.urls import reverse

    return reverse("recognition:detail", args=[dossier.pk])


@login_required
@require_POST
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    document = object_from_post(
        request, AnalysedDocument.objects.filter(dossier=dossier), "document"
    )
    document._history_user = request.user
    document.delete()
    services.touch(dossier)
    messages.success(request, _("The document is no longer analysed in this dossier."))
    return redirect(f"{_detail_url(dossier)}#documents")


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    form = EvidenceForm(
        request.POST,
        prefix="evidence",
        achievements=selectors.achievements_for_reuse(user=request.user, dossier=dossier),
        competencies=_competency_qs(dossier),
    )
    if form.is_valid():
        try:
            services.evidence_use_add(
                actor=request.user,
                dossier=dossier,
                competency=form.cleaned_data["competency"],
                achievement=form.cleaned_data["achievement"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The achievement now supports the competency."))
            return redirect(f"{_detail_url(dossier)}#evidence")
    return render(
        request,
        "recognition/dossier_detail.html",
        _detail_context(request, dossier, evidence_form=form),
        status=INVALID,
    )


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    use = object_from_post(request, EvidenceUse.objects.filter(dossier=dossier), "use")
    services.evidence_use_remove(actor=request.user, use=use)
    messages.success(request, _("The achievement no longer supports this competency."))
    return redirect(f"{_detail_url(dossier)}#evidence")


# --- File link --------------------------------------------------------------------------------


@login_required
@require_POST
def link_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the person to link their file elsewhere (they answer from their own account)."""
    dossier = _dossier(request, pk)
    form = LinkRequestForm(request.POST, prefix="link")
    if form.is_valid():
        try:
            services.link_request(
                actor=request.user,
                participant=dossier.participant,
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "The request is recorded. If an Atout account uses this e-mail, the person "
                    "receives it and answers from their account; the link appears here once "
                    "they agree."
                ),
            )
            return redirect(f"{_detail_url(dossier)}#link")
    return render(
        request,
        "recognition/dossier_detail.html",
        _detail_context(request, dossier, link_form=form),
        status=INVALID,
    )


@login_required
@require_POST
def link_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    try:
        services.link_revoke(actor=request.user, participant=dossier.participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The files are no longer linked."))
    return redirect(f"{_detail_url(dossier)}#link")


@login_required
def my_links(request: HttpRequest) -> HttpResponse:
    """The person's own page: Qualifications Québec's requests to link their files, and the
    links in force, each with its answer or its revocation."""
    own = getattr(request.user, "participant_file", None)
    if own is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("accept", "decline"):
            pending = {str(r.pk): r for r in services.pending_link_requests(request.user)}
            link = pending.get(request.POST.get("request", ""))
            if link is None:
                raise Http404
            # The parts of the file the person agrees to communicate (atout.disclosures); a
            # form without the boxes (an older page) means all of them, as the page proposes.
            parts = request.POST.getlist("parts") if "parts_shown" in request.POST else None
            if action == "accept" and parts is not None and not parts:
                messages.error(request, _("Choose at least one part of your file to share."))
                return redirect("recognition:my_links")
            try:
                services.link_answer(
                    user=request.user, request=link, accept=action == "accept", parts=parts
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("recognition:my_links")
            messages.success(
                request,
                _("Your files are linked.")
                if action == "accept"
                else _("Your answer is recorded."),
            )
        elif action == "revoke":
            qq_file = object_from_post(request, Participant.objects.filter(linked_file=own), "file")
            services.link_revoke(actor=request.user, participant=qq_file)
            messages.success(request, _("Your files are no longer linked."))
        else:
            raise Http404
        return redirect("recognition:my_links")
    linked = Participant.objects.filter(linked_file=own).select_related("organisation")
    return render(
        request,
        "recognition/my_links.html",
        {
            "pending": services.pending_link_requests(request.user),
            "linked": linked,
            "shared_parts": SharedPart.choices,
        },
    )


# --- The candidate's confirmation and the CLE agent's page ------------------------------------


@login_required
def still_active(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate confirms, in one click, that their dossier is still active."""
    dossier = _dossier(request, pk, perms.SELF_VIEW)
    if request.method == "POST":
        try:
            services.activity_confirm(actor=request.user, dossier=dossier)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: your dossier stays active."))
        return redirect("recognition:still_active", pk=dossier.pk)
    return render(
        request,
        "recognition/still_active.html",
        {
            "dossier": dossier,
            "waiting": dossier.activity_check_sent_at is not None
            and dossier.phase in LAPSABLE_PHASES,
        },
    )


@login_required
@perms.requires(perms.RECOGNITION_INCOME)
def cle_list(request: HttpRequest) -> HttpResponse:
    """The CLE agent's list: the dossiers of people whose income support the CLE follows."""
    rows = selectors.dossiers_of(user=request.user).filter(cle=request.organisation)
    return render(request, "recognition/cle_list.html", {"rows": rows})


@login_required
def income(request: HttpRequest, pk: int) -> HttpResponse:
    """The CLE agent's page: name, standard, phase and income support, nothing else."""
    dossier = _dossier(request, pk, perms.RECOGNITION_INCOME)
    form = IncomeForm(request.POST or None, initial={"income_support": dossier.income_support})
    if request.method == "POST" and form.is_valid():
        try:
            services.income_support_record(
                actor=request.user,
                dossier=dossier,
                income_support=form.cleaned_data["income_support"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The income support is recorded."))
            return redirect("recognition:income", pk=dossier.pk)
    return render(
        request,
        "recognition/income.html",
        {"dossier": dossier, "form": form},
        status=form_status(form),
    )
