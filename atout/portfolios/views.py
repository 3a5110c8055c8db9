"""The portfolio page under the participant file: what to include, the cover, warnings,
approval and printing, and the PDF (the live draft, or the approved content as frozen).

Every form works without JavaScript; ids named in POST fields are only ever compared with
the ids this file offers, so a foreign or malformed id changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atout.accounts import permissions as perms
from atout.common.views import form_status, save_or_conflict
from atout.documents.kinds import DocumentState, NothingToRender
from atout.documents.rendering import RenderError
from atout.documents.responses import document_response
from atout.portfolios import selectors, services
from atout.portfolios.forms import PortfolioForm
from atout.portfolios.models import Portfolio


def _offered(found: selectors.Candidates) -> dict[str, set[int]]:
    offered: dict[str, set[int]] = {kind: set() for kind in ("achievement", "proof")}
    for section in found.sections:
        for story in section.stories:
            offered["achievement"].add(story.achievement.pk)
            offered["proof"].update(p.attachment.pk for p in story.proofs)
    offered["experience"] = {e.pk for e, _included in found.experiences}
    offered["education"] = {e.pk for e, _included in found.education}
    offered["certificate"] = {c.pk for c, _included in found.certificates}
    return offered


def _apply_ticks(found: selectors.Candidates, left_out: dict[str, list[int]]) -> None:
    out = {kind: set(ids) for kind, ids in left_out.items()}
    for section in found.sections:
        for story in section.stories:
            story.included = story.achievement.pk not in out["achievement"]
            for proof in story.proofs:
                proof.included = proof.attachment.pk not in out["proof"]
    found.experiences = [(e, e.pk not in out["experience"]) for e, _i in found.experiences]
    found.education = [(e, e.pk not in out["education"]) for e, _i in found.education]
    found.certificates = [(c, c.pk not in out["certificate"]) for c, _i in found.certificates]


def _summary(payload: dict) -> dict[str, int]:
    stories = [s for section in payload["sections"] for s in section["stories"]]
    return {
        "sections": len(payload["sections"]),
        "stories": len(stories),
        "images": sum(len(s["images"]) for s in stories),
        "documents": sum(len(s["documents"]) for s in stories),
        "education": len(payload["education"]) + len(payload["certificates"]),
        "experiences": len(payload["experiences"]),
    }


@login_required
def portfolio_page(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the page. POST: save the cover and the selection (DOCUMENT_EDIT)."""
    participant, portfolio = selectors.portfolio_for_user(user=request.user, pk=pk)
    perms.require(
        request.user,
        perms.DOCUMENT_EDIT if request.method == "POST" else perms.DOCUMENT_VIEW,
        participant,
    )
    found = selectors.candidates(portfolio)
    form = PortfolioForm(
        request.POST if request.method == "POST" else None,
        instance=portfolio if portfolio.pk else Portfolio(language=portfolio.language),
        offered=_offered(found),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.portfolio_update(
                participant=participant,
                actor=request.user,
                data={name: form.cleaned_data[name] for name in services.COVER_FIELDS},
                selection=form.selection(),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect("portfolios:page", pk=participant.pk)
    status = form_status(form, conflict)
    if conflict is not None:
        portfolio = conflict
    if form.is_bound:
        # The boxes show what was ticked, not what is saved: nothing typed is lost.
        _apply_ticks(found, form.selection())
    built = selectors.build_payload(portfolio)
    caps = perms.object_capabilities(request.user, participant)
    awaiting = portfolio.state in services.AWAITING
    context = {
        "participant": participant,
        "portfolio": portfolio,
        "found": found,
        "form": form,
        "conflict": conflict,
        "summary": _summary(built.payload),
        "warnings": built.warnings
        + selectors.image_problems(portfolio)
        + selectors.frozen_image_notes(portfolio),
        "default_title": selectors.default_title(portfolio.language),
        "default_subtitle": selectors.default_subtitle(portfolio.language),
        "is_owner": participant.user_id == request.user.pk,
        "can_edit": perms.DOCUMENT_EDIT in caps,
        "can_view_file": perms.PARTICIPANT_VIEW in caps,
        "can_approve": perms.DOCUMENT_APPROVE in caps and awaiting,
        "can_approve_in_person": perms.DOCUMENT_EDIT in caps and awaiting,
        "can_submit": perms.DOCUMENT_EDIT in caps
        and portfolio.state in (DocumentState.DRAFT, DocumentState.REAPPROVAL),
    }
    return render(request, "portfolios/page.html", context, status=status)


def _action(request: HttpRequest, pk: int, capability: str, run, done: str) -> HttpResponse:
    participant, _portfolio = selectors.portfolio_for_user(user=request.user, pk=pk)
    perms.require(request.user, capability, participant)
    try:
        result = run(participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
        for warning in result[1] if isinstance(result, tuple) else []:
            messages.warning(request, warning)
    return redirect("portfolios:page", pk=participant.pk)


@login_required
@require_POST
def portfolio_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        perms.DOCUMENT_EDIT,
        lambda p: services.portfolio_submit(participant=p, actor=request.user),
        _("The portfolio is ready for the participant's review."),
    )


@login_required
@require_POST
def portfolio_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        perms.DOCUMENT_APPROVE,
        lambda p: services.portfolio_approve(participant=p, actor=request.user),
        _("Thank you! Your portfolio is approved."),
    )


@login_required
@require_POST
def portfolio_approve_in_person(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        perms.DOCUMENT_EDIT,
        lambda p: services.portfolio_approve(participant=p, actor=request.user, in_person=True),
        _("Approval given in person is recorded."),
    )


@login_required
@require_POST
def portfolio_printed(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        perms.DOCUMENT_EDIT,
        lambda p: services.portfolio_mark_printed(participant=p, actor=request.user),
        _("The portfolio is marked as printed."),
    )


def _variant(request: HttpRequest) -> str:
    return "copy" if request.GET.get("variant") == "copy" else "colour"


@login_required
def draft_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The live draft, marked as a draft on every page."""
    participant, portfolio = selectors.portfolio_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.DOCUMENT_VIEW, participant)
    try:
        document, _warnings = selectors.draft_document(portfolio, variant=_variant(request))
    except RenderError:
        raise Http404() from None
    return document_response(document, as_attachment=False)


@login_required
def approved_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The approved portfolio exactly as frozen; before approval, back to the page."""
    participant, portfolio = selectors.portfolio_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.DOCUMENT_VIEW, participant)
    try:
        document, _warnings = selectors.approved_document(portfolio, variant=_variant(request))
    except NothingToRender as reason:
        messages.error(request, str(reason))
        return redirect("portfolios:page", pk=participant.pk)
    except RenderError:
        raise Http404() from None
    return document_response(document, as_attachment=False)
