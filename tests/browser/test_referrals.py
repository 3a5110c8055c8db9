"""The CLE's service request in a real browser: written and sent by the agent without
JavaScript, read on a phone, and a refused decline shown again; axe on each page."""

import pytest

from atout.referrals.models import ServiceRequest
from atout.referrals.tests.factories import AgreementFactory, sent_request
from tests.browser.conftest import PHONE, log_in_with_cookie, screenshot

pytestmark = pytest.mark.browser


def test_request_written_and_sent_without_javascript(
    new_context, live_server, assert_accessible, cle, cle_agent, organisation, counsellor
):
    AgreementFactory(cle=cle, organisation=organisation)
    # The agent writes the request with JavaScript off: the form works without it.
    context = new_context(java_script_enabled=False)
    log_in_with_cookie(context, live_server, cle_agent)
    page = context.new_page()
    page.goto(f"{live_server.url}/demandes/nouvelle/")
    page.fill("#id_given_names", "Karine")
    page.fill("#id_family_name", "Lapointe")
    page.fill("#id_email", "karine@exemple.ca")
    page.check("#id_objective_kind_0")
    page.fill("#id_objective", "Commis d’épicerie")
    for box in ("in_public_measures", "without_job", "ready_to_search", "has_objective"):
        page.check(f"#id_{box}")
    page.fill("#id_assessment_career_choice", "Objectif réaliste, validé en rencontre.")
    page.check("#id_reason_1")
    page.select_option("#id_agreement", index=1)
    page.select_option("#id_income_support", "employment_insurance")
    page.select_option("#id_entry_route", "multiservice_room")
    page.fill("#id_expected_start", "2026-12-07")
    page.fill("#id_expected_end", "2027-02-26")
    screenshot(page, "referrals-form")
    page.get_by_role("button", name="Save and send").or_(
        page.get_by_role("button", name="Enregistrer et envoyer")
    ).click()
    page.wait_for_url(f"{live_server.url}/demandes/*/")
    request = ServiceRequest.objects.get()
    assert request.status == ServiceRequest.Status.SENT

    # Read on a phone (tests/browser/test_referral_loop.py takes it on to the feedback).
    phone = new_context(viewport=PHONE)
    log_in_with_cookie(phone, live_server, cle_agent)
    shot = phone.new_page()
    shot.goto(f"{live_server.url}/demandes/nouvelle/")
    assert_accessible(shot)
    screenshot(shot, "referrals-new")
    shot.goto(f"{live_server.url}/demandes/{request.pk}/")
    assert_accessible(shot)
    screenshot(shot, "referrals-detail-cle")


def test_a_refused_decline_is_shown_again(
    new_context, live_server, assert_accessible, cle, cle_agent, organisation, counsellor
):
    request = sent_request(
        agreement=AgreementFactory(cle=cle, organisation=organisation), agent=cle_agent
    )
    context = new_context(viewport=PHONE)
    log_in_with_cookie(context, live_server, counsellor)
    page = context.new_page()
    page.goto(f"{live_server.url}/demandes/{request.pk}/")
    page.locator("#id_decline-reason").fill("")
    page.locator("form[action$='/refuser/'] button").click()
    assert_accessible(page)
    screenshot(page, "referrals-decline-refused")
