"""The whole CLE loop in one real browser run, with axe on every page it crosses: the CLE
agent writes and sends a service request, the counsellor accepts it, the passport is
approved (so the participation reads « passport produced » by itself), the counsellor sends
the feedback report and the CLE agent acknowledges it. Nobody re-types anything."""

import pytest
from playwright.sync_api import Page, expect

from atout.participations.models import FeedbackReport, Participation
from atout.passports import services as passport_services
from atout.referrals.models import ServiceRequest
from atout.referrals.tests.factories import AgreementFactory
from tests.browser.conftest import log_in_with_cookie, screenshot

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def test_request_to_acknowledged_feedback(
    new_context, live_server, assert_accessible, cle, cle_agent, organisation, counsellor
):
    AgreementFactory(cle=cle, organisation=organisation)

    # 1. The CLE agent writes the request and sends it.
    agent = new_context()
    log_in_with_cookie(agent, live_server, cle_agent)
    page = agent.new_page()
    page.goto(f"{live_server.url}/demandes/nouvelle/")
    assert_accessible(page)
    page.fill("#id_given_names", "Karine")
    page.fill("#id_family_name", "Lapointe")
    page.fill("#id_email", "karine.lapointe@exemple.ca")
    page.check("#id_objective_kind_0")
    page.fill("#id_objective", "Commis d’épicerie")
    for box in ("in_public_measures", "without_job", "ready_to_search", "has_objective"):
        page.check(f"#id_{box}")
    page.fill("#id_assessment_job_search", "Peu d’expérience à montrer sur un CV.")
    page.check("#id_reason_0")
    page.select_option("#id_agreement", index=1)
    page.select_option("#id_income_support", "last_resort")
    page.select_option("#id_entry_route", "individual_pathway")
    page.fill("#id_expected_start", "2026-12-07")
    page.fill("#id_expected_end", "2027-02-26")
    _submit(page, "button[name=then][value=send]")
    request = ServiceRequest.objects.get()
    assert request.status == ServiceRequest.Status.SENT
    assert_accessible(page)
    screenshot(page, "loop-request-sent")

    # 2. The counsellor finds it in the inbox and accepts it: the file and the
    # participation are made from the request.
    staff = new_context()
    log_in_with_cookie(staff, live_server, counsellor)
    page = staff.new_page()
    page.goto(f"{live_server.url}/demandes/recues/")
    assert_accessible(page)
    page.get_by_role("link", name="Lapointe, Karine").click()
    page.goto(f"{live_server.url}/demandes/{request.pk}/accepter/")
    assert_accessible(page)
    page.fill("#id_first_meeting_at", "2026-12-08T09:30")
    _submit(page, "main form button[type=submit]")
    participation = Participation.objects.get(request=request)
    assert participation.participant.family_name == "Lapointe"
    assert participation.participant.referring_cle == cle
    expect(page).to_have_url(f"{live_server.url}/participations/{participation.pk}/")
    assert_accessible(page)
    _submit(page, "button[name=to][value=in_progress]")
    participation.refresh_from_db()
    assert participation.status == Participation.Status.IN_PROGRESS

    # 3. The passport, built elsewhere (its own browser tests), is approved in person from
    # its review page: the participation moves to « passport produced » by itself.
    passport = passport_services.passport_start(
        participant=participation.participant, actor=counsellor
    )
    passport_services.passport_submit(passport=passport, actor=counsellor)
    page.goto(
        f"{live_server.url}/passeport/dossiers/{participation.participant_id}/etape/revision/"
    )
    _submit(page, "form[action$='/approbation-en-personne/'] button")
    participation.refresh_from_db()
    assert participation.status == Participation.Status.PASSPORT_PRODUCED

    # 4. The counsellor opens the feedback report, prefilled, chooses the outcome and sends it.
    page.goto(f"{live_server.url}/participations/{participation.pk}/retroinformation/")
    assert_accessible(page)
    page.locator("#id_outcome").select_option("job_search")
    _submit(page, "form.form button.button--secondary")
    _submit(page, "form[action$='envoi/'] button")
    report = FeedbackReport.objects.get(participation=participation)
    assert report.status == FeedbackReport.Status.SENT
    assert report.sent_content
    screenshot(page, "loop-feedback-sent")

    # 5. The CLE agent follows the participation and acknowledges the report.
    page = agent.new_page()
    page.goto(f"{live_server.url}/participations/suivies/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/participations/{participation.pk}/retroinformation/")
    assert_accessible(page)
    _submit(page, "form[action$='accuse-reception/'] button")
    report.refresh_from_db()
    assert report.status == FeedbackReport.Status.ACKNOWLEDGED
    assert_accessible(page)
    screenshot(page, "loop-feedback-acknowledged")
    events = list(participation.events.values_list("to_status", flat=True))
    assert events == ["referred", "accepted", "in_progress", "passport_produced"]
