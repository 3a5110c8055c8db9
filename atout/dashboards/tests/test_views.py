import csv
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.dashboards.models import DigestPreference
from atout.dashboards.tests import builders
from atout.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_cle_dashboard_shows_charts_with_their_tables(client_for, cle_agent, deal):
    builders.request(deal, cle_agent, status="sent")
    builders.participation(deal, status="completed", feedback_status="sent", outcome="job")
    response = client_for(cle_agent).get(reverse("dashboards:cle"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 5
    assert "<title id=" in html and "<desc id=" in html
    assert "Demandes de service par état" in html
    assert deal.organisation.name in html
    assert reverse("dashboards:cle_requests_csv") in html
    # The aggregated page writes no access-log entry.
    assert not AccessLogEntry.objects.exists()


def test_cle_dashboard_period_form_works_without_javascript(client_for, cle_agent, deal):
    response = client_for(cle_agent).get(
        reverse("dashboards:cle"), {"period": "custom", "start": "2026-01-01", "end": "2026-03-31"}
    )
    assert response.status_code == 200
    assert 'value="2026-01-01"' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"period": "custom", "start": "2026-03-01", "end": "2026-01-01"},
        {"period": "custom", "start": "", "end": ""},
        {"period": "custom", "start": "pas une date", "end": "2026-01-01"},
        {"period": "custom", "start": "1900-01-01", "end": "2026-01-01"},
        {"period": "<script>"},
    ],
)
def test_a_wrong_period_is_shown_again_with_a_message(client_for, cle_agent, params):
    response = client_for(cle_agent).get(reverse("dashboards:cle"), params)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert "<script>" not in html


def test_a_wrong_period_on_the_csv_goes_back_to_the_form(client_for, cle_agent):
    url = reverse("dashboards:cle_requests_csv")
    response = client_for(cle_agent).get(url, {"period": "custom", "start": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dashboards:cle"))


def test_counsellor_cannot_open_the_cle_dashboard(client_for, counsellor):
    assert client_for(counsellor).get(reverse("dashboards:cle")).status_code == 403


def test_cle_agent_cannot_open_the_organisation_dashboard(client_for, cle_agent):
    assert client_for(cle_agent).get(reverse("dashboards:organisation")).status_code == 403


def test_cle_requests_csv_is_safe_and_names_no_one(client_for, cle_agent, deal):
    builders.request(deal, cle_agent, status="sent", family_name="=HYPERLINK(1)")
    deal.organisation.name = "=cmd|' /C calc'!A0"
    deal.organisation.save()
    response = client_for(cle_agent).get(reverse("dashboards:cle_requests_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _csv(response)
    assert len(rows) == 2
    assert rows[1][3] == "'=cmd|' /C calc'!A0"
    assert "HYPERLINK" not in str(rows)


def test_cle_participations_csv_lists_the_period(client_for, cle_agent, deal):
    builders.participation(deal, status="completed", feedback_status="sent", outcome="job")
    response = client_for(cle_agent).get(reverse("dashboards:cle_participations_csv"))
    rows = _csv(response)
    assert len(rows) == 2


def test_organisation_dashboard_lists_the_inbox_and_late_items(
    client_for, counsellor, cle_agent, deal
):
    builders.request(deal, cle_agent, status="sent", sent_days_ago=9, family_name="Benali")
    builders.request(deal, cle_agent, status="declined", family_name="Declinee")
    import datetime

    from django.utils import timezone

    late = timezone.localdate() - datetime.timedelta(days=4)
    builders.participation(deal, status="in_progress", planned_end=late)
    response = client_for(counsellor).get(reverse("dashboards:organisation"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Benali" in html
    assert "Declinee" not in html  # a declined request is gone from the organisation's side
    assert 'id="reminders-requests"' in html
    assert 'id="reminders-participations"' in html
    assert html.count('role="img"') == 1


def test_organisation_csv_is_scoped_to_the_organisation(
    client_for, counsellor, other_organisation, cle, deal
):
    builders.participation(deal, status="accepted")
    builders.participation(builders.agreement(cle, other_organisation), status="accepted")
    rows = _csv(client_for(counsellor).get(reverse("dashboards:organisation_csv")))
    assert len(rows) == 2


def test_digest_preference_is_set_from_the_dashboard(client_for, counsellor):
    client = client_for(counsellor)
    response = client.post(reverse("dashboards:organisation"), {"daily": "on"})
    assert response.status_code == 302
    assert DigestPreference.objects.get(user=counsellor).daily is True
    page = client.get(reverse("dashboards:organisation")).content.decode()
    assert 'name="daily" id="id_daily" checked' in page
    client.post(reverse("dashboards:organisation"), {})
    assert DigestPreference.objects.get(user=counsellor).daily is False


def test_the_cle_agent_sets_the_digest_too(client_for, cle_agent):
    response = client_for(cle_agent).post(reverse("dashboards:cle"), {"daily": "on"})
    assert response.status_code == 302
    assert DigestPreference.objects.get(user=cle_agent).daily is True


def test_reminders_show_on_the_staff_home_pages(client_for, counsellor, cle_agent, deal):
    builders.request(deal, cle_agent, status="sent", sent_days_ago=9)
    page = client_for(counsellor).get(reverse("participants:caseload")).content.decode()
    assert 'id="reminders-heading"' in page
    assert "/tableaux/organisme/#reminders-requests" in page
    page = client_for(cle_agent).get(reverse("participants:referred")).content.decode()
    assert "/tableaux/cle/" in page


def test_nav_links_follow_the_capability(client_for, counsellor, organisation):
    page = client_for(counsellor).get(reverse("dashboards:organisation")).content.decode()
    assert reverse("dashboards:organisation") in page
    assert reverse("dashboards:cle") not in page
    admin = member(organisation, Role.ORG_ADMIN)
    assert client_for(admin).get(reverse("dashboards:organisation")).status_code == 200


HOSTILE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["<script>alert(1)</script>", "#set page(width: 1pt)", "\x00", "9999-99-99", "x" * 5000]
    ),
)


@given(period=HOSTILE, start=HOSTILE, end=HOSTILE)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_hostile_period_parameters_never_break_the_dashboard(
    client_for, cle_agent, period, start, end
):
    client = client_for(cle_agent)
    params = {"period": period, "start": start, "end": end}
    response = client.get(reverse("dashboards:cle"), params)
    assert response.status_code in (200, 422)
    assert "<script>alert(1)" not in response.content.decode()
    response = client.get(reverse("dashboards:cle_requests_csv"), params)
    assert response.status_code in (200, 302)
