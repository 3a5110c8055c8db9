"""Cover letters under the participant's file: list, write, approve, print, download.

Reads need DOCUMENT_VIEW (the participant reads their own letters); writes DOCUMENT_EDIT;
the participant approves with DOCUMENT_APPROVE, the counsellor records an approval given in
person with DOCUMENT_EDIT. Another organisation's letter is a 404 through scoping.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from atout.accounts import permissions as perms
from atout.common.views import conflict_rows, form_status, save_or_conflict, state_change
from atout.documents.kinds import DocumentState
from atout.documents.rendering import RenderError
from atout.documents.responses import document_response
from atout.letters import selectors, services
from atout.letters.forms import CoverLetterForm
from atout.letters.models import CoverLetter
from atout.participants import selectors as participant_selectors
from atout.participants.models import Participant


def _participant(request: HttpRequest, pk: int, capability: str) -> Participant:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, capability, participant)
    return participant


def _letter(request: HttpRequest, participant_pk: int, pk: int, capability: str) -> CoverLetter:
    letter = selectors.letter_for(user=request.user, participant_pk=participant_pk, pk=pk)
    perms.require(request.user, capability, letter)
    return letter


def _detail_url(letter: CoverLetter) -> str:
    return reverse(
        "letters:detail", kwargs={"participant_pk": letter.participant_id, "pk": letter.pk}
    )


@login_required
def letter_list(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk, perms.DOCUMENT_VIEW)
    caps = perms.object_capabilities(request.user, participant)
    context = {
        "participant": participant,
        "letters": selectors.letters_for(user=request.user, participant=participant).order_by(
            "-updated_at", "-pk"
        ),
        "can_edit": perms.DOCUMENT_EDIT in caps,
        "can_view_file": perms.PARTICIPANT_VIEW in caps,
    }
    return render(request, "letters/letter_list.html", context)


def _suggestion_form(
    request: HttpRequest, participant: Participant, instance: CoverLetter
) -> tuple[CoverLetterForm, str, bool]:
    """The form again with what was typed, and the suggested body.

    An empty body takes the suggestion at once; a body already written is replaced only
    when the person confirms (the button says so), never silently.
    """
    posted = {name: request.POST.get(name, "") for name in [*services.LETTER_FIELDS, "version"]}
    language = posted["language"] if posted["language"] in ("fr", "en") else "fr"
    draft = CoverLetter(
        participant=participant,
        language=language,
        employer_name=posted["employer_name"][:200],
        posting_title=posted["posting_title"][:200],
        posting_reference=posted["posting_reference"][:100],
    )
    suggestion = selectors.suggestion_for(draft)
    needs_confirmation = bool(posted["body"].strip()) and request.POST.get("suggest") != "replace"
    if not needs_confirmation:
        posted["body"] = suggestion
    return CoverLetterForm(initial=posted, instance=instance), suggestion, needs_confirmation


def _initial(participant: Participant) -> dict[str, Any]:
    language = "en" if participant.preferred_language == "en" else "fr"
    return {
        "language": language,
        "place": participant.city,
        "signature_name": participant.display_name,
    }


@login_required
@require_http_methods(["GET", "POST"])
def letter_create(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk, perms.DOCUMENT_EDIT)
    instance = CoverLetter(participant=participant)
    context: dict[str, Any] = {"participant": participant, "creating": True}
    if request.method == "POST" and "suggest" in request.POST:
        form, suggestion, confirm = _suggestion_form(request, participant, instance)
        context |= {"form": form, "suggestion": suggestion, "confirm_suggestion": confirm}
        return render(request, "letters/letter_form.html", context)
    form = CoverLetterForm(request.POST or None, instance=instance, initial=_initial(participant))
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.letter_create(
                participant=participant, actor=request.user, data=form.field_values()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Letter saved as a draft."))
            return redirect(_detail_url(letter))
    context["form"] = form
    return render(request, "letters/letter_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request: HttpRequest, participant_pk: int, pk: int) -> HttpResponse:
    letter = _letter(request, participant_pk, pk, perms.DOCUMENT_EDIT)
    participant = letter.participant
    context: dict[str, Any] = {"participant": participant, "letter": letter}
    if request.method == "POST" and "suggest" in request.POST:
        form, suggestion, confirm = _suggestion_form(request, participant, letter)
        context |= {"form": form, "suggestion": suggestion, "confirm_suggestion": confirm}
        return render(request, "letters/letter_form.html", context)
    form = CoverLetterForm(request.POST or None, instance=letter)
    conflict = None
    if request.method == "POST" and form.is_valid():
        was_frozen = letter.is_frozen
        saved, conflict = save_or_conflict(
            form,
            lambda: services.letter_update(
                letter=letter,
                actor=request.user,
                data=form.field_values(),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if saved is not None and request.htmx:
            return render(request, "letters/_autosave.html", {"letter": saved})
        if saved is not None:
            if was_frozen and not saved.is_frozen:
                messages.warning(
                    request,
                    _(
                        "Changes saved. The letter changed after its approval: "
                        "it needs approval again."
                    ),
                )
            else:
                messages.success(request, _("Changes saved."))
            return redirect(_detail_url(saved))
    if request.htmx and request.method == "POST":
        # Autosave that could not save: the status line says why; what is being typed stays.
        return render(
            request,
            "letters/_autosave.html",
            {
                "letter": letter,
                "conflict": conflict,
                "errors": form.errors,
                "invalid_fields": [form[name] for name in form.errors if name in form.fields],
            },
            status=form_status(form, conflict),
        )
    context |= {
        "form": form,
        "conflict": conflict,
        "conflict_rows": conflict_rows(form, conflict) if conflict else [],
    }
    return render(request, "letters/letter_form.html", context, status=form_status(form, conflict))


@login_required
def letter_detail(request: HttpRequest, participant_pk: int, pk: int) -> HttpResponse:
    letter = _letter(request, participant_pk, pk, perms.DOCUMENT_VIEW)
    caps = perms.object_capabilities(request.user, letter)
    awaiting = letter.awaits_approval
    context = {
        "participant": letter.participant,
        "letter": letter,
        "printed": selectors.printed_payload(letter),
        "can_edit": perms.DOCUMENT_EDIT in caps,
        "can_submit": perms.DOCUMENT_EDIT in caps and letter.state == DocumentState.DRAFT,
        "can_approve": perms.DOCUMENT_APPROVE in caps and awaiting,
        "can_approve_in_person": perms.DOCUMENT_EDIT in caps and awaiting,
        "can_mark_printed": perms.DOCUMENT_EDIT in caps and letter.is_frozen,
        "can_delete": perms.DOCUMENT_EDIT in caps
        and letter.state in (DocumentState.DRAFT, DocumentState.READY),
        "can_view_file": perms.PARTICIPANT_VIEW in caps,
        "is_owner": letter.participant.user_id == request.user.pk,
    }
    return render(request, "letters/letter_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def letter_delete(request: HttpRequest, participant_pk: int, pk: int) -> HttpResponse:
    letter = _letter(request, participant_pk, pk, perms.DOCUMENT_EDIT)
    refused = None
    if request.method == "POST":
        try:
            services.letter_delete(letter=letter, actor=request.user)
        except ValidationError as error:
            refused = " ".join(error.messages)
        else:
            messages.success(request, _("Letter deleted."))
            return redirect("letters:list", pk=letter.participant_id)
    elif letter.state not in (DocumentState.DRAFT, DocumentState.READY):
        refused = _(
            "Only a draft can be deleted. This letter was approved or printed; edit it instead."
        )
    context = {"participant": letter.participant, "letter": letter, "refused": refused}
    status = 409 if refused and request.method == "POST" else 200
    return render(request, "letters/letter_confirm_delete.html", context, status=status)


@login_required
def letter_history(request: HttpRequest, participant_pk: int, pk: int) -> HttpResponse:
    letter = _letter(request, participant_pk, pk, perms.DOCUMENT_VIEW)
    records = list(letter.history.select_related("history_user").order_by("-history_id"))
    labels = {
        f.name: f.verbose_name for f in CoverLetter._meta.get_fields() if hasattr(f, "verbose_name")
    }
    shown = set(services.LETTER_FIELDS) | {"state"}
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changed = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=sorted(shown))
            changed = [str(labels.get(c.field, c.field)) for c in delta.changes]
        entries.append(
            {
                "record": record,
                "state": DocumentState(record.state).label
                if record.state in DocumentState.values
                else record.state,
                "changed": changed,
                "created": previous is None,
            }
        )
    return render(
        request,
        "letters/letter_history.html",
        {"participant": letter.participant, "letter": letter, "entries": entries},
    )


def _action(request: HttpRequest, letter: CoverLetter, run, done: str) -> HttpResponse:
    return state_change(request, run, done=done, to=_detail_url(letter))


@login_required
@require_POST
def letter_submit(request: HttpRequest, participant_pk: int, pk: int) -> HttpResponse:
    letter = _letter(request, participant_pk, pk, perms.DOCUMENT_EDIT)
    return _action(
        request,
        letter,
        lambda: services.letter_submit(letter=letter, actor=request.user),
        _("The letter awaits the participant's approval."),
    )


@login_required
@require_POST
def letter_approve(request: HttpRequest, participant_pk: int, pk: int) -> HttpResponse:
    letter = _letter(request, participant_pk, pk, perms.DOCUMENT_APPROVE)
    return _action(
        request,
        letter,
        lambda: services.letter_approve(letter=letter, actor=request.user),
        _("Thank you! Your letter is approved."),
    )


@login_required
@require_POST
def letter_approve_in_person(request: HttpRequest, participant_pk: int, pk: int) -> HttpResponse:
    letter = _letter(request, participant_pk, pk, perms.DOCUMENT_EDIT)
    return _action(
        request,
        letter,
        lambda: services.letter_approve(letter=letter, actor=request.user, in_person=True),
        _("Approval given in person is recorded."),
    )


@login_required
@require_POST
def letter_printed(request: HttpRequest, participant_pk: int, pk: int) -> HttpResponse:
    letter = _letter(request, participant_pk, pk, perms.DOCUMENT_EDIT)
    return _action(
        request,
        letter,
        lambda: services.letter_mark_printed(letter=letter, actor=request.user),
        _("The letter is marked as printed."),
    )


@login_required
def letter_document(request: HttpRequest, participant_pk: int, pk: int) -> HttpResponse:
    """PDF (colour or plain copy) or Word: a draft renders live, marked as a draft; an approved
    letter prints its frozen payload."""
    letter = _letter(request, participant_pk, pk, perms.DOCUMENT_VIEW)
    fmt = "docx" if request.GET.get("format") == "docx" else "pdf"
    variant = "copy" if request.GET.get("variant") == "copy" else "colour"
    try:
        document = selectors.render(letter, variant=variant, fmt=fmt)
    except RenderError:
        raise Http404() from None
    return document_response(document, as_attachment=fmt == "docx")
