"""Thin views over participant services and selectors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atout.accounts import permissions as perms
from atout.accounts.forms import SetPasswordForm
from atout.common.errors import ConflictError
from atout.common.views import conflict_rows, form_status, save_or_conflict
from atout.dashboards import selectors as dashboard_selectors
from atout.formats.dates import date as date_filter
from atout.participants import selectors, services
from atout.participants.forms import (
    AttachmentForm,
    CaseloadFilterForm,
    InvitationForm,
    NoteForm,
    ParticipantForm,
)
from atout.participants.models import Attachment, Audience, JournalNote, Participant
from atout.participants.uploads import UploadRejected
from atout.privacy import selectors as privacy_selectors


def _caseload_page(request: HttpRequest, *, default_scope: str, template: str) -> HttpResponse:
    organisation = request.organisation
    # The reminders panel's cache entries are read with the filter options: one round trip.
    panel = dict.fromkeys(dashboard_selectors.panel_cache_keys(request.user, organisation))
    counsellors, cles = selectors.caseload_filter_options(
        organisation=organisation, with_counsellors=default_scope != "referred", also_read=panel
    )
    form = CaseloadFilterForm(request.GET or None, counsellors=counsellors, cles=cles)
    filters = form.filters(default_scope=default_scope)
    if default_scope == "referred":
        filters.scope = "referred"
    result = selectors.caseload(user=request.user, organisation=organisation, filters=filters)
    result.page.object_list = caseload_rows(result.page.object_list)
    context = {"form": form, "caseload": result, "filters": filters}
    if request.htmx and request.htmx.target == "caseload-results":
        return render(request, "participants/_caseload_results.html", context)
    context["home_reminders"] = dashboard_selectors.panel_reminders(
        request.user, organisation, cached={k: v for k, v in panel.items() if v is not None}
    )
    return render(request, template, context)


def caseload_rows(rows: Iterable[Participant]) -> list[Participant]:
    """The page's rows with their link, status label and opening date ready to print.

    The same text as `{% url %}`, `get_status_display` and the `date` filter in the row, but
    the URL is reversed once for the page (its pk spliced in), the labels read once and each
    distinct date formatted once: per row, those were about half of the table's time.
    """
    marker = "2147483647"
    prefix, suffix = reverse("participants:detail", kwargs={"pk": int(marker)}).split(marker)
    labels = {value: str(label) for value, label in Participant.Status.choices}
    short_date = _date_formatter("SHORT_DATE_FORMAT")
    dates: dict[Any, str] = {}
    rows = list(rows)
    for p in rows:
        p.detail_url = f"{prefix}{p.pk}{suffix}"
        p.status_label = labels.get(p.status, p.status)
        if p.opened_on not in dates:
            dates[p.opened_on] = short_date(p.opened_on) if p.opened_on else ""
        p.opened_label = dates[p.opened_on]
    return rows


# Format characters a numeric date is made of ("Y-m-d" in French, "m/d/Y" in English).
_NUMERIC_DATE = {"Y": "{0.year:04d}", "m": "{0.month:02d}", "d": "{0.day:02d}"}


def _date_formatter(format_name: str) -> Callable[[Any], str]:
    """The `date` filter for one named format, as a function: a numeric format (only Y, m, d
    and punctuation) becomes one `str.format` call, ~20 times faster than the filter's
    parsing per date; any other format goes through the filter (« 1er », month names)."""
    format_string = formats.get_format(format_name, use_l10n=True)
    if all(c in _NUMERIC_DATE or c in "-/. " for c in format_string):
        return "".join(_NUMERIC_DATE.get(c, c) for c in format_string).format
    return lambda value: date_filter(value, format_name)


@login_required
@perms.requires(perms.CASELOAD_ORGANISATION)
def caseload(request: HttpRequest) -> HttpResponse:
    return _caseload_page(request, default_scope="mine", template="participants/caseload.html")


@login_required
@perms.requires(perms.CASELOAD_REFERRED)
def referred(request: HttpRequest) -> HttpResponse:
    return _caseload_page(request, default_scope="referred", template="participants/referred.html")


def _possible_duplicates(request: HttpRequest, form: ParticipantForm) -> list:
    """Files the counsellor can see that may be this person (the issue 11 check)."""
    data = form.cleaned_data
    found: dict[int, Any] = {}
    for phone in {data.get("mobile_phone", ""), data.get("home_phone", "")}:
        for participant in selectors.possible_duplicates(
            request.user,
            given_names=data.get("given_names", ""),
            family_name=data.get("family_name", ""),
            birth_date=data.get("birth_date"),
            email=data.get("email", ""),
            phone=phone,
        ):
            found[participant.pk] = participant
    return list(found.values())


@login_required
@perms.requires(perms.PARTICIPANT_CREATE)
def participant_create(request: HttpRequest) -> HttpResponse:
    form = ParticipantForm(
        request.POST or None,
        organisation=request.organisation,
        initial={"counsellor": request.user.pk},
    )
    duplicates: list = []
    if request.method == "POST" and form.is_valid():
        duplicates = _possible_duplicates(request, form)
        confirmed = request.POST.get("duplicate_choice") == "different"
        if duplicates and not confirmed:
            # Never created silently: the counsellor says whether it is the same person.
            form.add_error(
                None,
                _(
                    "A file may already exist for this person: open it, or confirm that it "
                    "is another person."
                ),
            )
        else:
            try:
                participant = services.participant_create(
                    organisation=request.organisation,
                    actor=request.user,
                    data=form.field_values(),
                    consents=form.consent_decisions(),
                )
                if duplicates:
                    services.note_add(
                        participant=participant,
                        author=request.user,
                        text=_(
                            "File created although the duplicate check proposed %(names)s: "
                            "not the same person."
                        )
                        % {
                            "names": "; ".join(
                                _("%(name)s (file no %(number)s)")
                                % {"name": p.display_name, "number": p.pk}
                                for p in duplicates
                            )
                        },
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The file is created."))
                return redirect("participants:detail", pk=participant.pk)
    return render(
        request,
        "participants/participant_form.html",
        {"form": form, "creating": True, "duplicates": duplicates},
        status=form_status(form),
    )


@login_required
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(user=request.user, pk=pk)
    caps = perms.object_capabilities(request.user, participant)
    if perms.PARTICIPANT_VIEW not in caps:
        raise PermissionDenied
    return _render_detail(request, participant, caps)


def _audience(caps: frozenset[str]) -> str | None:
    """Readers outside the serving organisation see only what was consented to them."""
    if perms.PARTICIPANT_EDIT in caps or perms.SELF_VIEW in caps:
        return None
    return Audience.CLE


def _render_detail(
    request: HttpRequest,
    participant,
    caps,
    *,
    note_form: NoteForm | None = None,
    attachment_form: AttachmentForm | None = None,
    invitation_form: InvitationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    notes = (
        list(selectors.notes_for(user=request.user, participant=participant))
        if perms.JOURNAL_VIEW in caps
        else []
    )
    for note in notes:
        note.editable = services.note_is_editable(note, request.user)
    attachments = (
        list(selectors.attachments_for(user=request.user, participant=participant))
        if perms.ATTACHMENT_VIEW in caps
        else []
    )
    context = {
        "participant": participant,
        "object_capabilities": caps,
        "document_groups": selectors.documents_area(user=request.user, participant=participant)
        if perms.DOCUMENT_VIEW in caps
        else [],
        "contact_rows": selectors.contact_rows(participant, audience=_audience(caps)),
        "notes": notes,
        "attachments": attachments,
        "note_form": note_form or NoteForm(),
        "attachment_form": attachment_form or AttachmentForm(),
        "invitation_form": invitation_form or InvitationForm(initial={"email": participant.email}),
        "pending_invitation": participant.invitations.filter(used_at__isnull=True).first()
        if perms.PARTICIPANT_INVITE in caps
        else None,
    }
    return render(request, "participants/participant_detail.html", context, status=status)


@login_required
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.PARTICIPANT_EDIT, participant)
    consents = services.consent_matrix(participant)
    form = ParticipantForm(
        request.POST or None,
        instance=participant,
        organisation=participant.organisation,
        consents=consents,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.participant_update(
                participant=participant,
                actor=request.user,
                data=form.field_values(),
                expected_version=form.cleaned_data.get("version") or 0,
                consents=form.consent_decisions(),
            ),
        )
        if conflict is not None:
            conflict = selectors.participant_for_user(user=request.user, pk=conflict.pk)
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("participants:detail", pk=participant.pk)
    status = form_status(form, conflict)
    context = {
        "form": form,
        "participant": participant,
        "conflict": conflict,
        "conflict_rows": conflict_rows(form, conflict) if conflict else [],
    }
    return render(request, "participants/participant_form.html", context, status=status)


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(user=request.user, pk=pk)
    caps = perms.object_capabilities(request.user, participant)
    perms.require(request.user, perms.JOURNAL_ADD, participant)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(
                participant=participant,
                author=request.user,
                text=form.cleaned_data["text"],
                working_note=form.cleaned_data["working_note"],
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Note added."))
            return redirect(f"{participant.get_absolute_url()}#journal")
    return _render_detail(request, participant, caps, note_form=form, status=422)


@login_required
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = JournalNote.objects.select_related("participant", "author").get_visible_or_404(
        request.user, pk=pk
    )
    perms.require(request.user, perms.JOURNAL_ADD, note)
    if not services.note_is_editable(note, request.user):
        raise PermissionDenied
    form = NoteForm(request.POST or None, instance=note, initial={"version": note.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.note_update(
                note=note,
                actor=request.user,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data.get("version") or 0,
                working_note=form.cleaned_data["working_note"],
            )
        except ConflictError as error:
            conflict = error.current
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except services.NoteLocked:
            raise PermissionDenied from None
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Note corrected."))
            return redirect(f"{note.participant.get_absolute_url()}#journal")
    return render(
        request,
        "participants/note_form.html",
        {"form": form, "note": note, "conflict": conflict},
        status=form_status(form, conflict),
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(user=request.user, pk=pk)
    caps = perms.object_capabilities(request.user, participant)
    perms.require(request.user, perms.ATTACHMENT_ADD, participant)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                participant=participant,
                actor=request.user,
                upload=form.cleaned_data["upload"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
            )
        except UploadRejected as error:
            form.add_error("upload", error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Document added."))
            return redirect(f"{participant.get_absolute_url()}#files")
    return _render_detail(request, participant, caps, attachment_form=form, status=422)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = Attachment.objects.select_related("participant").get_visible_or_404(
        request.user, pk=pk
    )
    perms.require(request.user, perms.ATTACHMENT_VIEW, attachment)
    inline = attachment.is_inline
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404() from None
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def participant_history(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.PARTICIPANT_HISTORY, participant)
    context = {
        "participant": participant,
        "changes": privacy_selectors.change_history_page(
            participant=participant, number=request.GET.get("page")
        ),
        "accesses": privacy_selectors.access_entries(
            user=request.user, participant=participant, number=request.GET.get("lectures")
        ),
    }
    return render(request, "participants/participant_history.html", context)


@login_required
@require_POST
def participant_invite(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(user=request.user, pk=pk)
    caps = perms.object_capabilities(request.user, participant)
    perms.require(request.user, perms.PARTICIPANT_INVITE, participant)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(
                participant=participant, actor=request.user, email=form.cleaned_data["email"]
            )
        except services.InvitationError as error:
            form.add_error("email", error.message)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request, _("Invitation sent. The link works once, for a limited time.")
            )
            return redirect(participant.get_absolute_url())
    return _render_detail(request, participant, caps, invitation_form=form, status=422)


@login_required
def my_file(request: HttpRequest) -> HttpResponse:
    """A participant's own file: what the organisation holds about them."""
    if not hasattr(request.user, "participant_file"):
        raise Http404()
    participant = selectors.participant_of_user(user=request.user)
    attachments = selectors.attachments_for(user=request.user, participant=participant)
    return render(
        request,
        "participants/my_file.html",
        {
            "participant": participant,
            "contact_rows": selectors.contact_rows(participant),
            "attachments": attachments,
            "document_groups": selectors.documents_area(user=request.user, participant=participant),
        },
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The participant sets a password from the mailed link and lands on their own file."""
    invitation = services.invitation_find_usable(raw_token=token)
    if invitation is None:
        return render(request, "participants/invitation_invalid.html", status=404)
    form = SetPasswordForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                raw_token=token, password=form.cleaned_data["password1"]
            )
        except services.InvitationError as error:
            form.add_error(None, error.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("participants:my_file")
    return render(
        request, "participants/invitation_accept.html", {"form": form, "invitation": invitation}
    )
