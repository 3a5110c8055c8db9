"""Rows of the referral loop for the dashboards' tests, made directly with the models.

The referral and participation apps will have their own factories; these stay small and
local so the dashboards' tests do not depend on them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from atout.participants.tests.factories import ParticipantFactory
from atout.participations.models import FeedbackReport, Participation, ParticipationEvent
from atout.referrals.models import ServiceAgreement, ServiceRequest


def agreement(cle, organisation, **fields: Any) -> ServiceAgreement:
    today = timezone.localdate()
    values = {
        "measure": "sae",
        "reference": "SAE-2026-01",
        "starts_on": today - datetime.timedelta(days=200),
        "ends_on": today + datetime.timedelta(days=200),
        "planned_participants": 20,
        **fields,
    }
    return ServiceAgreement.objects.create(cle=cle, organisation=organisation, **values)


def request(
    agreement_row: ServiceAgreement,
    agent,
    *,
    status="sent",
    sent_days_ago=0,  # now: a day ago would be last month on the first of the month
    decided_after_days=None,
    **fields: Any,
) -> ServiceRequest:
    now = timezone.now()
    today = timezone.localdate()
    sent_at = None if status == "draft" else now - datetime.timedelta(days=sent_days_ago)
    decided_at = None
    if decided_after_days is not None and sent_at is not None:
        decided_at = sent_at + datetime.timedelta(days=decided_after_days)
    values = {
        "given_names": "Ahmed",
        "family_name": "Benali",
        "objective_kind": "precise",
        "objective": "Magasinier",
        "reason": "little_experience",
        "income_support": "last_resort",
        "entry_route": "individual_pathway",
        "expected_start": today,
        "expected_end": today + datetime.timedelta(days=90),
        **fields,
    }
    return ServiceRequest.objects.create(
        cle=agreement_row.cle,
        agent=agent,
        agreement=agreement_row,
        organisation=agreement_row.organisation,
        status=status,
        sent_at=sent_at,
        decided_at=decided_at,
        **values,
    )


def participation(
    agreement_row: ServiceAgreement,
    *,
    status="accepted",
    participant=None,
    request_row=None,
    planned_end=None,
    due_days_ago=None,
    outcome=None,
    feedback_status=None,
    entry_route="individual_pathway",
    **fields: Any,
) -> Participation:
    participant = participant or ParticipantFactory(
        organisation=agreement_row.organisation, referring_cle=agreement_row.cle
    )
    row = Participation.objects.create(
        participant=participant,
        organisation=agreement_row.organisation,
        cle=agreement_row.cle,
        agreement=agreement_row,
        request=request_row,
        entry_route=entry_route,
        status=status,
        planned_end=planned_end,
        **fields,
    )
    if due_days_ago is not None:
        ParticipationEvent.objects.create(
            participation=row,
            from_status="in_progress",
            to_status=status,
            at=timezone.now() - datetime.timedelta(days=due_days_ago),
        )
    if feedback_status is not None:
        FeedbackReport.objects.create(
            participation=row, status=feedback_status, outcome=outcome or ""
        )
    return row
