"""The participant's side of the access log: who read their file, and when."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from atout.accounts import permissions as perms
from atout.participants import selectors as participant_selectors
from atout.privacy import selectors


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
