"""The person in charge in a real browser, in French: the organisation admin publishes who is
in charge and gives them the incident register; they record an incident with a serious risk
and no notice yet (the page says so); anyone reads the privacy notice. Every page passes axe."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.incidents.models import Incident
from tests.browser.conftest import PHONE, log_in_with_cookie, screenshot

pytestmark = pytest.mark.browser


def test_person_in_charge_keeps_the_register(
    new_context, live_server, assert_accessible, organisation, org_admin
):
    officer = member(organisation, Role.COUNSELLOR, full_name="Sylvie Paquet")
    admin = new_context()
    log_in_with_cookie(admin, live_server, org_admin)
    page = admin.new_page()
    page.goto(live_server.url + reverse("privacy:officer"))
    assert_accessible(page)
    page.fill("#id_privacy_officer_name", "Sylvie Paquet")
    page.fill("#id_privacy_officer_title", "Directrice générale")
    page.fill("#id_privacy_officer_email", "confidentialite@carrefour.test")
    page.locator("form:has(input[value=contact]) button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    page.select_option("#id_member", str(officer.pk))
    page.locator("form:has(input[value=appoint]) button[type=submit]").click()
    expect(page.locator(".message--success")).to_contain_text("Sylvie Paquet")
    assert_accessible(page)
    screenshot(page, "privacy-officer")

    keeper = new_context()
    log_in_with_cookie(keeper, live_server, officer)
    page = keeper.new_page()
    page.goto(live_server.url + reverse("incidents:list"))
    assert_accessible(page)
    page.locator(f"main a[href='{reverse('incidents:create')}']").click()
    assert_accessible(page)
    page.fill("#id_title", "Liste envoyée au mauvais destinataire")
    page.fill("#id_circumstances", "Une liste de présences a été jointe à un courriel externe.")
    page.fill("#id_occurred_from", "2026-11-02")
    page.fill("#id_learned_on", "2026-11-03")
    page.fill("#id_persons_concerned", "14")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary a[href='#id_information_involved']")).to_be_visible()
    assert page.input_value("#id_title") == "Liste envoyée au mauvais destinataire"
    assert_accessible(page)
    page.fill("#id_information_involved", "Noms et numéros de téléphone")
    page.check("#id_serious_risk_1")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[role=alert] li")).to_have_count(2)
    assert Incident.objects.get().serious_risk == Incident.SeriousRisk.YES
    assert_accessible(page)
    screenshot(page, "incident-detail")

    visitor = new_context(viewport=PHONE)
    page = visitor.new_page()
    page.goto(live_server.url + reverse("privacy:notice"))
    assert page.locator("html").get_attribute("lang") == "fr-CA"
    expect(page.locator("main")).to_contain_text("Directrice générale")
    assert_accessible(page)
    screenshot(page, "privacy-notice")
