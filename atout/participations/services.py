"""Writes to participations, each in one transaction; every status change goes through
`participation_move` (or `open_participation` for the first), which checks the state machine
and records who made it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from atout.accounts.models import Organisation
from atout.common.errors import ConflictError
from atout.participants.models import Participant
from atout.participations.models import Participation, ParticipationEvent
from atout.referrals.models import ServiceAgreement, ServiceRequest


def record_event(
    participation: Participation,
    *,
    actor: Any,
    from_status: str,
    to_status: str,
    note: str = "",
    at: datetime.datetime | None = None,
) -> ParticipationEvent:
    return ParticipationEvent.objects.create(
        participation=participation,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note,
        at=at or timezone.now(),
    )


@transaction.atomic
def open_participation(
    *,
    actor: Any,
    participant: Participant,
    cle: Organisation,
    agreement: ServiceAgreement,
    entry_route: str,
    request: ServiceRequest | None = None,
    counsellor: Any = None,
    planned_start: datetime.date | None = None,
    planned_end: datetime.date | None = None,
    first_meeting_at: datetime.datetime | None = None,
    income_support: str = "",
    tool: str = "",
    tool_reason: str = "",
) -> Participation:
    """Start a participation, accepted: from a request (it was referred when the request was
    sent) or from the organisation under an agreement. Permission checks are the caller's
    (accepting a request, or starting one from the file).
    """
    participation = Participation(
        participant=participant,
        organisation=participant.organisation,
        cle=cle,
        request=request,
        agreement=agreement,
        entry_route=entry_route,
        counsellor=counsellor,
        status=Participation.Status.ACCEPTED,
        planned_start=planned_start,
        planned_end=planned_end,
        first_meeting_at=first_meeting_at,
        income_support=income_support,
    )
    if tool:
        participation.tool = tool
        participation.tool_reason = tool_reason
    participation._history_user = actor
    participation.full_clean()
    participation.save()
    if request is not None:
        record_event(
            participation,
            actor=request.agent,
            from_status="",
            to_status=Participation.Status.REFERRED,
            at=request.sent_at,
        )
        record_event(
            participation,
            actor=actor,
            from_status=Participation.Status.REFERRED,
            to_status=Participation.Status.ACCEPTED,
        )
    else:
        record_event(
            participation, actor=actor, from_status="", to_status=Participation.Status.ACCEPTED
        )
    return participation


@transaction.atomic
def participation_move(
    *,
    actor: Any,
    participation: Participation,
    to: str,
    expected_version: int | None = None,
    note: str = "",
) -> Participation:
    """Move a participation to another status, if the state machine allows it (else
    TransitionError, nothing written). Permission checks are the caller's.
    """
    locked = Participation.objects.select_for_update().get(pk=participation.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(locked)
    Participation.MACHINE.check(locked.status, to)
    previous = locked.status
    locked.status = to
    locked.version += 1
    locked._history_user = actor
    locked.save()
    record_event(locked, actor=actor, from_status=previous, to_status=to, note=note)
    return locked
