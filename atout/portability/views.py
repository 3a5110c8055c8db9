"""The copy of a person's data: the person's page, the counsellor's page for a file, the
progress block (polled by htmx; without JavaScript, a refresh link) and the download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atout.accounts import permissions as perms
from atout.participants import selectors as participant_selectors
from atout.portability import selectors, services
from atout.portability.models import ExportRequest


def _participant(request: HttpRequest, pk: Any) -> Any:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.PERSONAL_DATA_EXPORT, participant)
    return participant


def _page(request: HttpRequest, participant: Any, template: str, *, in_person: bool):
    if request.method == "POST":
        export, created = services.export_request(
            participant=participant, actor=request.user, in_person=in_person
        )
        if not created:
            messages.info(request, _("A copy is already being prepared: here is where it stands."))
        return redirect(request.path)
    exports = [
        services.export_expire_if_due(export)
        for export in selectors.exports_for(user=request.user, participant=participant)
    ]
    return render(
        request,
        template,
        {
            "participant": participant,
            "latest": exports[0] if exports else None,
            # The latest is shown by its status block; the table lists the earlier ones.
            "exports": exports[1:],
            "keep_days": services.keep_days(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    """The person's own page: what the copy holds, « Prepare my copy », its state."""
    file = getattr(request.user, "participant_file", None)
    participant = _participant(request, getattr(file, "pk", None))
    return _page(request, participant, "portability/my_data.html", in_person=False)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def file_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A counsellor prepares the copy for the person (no login, or asked in person)."""
    participant = _participant(request, pk)
    return _page(request, participant, "portability/file_page.html", in_person=True)


@login_required
def export_status(request: HttpRequest, pk: int, export_pk: int) -> HttpResponse:
    """Where one copy stands; htmx polls it every 2 s while it is prepared."""
    participant = _participant(request, pk)
    export = selectors.export_for(user=request.user, participant_pk=participant.pk, pk=export_pk)
    export = services.export_expire_if_due(export)
    context = {"participant": participant, "export": export}
    if request.htmx:
        return render(request, "portability/_status.html", context)
    return render(request, "portability/status.html", context)


@login_required
def export_download(request: HttpRequest, pk: int, export_pk: int) -> HttpResponse:
    """The ZIP as stored; refused once expired; logged as a read of the whole file."""
    participant = _participant(request, pk)
    export = selectors.export_for(user=request.user, participant_pk=participant.pk, pk=export_pk)
    export = services.export_expire_if_due(export)
    if export.status == ExportRequest.Status.EXPIRED:
        return render(
            request,
            "portability/expired.html",
            {"participant": participant, "export": export},
            status=410,
        )
    if export.status != ExportRequest.Status.READY or not export.file:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return redirect("portability:download", participant.pk, export.pk)
    try:
        handle = export.file.open("rb")
    except OSError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=export.name, content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response
