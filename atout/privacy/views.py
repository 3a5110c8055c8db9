"""The participant's side of the access log, the privacy notice, the person in charge and the
export of a file's access log."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atout.accounts import permissions as perms
from atout.accounts.models import Organisation
from atout.common import csv_cells
from atout.common.views import INVALID
from atout.participants import selectors as participant_selectors
from atout.privacy import notice as notice_selectors
from atout.privacy import selectors, services
from atout.privacy.forms import AppointForm, PrivacyOfficerForm
from atout.privacy.models import PARTICIPANT_ROLE, AccessLogEntry


@login_required
def my_file_reads(request: HttpRequest) -> HttpResponse:
    """Readers' role and organisation only: their names and notes are not the person's data."""
    if not hasattr(request.user, "participant_file"):
        raise Http404()
    participant = participant_selectors.participant_of_user(user=request.user)
    perms.require(request.user, perms.SELF_VIEW, participant)
    page = selectors.reads_of_own_file(user=request.user, number=request.GET.get("page"))
    return render(
        request, "privacy/my_file_reads.html", {"participant": participant, "reads": page}
    )


# --- The privacy notice, the person in charge, the export of a file's access log ----------


def notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice: public, in plain words, in French and English."""
    organisations, own = notice_selectors.organisations_for_notice(request.user)
    context = {
        "organisations": organisations,
        "own": own,
        "hosting_region": notice_selectors.hosting_region(),
    }
    return render(request, "privacy/notice.html", context)


def _officer_page(
    request: HttpRequest,
    *,
    contact_form: PrivacyOfficerForm | None = None,
    appoint_form: AppointForm | None = None,
    status: int = 200,
) -> HttpResponse:
    organisation = request.organisation
    members = list(services.privacy_officer_members(organisation=organisation))
    context = {
        "organisation": organisation,
        "contact_form": contact_form or PrivacyOfficerForm(instance=organisation),
        "appoint_form": appoint_form or AppointForm(members=members),
        "officers": notice_selectors.officers_of(organisation),
    }
    return render(request, "privacy/officer.html", context, status=status)


@login_required
@perms.requires(perms.PRIVACY_OFFICER_MANAGE)
@require_http_methods(["GET", "POST"])
def officer(request: HttpRequest) -> HttpResponse:
    """The organisation admin names the person in charge and who keeps the incident register."""
    organisation = request.organisation
    if request.method != "POST":
        return _officer_page(request)
    action = request.POST.get("action", "contact")
    if action in ("appoint", "remove"):
        members = list(services.privacy_officer_members(organisation=organisation))
        form = AppointForm(request.POST, members=members)
        if not form.is_valid():
            return _officer_page(request, appoint_form=form, status=INVALID)
        if action == "appoint":
            services.privacy_officer_appoint(
                organisation=organisation, actor=request.user, user=form.user
            )
            messages.success(
                request,
                _("%(name)s now keeps the register of confidentiality incidents.")
                % {"name": form.user},
            )
        else:
            services.privacy_officer_remove(
                organisation=organisation, actor=request.user, user=form.user
            )
            messages.success(request, _("%(name)s no longer holds the role.") % {"name": form.user})
        return redirect("privacy:officer")
    form = PrivacyOfficerForm(request.POST, instance=Organisation(pk=organisation.pk))
    if form.is_valid():
        services.privacy_officer_set(
            organisation=organisation, actor=request.user, data=form.field_values()
        )
        messages.success(request, _("The person in charge is published on the privacy notice."))
        return redirect("privacy:officer")
    return _officer_page(request, contact_form=form, status=INVALID)


def _reader_role(role: str) -> str:
    """The reader's role as the organisation's admin reads it (not « You »)."""
    if role == PARTICIPANT_ROLE:
        return str(_("The person (their own file)"))
    return selectors.role_label(role)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def access_log_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every read of one file, for its organisation's admin (CSV, formula-safe).

    Staff readers are named: the admin answers for the file's confidentiality and must be
    able to ask a colleague about an unexpected read (the history page names them too). The
    person and employers (share links) are not named: their role says who they are.
    """
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.ACCESS_LOG_EXPORT, participant)
    if request.method == "POST":
        # Only a GET is a read the access log records: a POST is sent to it (303).
        response = HttpResponse(status=303)
        response["Location"] = request.path
        return response
    entries = (
        AccessLogEntry.objects.visible_to(request.user)
        .filter(participant=participant)
        .select_related("user", "reader_organisation")
        .order_by("at", "pk")
    )
    out = io.StringIO()
    out.write("\ufeff")  # a BOM, so spreadsheets read the accents as UTF-8
    writer = csv_cells.writer(out)
    writer.writerow(
        [
            _("Date and time"),
            _("Reader's role"),
            _("Reader's organisation"),
            _("What was read"),
            _("Format"),
            _("Reader's name"),
            _("File"),
        ]
    )
    for entry in entries:
        staff = entry.user is not None and entry.reader_role not in (PARTICIPANT_ROLE, "")
        writer.writerow(
            [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                _reader_role(entry.reader_role),
                entry.reader_organisation.name if entry.reader_organisation else "",
                str(entry.get_action_display()),
                entry.document_format.upper(),
                entry.user.get_full_name() if staff else "",
                entry.participant_label,
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="consultations-dossier-{participant.pk}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
