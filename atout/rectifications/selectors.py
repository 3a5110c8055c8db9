"""Reads: the person's own requests, the requests a counsellor answers, one request."""

from __future__ import annotations

from django.db.models import QuerySet

from atout.accounts import permissions as perms
from atout.accounts.models import User
from atout.participants.models import Participant
from atout.rectifications.models import RectificationRequest


def requests_of_file(*, user: User, participant: Participant) -> QuerySet[RectificationRequest]:
    """A file's requests, newest first, as the user may see them."""
    return (
        RectificationRequest.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("decided_by")
    )


def pending_for(*, user: User, participant_id: int | None = None) -> list[RectificationRequest]:
    """Requests awaiting an answer in the files the user may answer for, oldest deadline
    first. A file the user only reads (a CLE agent, a shared file) is left out."""
    queryset = (
        RectificationRequest.objects.visible_to(user)
        .filter(status=RectificationRequest.Status.PENDING)
        .select_related("participant")
        .order_by("due_on", "requested_at", "pk")
    )
    if participant_id is not None:
        queryset = queryset.filter(participant_id=participant_id)
    return [
        r
        for r in queryset
        if perms.RECTIFICATION_DECIDE in perms.object_capabilities(user, r.participant)
    ]


def pending_count(*, user: User, participant: Participant) -> int:
    """How many requests of this file await an answer (0 if the user cannot answer them)."""
    if perms.RECTIFICATION_DECIDE not in perms.object_capabilities(user, participant):
        return 0
    return (
        RectificationRequest.objects.visible_to(user)
        .filter(participant=participant, status=RectificationRequest.Status.PENDING)
        .count()
    )


def request_for(*, user: User, pk: int) -> RectificationRequest:
    """One request the user may see, or 404."""
    return (
        RectificationRequest.objects.select_related("participant", "decided_by")
        .all()
        .get_visible_or_404(user, pk=pk)
    )
