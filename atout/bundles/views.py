"""Print bundles on the participant's file: the form, the recent bundles, the progress page
(polled by htmx; without JavaScript, a refresh link) and the download of a ready bundle."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atout.accounts import permissions as perms
from atout.bundles import selectors, services
from atout.bundles.forms import BundleForm
from atout.bundles.models import Bundle
from atout.cards import selectors as card_selectors
from atout.common.views import form_status, save_or_conflict
from atout.participants import selectors as participant_selectors


def _participant(request: HttpRequest, pk: int) -> Any:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.BUNDLE_MAKE, participant)
    return participant


def _form(participant: Any, data: Any = None) -> BundleForm:
    return BundleForm(
        data,
        available=selectors.availability(participant),
        layouts=card_selectors.layout_choices(participant.organisation),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def bundle_page(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form and the recent bundles. POST: ask for a bundle, then its progress."""
    participant = _participant(request, pk)
    form = _form(participant, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        result, _conflict = save_or_conflict(
            form,
            lambda: services.bundle_request(
                participant=participant,
                actor=request.user,
                options=form.options(),
                fmt=form.cleaned_data["fmt"],
                lang=form.cleaned_data["lang"],
            ),
        )
        if result is not None:
            bundle, created = result
            if not created:
                messages.info(
                    request,
                    _("A bundle is already being prepared for this file: here is its progress."),
                )
            return redirect("bundles:progress", participant.pk, bundle.pk)
    available = form.available
    return render(
        request,
        "bundles/bundle_page.html",
        {
            "participant": participant,
            "form": form,
            "available": available,
            "bundles": selectors.bundles_for(user=request.user, participant=participant),
        },
        status=form_status(form),
    )


@login_required
def bundle_progress(request: HttpRequest, pk: int, bundle_pk: int) -> HttpResponse:
    """Where the job stands; htmx polls the status block every 2 s while it runs.

    The poll is also where a dead worker is noticed: a running bundle whose heartbeat is
    stale is retried or failed here (and by `purge_bundles`)."""
    participant = _participant(request, pk)
    bundle = selectors.bundle_for(user=request.user, participant_pk=participant.pk, pk=bundle_pk)
    bundle = services.bundle_recover_if_stale(bundle)
    context = {"participant": participant, "bundle": bundle}
    if request.htmx:
        return render(request, "bundles/_status.html", context)
    return render(request, "bundles/progress.html", context)


@login_required
def bundle_download(request: HttpRequest, pk: int, bundle_pk: int) -> HttpResponse:
    """The finished file, as stored; logged in the access log as a bundle download."""
    participant = _participant(request, pk)
    bundle = selectors.bundle_for(user=request.user, participant_pk=participant.pk, pk=bundle_pk)
    if bundle.status != Bundle.Status.READY or not bundle.file:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        # Only a GET is a logged read (atout.privacy.middleware): send anything else there.
        return redirect("bundles:download", participant.pk, bundle.pk, permanent=False)
    try:
        handle = bundle.file.open("rb")
    except OSError as missing:
        raise Http404 from missing
    content_type = "application/zip" if bundle.fmt == "zip" else "application/pdf"
    response = FileResponse(
        handle, as_attachment=True, filename=bundle.name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
