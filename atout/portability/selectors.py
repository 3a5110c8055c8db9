"""Reads for copies of personal data, always through the scoping."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from atout.accounts.models import User
from atout.participants.models import Participant
from atout.portability.models import ExportRequest


def exports_for(*, user: User, participant: Participant) -> QuerySet[ExportRequest]:
    """The file's recent copies (the last ten)."""
    return ExportRequest.objects.visible_to(user).filter(participant=participant)[:10]


def export_for(*, user: User, participant_pk: int, pk: int) -> ExportRequest:
    return get_object_or_404(
        ExportRequest.objects.visible_to(user).select_related("participant"),
        participant_id=participant_pk,
        pk=pk,
    )
