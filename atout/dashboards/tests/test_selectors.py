import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atout.accounts.models import Role
from atout.accounts.tests.factories import CleFactory, OrganisationFactory, member
from atout.dashboards import selectors
from atout.dashboards.tests import builders

pytestmark = pytest.mark.django_db


def this_month():
    return selectors.period_for("month")


def test_periods_cover_the_calendar():
    day = datetime.date(2026, 11, 30)
    month = selectors.period_for("month", today=day)
    assert (month.start, month.end) == (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    quarter = selectors.period_for("quarter", today=day)
    assert (quarter.start, quarter.end) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    year = selectors.period_for("year", today=day)
    assert (year.start, year.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    custom = selectors.period_for(
        "custom", today=day, start=datetime.date(2026, 2, 3), end=datetime.date(2026, 2, 3)
    )
    assert custom.days == 1
    # Custom without dates falls back to the month.
    assert selectors.period_for("custom", today=day).key == "month"


def test_cle_dashboard_counts_requests_by_status_and_organisation(cle, cle_agent, deal):
    other_org = OrganisationFactory(name="Tremplin Travail Lévis")
    other_deal = builders.agreement(cle, other_org)
    for status in ["sent", "sent", "accepted", "declined", "withdrawn"]:
        builders.request(deal, cle_agent, status=status)
    builders.request(other_deal, cle_agent, status="draft")
    board = selectors.cle_dashboard(user=cle_agent, cle=cle, period=this_month())
    counts = {bar.key: bar.value for bar in board.requests_by_status}
    assert counts == {"draft": 1, "sent": 2, "accepted": 1, "declined": 1, "withdrawn": 1}
    assert board.requests_total == 6
    rows = {row.name: row.total for row in board.requests_by_organisation}
    assert rows == {deal.organisation.name: 5, "Tremplin Travail Lévis": 1}


def test_another_cles_requests_are_not_counted(cle, cle_agent, deal):
    stranger_cle = CleFactory()
    stranger = member(stranger_cle, Role.CLE_AGENT)
    builders.request(builders.agreement(stranger_cle, deal.organisation), stranger)
    builders.request(deal, cle_agent)
    board = selectors.cle_dashboard(user=cle_agent, cle=cle, period=this_month())
    assert board.requests_total == 1
    # Asking for another CLE's figures gives nothing: visible_to comes first.
    board = selectors.cle_dashboard(user=cle_agent, cle=stranger_cle, period=this_month())
    assert board.requests_total == 0


def test_requests_outside_the_period_are_not_counted(cle, cle_agent, deal):
    sent = builders.request(deal, cle_agent, sent_days_ago=400)
    board = selectors.cle_dashboard(user=cle_agent, cle=cle, period=this_month())
    assert board.requests_total == 0
    # The local day it was sent: 400 × 24 h back can cross a DST change and the date line.
    year_ago = timezone.localtime(sent.sent_at).date()
    period = selectors.period_for("custom", start=year_ago, end=year_ago)
    assert selectors.cle_dashboard(user=cle_agent, cle=cle, period=period).requests_total == 1


def test_waiting_times_median_and_90th_percentile(cle, cle_agent, deal):
    # Decided after 1, 2, ..., 10 days.
    for days in range(1, 11):
        builders.request(
            deal, cle_agent, status="accepted", sent_days_ago=0, decided_after_days=days
        )
    builders.request(deal, cle_agent, status="sent")  # not decided: not in the waiting times
    period = selectors.period_for(
        "custom",
        start=timezone.localdate() - datetime.timedelta(days=1),
        end=timezone.localdate() + datetime.timedelta(days=1),
    )
    waiting = selectors.cle_dashboard(user=cle_agent, cle=cle, period=period).waiting
    assert waiting.decided == 10
    assert waiting.median_days == 5.5
    assert waiting.p90_days == 9.1


def test_waiting_times_without_decisions_are_empty(cle, cle_agent, deal):
    waiting = selectors.cle_dashboard(user=cle_agent, cle=cle, period=this_month()).waiting
    assert (waiting.decided, waiting.median_days, waiting.p90_days) == (0, None, None)


def test_completion_outcomes_routes_and_agreement_volumes(cle, cle_agent, deal):
    builders.participation(deal, status="completed", feedback_status="sent", outcome="job")
    builders.participation(
        deal, status="completed", feedback_status="acknowledged", outcome="training"
    )
    builders.participation(deal, status="abandoned", feedback_status="draft", outcome="job")
    builders.participation(deal, status="in_progress", entry_route="organisation")
    builders.request(deal, cle_agent, status="sent", entry_route="multiservice_room")
    board = selectors.cle_dashboard(user=cle_agent, cle=cle, period=this_month())
    assert board.participations_total == 4
    assert (board.ended, board.completed, board.completion_rate) == (3, 2, 66.7)
    outcomes = {bar.key: (bar.value, bar.percent) for bar in board.outcomes}
    assert outcomes["job"] == (1, 50.0)  # the draft report is not counted
    assert outcomes["training"] == (1, 50.0)
    assert board.reports_sent == 2
    routes = {bar.key: bar.value for bar in board.entry_routes}
    assert routes["multiservice_room"] == 1
    assert routes["organisation"] == 1
    (row,) = board.agreements
    assert (row.used, row.planned, row.percent) == (4, 20, 20.0)


def _fill(deal, agent, n):
    for i in range(n):
        status = ["sent", "accepted", "declined", "withdrawn", "draft"][i % 5]
        req = builders.request(
            deal,
            agent,
            status=status,
            decided_after_days=i % 7 if status in ("accepted", "declined") else None,
        )
        if status == "accepted":
            builders.participation(
                deal,
                request_row=req,
                status=["completed", "in_progress", "passport_produced"][i % 3],
                feedback_status="sent" if i % 2 else None,
                outcome="job",
                planned_end=timezone.localdate() - datetime.timedelta(days=3),
                due_days_ago=20,
            )


@pytest.mark.parametrize("rows", [10, 200])
def test_cle_dashboard_query_count_is_constant(
    cle, cle_agent, deal, rows, django_assert_max_num_queries
):
    _fill(deal, cle_agent, rows)
    with django_assert_max_num_queries(10):
        board = selectors.cle_dashboard(user=cle_agent, cle=cle, period=this_month())
        [row.agreement.organisation.name for row in board.agreements]
    assert board.requests_total == rows


@pytest.mark.parametrize("rows", [10, 200])
def test_organisation_dashboard_query_count_is_constant(
    counsellor, organisation, cle_agent, deal, rows, django_assert_max_num_queries
):
    _fill(deal, cle_agent, rows)
    with CaptureQueriesContext(connection) as ctx:
        board = selectors.organisation_dashboard(user=counsellor, organisation=organisation)
        for row in board.overdue + board.feedback:
            str(row.participation.participant.family_name)
            str(row.participation.counsellor)
        for row in board.inbox:
            str(row.request.cle.name)
    assert len(ctx.captured_queries) <= 8
    assert board.inbox_total == rows // 5


def test_reminders_count_late_requests_overdue_participations_and_missing_feedback(
    settings, counsellor, organisation, cle_agent, cle, deal
):
    settings.ATOUT_REMINDER_REQUEST_DAYS = 5
    settings.ATOUT_REMINDER_FEEDBACK_DAYS = 10
    builders.request(deal, cle_agent, status="sent", sent_days_ago=9)
    builders.request(deal, cle_agent, status="sent", sent_days_ago=2)  # not yet late
    builders.request(deal, cle_agent, status="declined", sent_days_ago=9)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    builders.participation(deal, status="in_progress", planned_end=yesterday)
    builders.participation(deal, status="completed", planned_end=yesterday, due_days_ago=30)
    builders.participation(
        deal, status="passport_produced", due_days_ago=12, feedback_status="draft"
    )
    builders.participation(deal, status="completed", due_days_ago=3)  # not due yet
    builders.participation(deal, status="completed", due_days_ago=40, feedback_status="sent")

    found = selectors.reminders(counsellor, organisation)
    assert (found.requests_waiting, found.participations_overdue, found.feedback_due) == (1, 1, 2)
    assert found.total == 4
    assert found.url == "/tableaux/organisme/"
    assert [item.url for item in found.items] == [
        "/tableaux/organisme/#reminders-requests",
        "/tableaux/organisme/#reminders-participations",
        "/tableaux/organisme/#reminders-feedback",
    ]
    # The CLE sees the same counts for what it follows, linked to its own dashboard.
    found = selectors.reminders(cle_agent, cle)
    assert found.total == 4
    assert found.url == "/tableaux/cle/"


def test_reminders_of_an_outsider_are_empty(outsider, deal, cle_agent):
    builders.request(deal, cle_agent, status="sent", sent_days_ago=9)
    assert selectors.reminders(outsider).total == 0


def test_reminders_name_no_one(counsellor, organisation, cle_agent, deal):
    builders.request(deal, cle_agent, status="sent", sent_days_ago=9, family_name="Zyxwvu")
    found = selectors.reminders(counsellor, organisation)
    assert found.total == 1
    assert "Zyxwvu" not in repr(found)
