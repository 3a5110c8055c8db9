"""Employer share link in a real browser: the participant makes a link, an employer opens it
in a fresh context (phone), the participant revokes it, the employer's reload is the 404
page. Every page passes axe."""

from __future__ import annotations

import pytest
from django.urls import reverse

from atout.participants import services as participant_services
from atout.participants.models import Audience, ContactField
from atout.passports import services as passport_services
from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def approved(participant, counsellor, participant_user):
    participant.mobile_phone = "4185550142"
    participant.save()
    participant_services.consent_set(
        participant=participant,
        actor=counsellor,
        decisions={
            (ContactField.EMAIL, Audience.EMPLOYER): True,
            (ContactField.MOBILE_PHONE, Audience.EMPLOYER): True,
        },
    )
    passport = passport_services.passport_start(participant=participant, actor=counsellor)
    passport = passport_services.passport_update(
        passport=passport,
        actor=counsellor,
        data={
            "objective_fr": "Je souhaite travailler comme commis d’épicerie de jour, dans une "
            "équipe où l’accueil des clients compte.",
            "languages_fr": "Français (parlé, écrit), anglais (parlé)",
        },
        expected_version=None,
    )
    kc = passport_services.key_competency_add(
        passport=passport, actor=counsellor, title_fr="Travailler en équipe"
    )
    passport_services.key_competency_update(
        key_competency=kc,
        actor=counsellor,
        data={"link_fr": "En épicerie, l’équipe se relaie aux caisses et en rayon."},
    )
    passport_services.evidence_write(
        key_competency=kc,
        actor=counsellor,
        texts={
            "situation_fr": "Bénévole à la banque alimentaire du quartier pendant deux ans.",
            "action_fr": "J’ai organisé le tri des dons avec quatre autres bénévoles.",
            "result_fr": "Les paniers étaient prêts une heure plus tôt chaque jeudi.",
        },
    )
    return passport_services.passport_approve(passport=passport, actor=counsellor, in_person=True)


def test_participant_shares_then_revokes(
    new_context, live_server, login, assert_accessible, participant, participant_user, approved
):
    owner = new_context(viewport=DESKTOP)
    page = owner.new_page()
    login(page, participant_user)
    page.goto(live_server.url + reverse("participants:my_file"))
    page.locator("main a[href$='/liens-employeurs/']").click()
    assert_accessible(page)
    page.fill("#id_label", "Épicerie Roy")
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_selector(".share-link__input")
    assert_accessible(page)
    screenshot(page, "sharing-links")
    url = page.locator(".share-link__input").first.input_value()
    assert "/p/" in url
    path = url.split("/p/", 1)[1]

    employer = new_context(viewport=PHONE)
    visit = employer.new_page()
    response = visit.goto(f"{live_server.url}/p/{path}")
    assert response.status == 200
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "noindex" in response.headers["x-robots-tag"]
    assert visit.get_by_role("heading", level=1).inner_text().startswith("Émilie")
    assert visit.get_by_text("Travailler en équipe").count() >= 1
    assert employer.cookies() == []
    assert_accessible(visit)
    screenshot(visit, "sharing-public")
    visit.set_viewport_size(DESKTOP)
    screenshot(visit, "sharing-public")
    visit.emulate_media(media="print")
    screenshot(visit, "sharing-public-print")
    visit.emulate_media(media="screen")
    visit.set_viewport_size(PHONE)
    # The PDF opens inline in a browser; fetch it through the employer's context instead.
    pdf = employer.request.get(f"{live_server.url}/p/{path}passport.pdf?lang=fr")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    page.reload()
    page.locator(".share-link--active form button[type=submit]").first.click()
    page.wait_for_selector(".share-link--revoked")

    gone = visit.reload()
    assert gone.status == 404
    assert visit.locator(".shared-unavailable h1").count() == 1
    assert_accessible(visit)
    screenshot(visit, "sharing-unavailable")
    assert employer.cookies() == []
