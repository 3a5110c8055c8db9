"""Practice cards under the participant's file: rehearse, rate, coach, print the sheet.

Reads need PRACTICE_VIEW (the person and their counsellors); the person's words need
PRACTICE_FILL (the person only); a coaching note PRACTICE_COACH. Each card saves on its own
(htmx swaps the card; without JavaScript the page comes back). A key that names no current
competency is a 404, like a foreign id.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atout.accounts import permissions as perms
from atout.common.views import conflict_rows, form_status, save_or_conflict
from atout.documents.rendering import RenderError
from atout.documents.rendering.practice import render_practice_sheet
from atout.documents.responses import document_response
from atout.participants import selectors as participant_selectors
from atout.participants.models import Participant
from atout.practice import selectors, services
from atout.practice.forms import CardForm, CoachNoteForm
from atout.practice.models import Readiness


def _participant(request: HttpRequest, pk: int, capability: str) -> Participant:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, capability, participant)
    return participant


def _lang() -> str:
    return "en" if (translation.get_language() or "fr").startswith("en") else "fr"


def _card_form(item: dict[str, Any]) -> CardForm:
    card = item["card"]
    return CardForm(
        initial={
            "key": item["key"],
            "version": card.version if card else 0,
            "own_words": card.own_words if card else "",
            "readiness": card.readiness if card else "",
        }
    )


def _note_form(item: dict[str, Any]) -> CoachNoteForm:
    card = item["card"]
    return CoachNoteForm(
        initial={
            "key": item["key"],
            "version": card.note_version if card else 0,
            "coach_note": card.coach_note if card else "",
        }
    )


def _decorate(
    item: dict[str, Any], caps: frozenset[str], bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A card as the page shows it: its forms (a bound one re-shows what was typed)."""
    bound = bound or {}
    item = dict(item)
    card = item["card"]
    item["readiness_label"] = Readiness(card.readiness).label if card and card.readiness else ""
    if perms.PRACTICE_FILL in caps:
        item["form"] = bound.get("form") or _card_form(item)
    if perms.PRACTICE_COACH in caps:
        item["note_form"] = bound.get("note_form") or _note_form(item)
    item["conflict"] = bound.get("conflict")
    item["conflict_rows"] = bound.get("conflict_rows", [])
    item["saved"] = bound.get("saved", "")
    return item


def _page(
    request: HttpRequest,
    participant: Participant,
    *,
    bound_key: str = "",
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    caps = perms.object_capabilities(request.user, participant)
    items = selectors.practice_cards(user=request.user, participant=participant, lang=_lang())
    cards = [_decorate(i, caps, bound if i["key"] == bound_key else None) for i in items]
    context = {
        "participant": participant,
        "cards": cards,
        "can_fill": perms.PRACTICE_FILL in caps,
        "can_coach": perms.PRACTICE_COACH in caps,
        "can_view_file": perms.PARTICIPANT_VIEW in caps and perms.SELF_VIEW not in caps,
        "is_owner": perms.SELF_VIEW in caps,
        "hidden_count": selectors.hidden_cards_count(user=request.user, participant=participant),
        "reapproval": not items
        and selectors.awaits_reapproval(user=request.user, participant=participant),
        "ready_count": sum(1 for c in cards if c["card"] and c["card"].readiness == "ready"),
        "one_page": len(cards) <= selectors.SHEET_ONE_PAGE,
    }
    return render(request, "practice/practice_page.html", context, status=status)


def _card_fragment(
    request: HttpRequest, participant: Participant, key: str, bound: dict[str, Any], status: int
) -> HttpResponse:
    caps = perms.object_capabilities(request.user, participant)
    items = selectors.practice_cards(user=request.user, participant=participant, lang=_lang())
    item = next(i for i in items if i["key"] == key)
    context = {
        "participant": participant,
        "c": _decorate(item, caps, bound),
        "can_fill": perms.PRACTICE_FILL in caps,
        "can_coach": perms.PRACTICE_COACH in caps,
    }
    return render(request, "practice/_card.html", context, status=status)


def _posted_key(request: HttpRequest, participant: Participant) -> str:
    """The key of a current competency named by the POST, or 404."""
    key = request.POST.get("key", "")
    if not (key.isascii() and key.isalnum() and len(key) <= 64):
        raise Http404
    if selectors.card_for_key(user=request.user, participant=participant, key=key) is None:
        raise Http404
    return key


@login_required
def practice_page(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk, perms.PRACTICE_VIEW)
    return _page(request, participant)


def _after_save(
    request: HttpRequest, participant: Participant, key: str, saved: str
) -> HttpResponse:
    if request.htmx:
        # Which form's status line says "Saved": the person's ("card") or the note's.
        return _card_fragment(request, participant, key, {"saved": saved}, 200)
    messages.success(request, _("Card saved."))
    return redirect(reverse("practice:cards", kwargs={"pk": participant.pk}) + f"#card-{key}")


def _refused(
    request: HttpRequest, participant: Participant, key: str, name: str, form, conflict
) -> HttpResponse:
    """The card again with what was typed, the errors or the conflict (422 or 409)."""
    bound = {
        name: form,
        "conflict": conflict,
        "conflict_rows": conflict_rows(form, conflict) if conflict else [],
    }
    status = form_status(form, conflict)
    if request.htmx:
        return _card_fragment(request, participant, key, bound, status)
    return _page(request, participant, bound_key=key, bound=bound, status=status)


@login_required
@require_POST
def card_save(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk, perms.PRACTICE_FILL)
    key = _posted_key(request, participant)
    form = CardForm(request.POST)
    conflict = None
    if form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.card_save(
                participant=participant,
                actor=request.user,
                key=key,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            ),
        )
        if saved is not None:
            return _after_save(request, participant, key, "card")
    return _refused(request, participant, key, "form", form, conflict)


@login_required
@require_POST
def coach_note(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk, perms.PRACTICE_COACH)
    key = _posted_key(request, participant)
    form = CoachNoteForm(request.POST)
    conflict = None
    if form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.coach_note_save(
                participant=participant,
                actor=request.user,
                key=key,
                note=form.cleaned_data["coach_note"],
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if saved is not None:
            return _after_save(request, participant, key, "note")
        if conflict is not None:
            # The note has its own version number (save_or_conflict moved the other one).
            form.data[form.add_prefix("version")] = conflict.note_version
    return _refused(request, participant, key, "note_form", form, conflict)


@login_required
def practice_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The one-page sheet (PDF), in the interface language unless `lang` says otherwise."""
    participant = _participant(request, pk, perms.PRACTICE_VIEW)
    lang = request.GET.get("lang")
    lang = lang if lang in ("fr", "en") else _lang()
    variant = "copy" if request.GET.get("variant") == "copy" else "colour"
    payload = selectors.sheet_payload(
        user=request.user, participant=participant, lang=lang, variant=variant
    )
    try:
        document = render_practice_sheet(payload)
    except RenderError:
        raise Http404() from None
    return document_response(document, as_attachment=False)


@login_required
def practice_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed which card, and when (the words, the readiness, the coaching notes)."""
    participant = _participant(request, pk, perms.PRACTICE_VIEW)
    caps = perms.object_capabilities(request.user, participant)
    context = {
        "participant": participant,
        "entries": selectors.card_history(user=request.user, participant=participant),
        "is_owner": perms.SELF_VIEW in caps,
    }
    return render(request, "practice/practice_history.html", context)
