"""The person asks for a correction on a phone; the counsellor corrects it on a desktop."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from atout.evidence.tests.factories import ExperienceFactory
from atout.rectifications.models import RectificationRequest
from atout.rectifications.tests.factories import overdue
from tests.browser.conftest import PHONE, screenshot

pytestmark = pytest.mark.browser


def test_ask_on_a_phone_then_correct_on_a_desktop(
    new_context, live_server, login, participant, participant_user, counsellor, assert_accessible
):
    ExperienceFactory(participant=participant, title="Caissière, Marché Saint-Roch")
    # An older request, past its 30 days.
    overdue(participant, field_name="city", field_label="Ville", should_be="Lévis")

    phone = new_context(viewport=PHONE).new_page()
    login(phone, participant_user)
    phone.goto(f"{live_server.url}/corrections/")
    expect(phone.locator("h1")).to_have_text("Corriger un renseignement me concernant")
    assert_accessible(phone)
    # « Demander une correction » next to the family name selects it in the form.
    with phone.expect_navigation():
        phone.get_by_role(
            "link", name=re.compile("Identité et coordonnées.*Nom de famille$")
        ).click()
    expect(phone.locator("#id_field option:checked")).to_have_text("Nom de famille")
    phone.fill("#id_what_is_wrong", "Il manque mon deuxième nom.")
    phone.fill("#id_should_be", "Gagnon-Roy")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Envoyer ma demande").click()
    expect(phone.locator(".messages")).to_contain_text("Votre demande est envoyée")
    expect(phone.locator(".rect-requests")).to_contain_text("Réponse au plus tard le")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(phone)
    screenshot(phone, "rectifications-mine")

    desk = new_context().new_page()
    login(desk, counsellor)
    desk.goto(f"{live_server.url}/corrections/a-traiter/")
    rows = desk.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("En retard")  # in words, first
    assert_accessible(desk)
    screenshot(desk, "rectifications-pending")
    with desk.expect_navigation():
        rows.nth(1).get_by_role("link").last.click()
    expect(desk.locator("#id_value")).to_have_value("Gagnon-Roy")
    desk.fill("#id_value", "Gagnon Roy")
    assert_accessible(desk)
    screenshot(desk, "rectifications-decide")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Appliquer la correction").click()
    expect(desk.locator(".messages")).to_contain_text("Corrigé dans le dossier")
    participant.refresh_from_db()
    assert participant.family_name == "Gagnon Roy"

    phone.goto(f"{live_server.url}/corrections/")
    answered = phone.locator(".rect-request").filter(has_text="Il manque mon deuxième nom.")
    expect(answered.locator(".status")).to_have_text("Corrigée")
    expect(answered).to_contain_text("Gagnon Roy")
    assert_accessible(phone)
    assert RectificationRequest.objects.filter(status="pending").count() == 1
