"""The home pages' reminders panel: cached in the shared cache, recounted after a change."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atout.accounts.models import Membership, Role, User
from atout.dashboards import selectors
from atout.dashboards.tests import builders

pytestmark = pytest.mark.django_db
REMINDED_TABLES = (
    "referrals_servicerequest",
    "participations_participation",
    "participations_feedbackreport",
)


def _reminded_queries(run) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        result = run()
    sql = [q["sql"] for q in ctx.captured_queries]
    return result, [s for s in sql if any(table in s for table in REMINDED_TABLES)]


def test_the_panel_counts_once_then_reads_the_cache(counsellor, organisation, cle_agent, deal):
    builders.request(deal, cle_agent, status="sent", sent_days_ago=9)
    first, counted = _reminded_queries(lambda: selectors.panel_reminders(counsellor, organisation))
    assert first == selectors.reminders(counsellor, organisation)
    assert first.requests_waiting == 1
    assert len(counted) == 3
    again, counted = _reminded_queries(lambda: selectors.panel_reminders(counsellor, organisation))
    assert again == first
    assert counted == []


def test_a_change_shows_on_the_next_request(client_for, counsellor, organisation, cle_agent, deal):
    client = client_for(counsellor)
    caseload = reverse("participants:caseload")
    assert 'id="reminders-heading"' not in client.get(caseload).content.decode()
    late = builders.request(deal, cle_agent, status="sent", sent_days_ago=9)
    page = client.get(caseload).content.decode()
    assert "/tableaux/organisme/#reminders-requests" in page
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    builders.participation(deal, status="in_progress", planned_end=yesterday)
    assert "#reminders-participations" in client.get(caseload).content.decode()
    late.delete()
    page = client.get(caseload).content.decode()
    assert "#reminders-requests" not in page
    assert "#reminders-participations" in page


def test_a_value_of_an_older_generation_is_not_served(counsellor, organisation, cle_agent, deal):
    builders.request(deal, cle_agent, status="sent", sent_days_ago=9)
    assert selectors.panel_reminders(counsellor, organisation).requests_waiting == 1
    selectors.forget_panel_reminders()
    _result, counted = _reminded_queries(
        lambda: selectors.panel_reminders(counsellor, organisation)
    )
    assert len(counted) == 3
    # A lost generation key (culled) is recounted too, not trusted.
    cache.delete(selectors.PANEL_GENERATION_KEY)
    _result, counted = _reminded_queries(
        lambda: selectors.panel_reminders(counsellor, organisation)
    )
    assert len(counted) == 3


def test_the_cache_follows_the_users_memberships(counsellor, organisation, cle_agent, deal):
    builders.request(deal, cle_agent, status="sent", sent_days_ago=9)
    assert selectors.panel_reminders(counsellor, organisation).total == 1
    Membership.objects.filter(user=counsellor).update(role=Role.ORG_ADMIN)
    again = User.objects.get(pk=counsellor.pk)  # a new request: memberships read again
    _result, counted = _reminded_queries(lambda: selectors.panel_reminders(again, organisation))
    assert len(counted) == 3  # another key: what the user sees may have changed


def test_the_panel_is_the_users_own(counsellor, outsider, organisation, cle_agent, deal):
    builders.request(deal, cle_agent, status="sent", sent_days_ago=9)
    assert selectors.panel_reminders(counsellor, organisation).total == 1
    assert selectors.panel_reminders(outsider, organisation).total == 0


def test_the_caseload_page_does_not_count_on_a_cached_panel(
    client_for, counsellor, cle_agent, deal
):
    builders.request(deal, cle_agent, status="sent", sent_days_ago=9)
    client = client_for(counsellor)
    caseload = reverse("participants:caseload")
    client.get(caseload)
    response, counted = _reminded_queries(lambda: client.get(caseload))
    assert "#reminders-requests" in response.content.decode()
    assert counted == []


def test_the_caseload_reads_the_panel_with_its_filter_options(
    client_for, counsellor, cle_agent, deal
):
    builders.request(deal, cle_agent, status="sent", sent_days_ago=9)
    client = client_for(counsellor)
    caseload = reverse("participants:caseload")
    client.get(caseload)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(caseload).content.decode()
    assert "#reminders-requests" in page
    reads = [q["sql"] for q in ctx.captured_queries if "reminders-panel" in q["sql"]]
    assert len(reads) == 1
    assert "caseload-options" in reads[0]
