"""The person proposes a story with a photo on a phone; the counsellor accepts it on a desktop."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from atout.evidence.models import Achievement, Review
from atout.evidence.tests.factories import (
    CertificateFactory,
    EducationFactory,
    ExperienceFactory,
    PersonalProfileFactory,
    ReferenceFactory,
)
from atout.participants.tests.factories import PNG_BYTES
from tests.browser.conftest import PHONE, screenshot

pytestmark = pytest.mark.browser


def test_propose_on_a_phone_then_accept_on_a_desktop(
    new_context, live_server, login, participant, participant_user, counsellor, assert_accessible
):
    experience = ExperienceFactory(participant=participant, title="Caissière, Marché Saint-Roch")
    EducationFactory(participant=participant, program_en="")
    CertificateFactory(participant=participant, expires_on=datetime.date(2024, 1, 31))
    ReferenceFactory(participant=participant, listed_on_cv=False)
    PersonalProfileFactory(participant=participant)

    phone = new_context(viewport=PHONE).new_page()
    login(phone, participant_user)
    phone.goto(f"{live_server.url}/preuves/dossiers/{participant.pk}/")
    assert_accessible(phone)
    with phone.expect_navigation():
        phone.locator(".page-head a.button").first.click()
    phone.select_option("#id_experience", str(experience.pk))
    phone.fill("#id_situation", "Le samedi, la file débordait dans la rue.")
    phone.fill("#id_action", "J’ai ouvert une deuxième caisse et guidé les clients.")
    phone.fill("#id_result", "L’attente a baissé de moitié.")
    phone.set_input_files(
        "#id_photo", files=[{"name": "merci.png", "mimeType": "image/png", "buffer": PNG_BYTES}]
    )
    phone.fill("#id_photo_description", "Mot de la gérante")
    assert_accessible(phone)
    screenshot(phone, "evidence-propose-story")
    # Nothing wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()
    mine = phone.locator("#my-contributions")
    expect(mine).to_contain_text("la file débordait")
    expect(mine.locator(".review-state--proposed")).to_be_visible()
    assert_accessible(phone)
    screenshot(phone, "evidence-participant-list")
    achievement = Achievement.objects.get(review=Review.PROPOSED)
    assert achievement.proofs.count() == 1

    desk = new_context().new_page()
    login(desk, counsellor)
    desk.goto(f"{live_server.url}/preuves/dossiers/{participant.pk}/")
    expect(desk.locator("#to-review")).to_contain_text("la file débordait")
    assert_accessible(desk)
    screenshot(desk, "evidence-counsellor-list")
    with desk.expect_navigation():
        desk.locator("#to-review a.button").first.click()
    assert_accessible(desk)
    screenshot(desk, "evidence-review")
    with desk.expect_navigation():
        desk.locator("button[name=accept]").click()
    achievement.refresh_from_db()
    assert achievement.review == Review.ACCEPTED
    desk.goto(f"{live_server.url}/preuves/formations/{participant.education.get().pk}/")
    assert_accessible(desk)
    screenshot(desk, "evidence-education-form")
