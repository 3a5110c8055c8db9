import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from atout.accounts.models import User
from atout.dashboards import selectors
from atout.participations.models import (
    Activity,
    CleNote,
    FeedbackReport,
    Participation,
    ParticipationEvent,
)
from atout.referrals.models import RequestEvent, ServiceAgreement, ServiceRequest

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(
        model.objects.count()
        for model in (
            ServiceAgreement,
            ServiceRequest,
            RequestEvent,
            Participation,
            ParticipationEvent,
            Activity,
            CleNote,
            FeedbackReport,
        )
    )


def test_seed_demo_builds_the_referral_loop_once():
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    statuses = set(ServiceRequest.objects.values_list("status", flat=True))
    assert statuses == {"draft", "sent", "accepted", "declined", "withdrawn"}
    assert ServiceRequest.objects.filter(redirected_from__isnull=False).count() == 1
    part_statuses = set(Participation.objects.values_list("status", flat=True))
    assert part_statuses == {
        "accepted",
        "in_progress",
        "passport_produced",
        "completed",
        "abandoned",
        "interrupted",
    }
    emilie = Participation.objects.get(participant__user__email="participant@atout.test")
    assert emilie.status == "passport_produced"
    assert set(FeedbackReport.objects.values_list("status", flat=True)) == {
        "sent",
        "acknowledged",
    }
    # Every move follows the machines.
    for event in ParticipationEvent.objects.exclude(from_status=""):
        assert Participation.MACHINE.allowed(event.from_status, event.to_status), event
    for event in RequestEvent.objects.exclude(from_status=""):
        assert ServiceRequest.MACHINE.allowed(event.from_status, event.to_status), event
    # The dashboards have something to show, reminders included.
    agent = User.objects.get(email="agent.cle@atout.test")
    counsellor = User.objects.get(email="conseillere@atout.test")
    found = selectors.reminders(counsellor)
    assert found.requests_waiting == 1  # Lucie Fortin, 9 days
    assert found.participations_overdue == 1
    assert found.feedback_due == 1  # Kevin Roy, interrupted 15 days ago
    today = timezone.localdate()
    last_year = selectors.period_for(
        "custom", start=today - datetime.timedelta(days=365), end=today
    )
    board = selectors.cle_dashboard(
        user=agent, cle=agent.memberships.get().organisation, period=last_year
    )
    assert board.waiting.decided >= 8
    assert len(board.agreements) == 3


def test_every_sent_demo_report_prints():
    """The demo's sent reports froze what feedback_send freezes, so their PDF renders."""
    from atout.documents.rendering.feedback import render_feedback
    from atout.participations.selectors import printed_feedback

    call_command("seed_demo", stdout=StringIO())
    agent = User.objects.get(email="agent.cle@atout.test")
    sent = FeedbackReport.objects.exclude(status=FeedbackReport.Status.DRAFT)
    assert sent.count() >= 2
    for report in sent:
        document = render_feedback(printed_feedback(report, user=agent))
        assert document.content.startswith(b"%PDF")
