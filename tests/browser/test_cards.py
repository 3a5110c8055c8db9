"""Business cards in a real browser: the page at phone and desktop widths passes axe, the
print form downloads the sheet and records the print, without JavaScript too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from atout.cards.models import CardPrint
from atout.participants import services as participant_services
from atout.participants.models import Audience, ContactField
from atout.passports.models import KeyCompetency, Passport
from tests.browser.conftest import AXE_TAGS, DESKTOP, PHONE, SHOTS_DIR
from tests.browser.test_axe_sweep import _log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def passport(participant, counsellor):
    participant.mobile_phone = "4185551234"
    participant.save()
    participant_services.consent_set(
        participant=participant,
        actor=counsellor,
        decisions={
            (ContactField.EMAIL, Audience.EMPLOYER): True,
            (ContactField.MOBILE_PHONE, Audience.EMPLOYER): True,
        },
    )
    passport = Passport.objects.create(
        participant=participant,
        objective_fr="Commis d’entrepôt de jour, fiable et minutieuse, prête à apprendre "
        "le chariot élévateur et la réception de marchandises en équipe.",
        objective_en="Day-shift warehouse clerk.",
        languages="both",
    )
    for fr, en in [
        ("Travailler en équipe", "Teamwork"),
        ("Respecter les consignes de sécurité au travail", "Following safety instructions"),
        ("Gérer son temps", ""),
    ]:
        KeyCompetency.objects.create(passport=passport, title_fr=fr, title_en=en)
    return passport


def _axe(page, axe_source) -> list[str]:
    page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [f"{v['id']}: {v['help']}" for v in result["violations"]]


@pytest.mark.parametrize("javascript", [True, False])
def test_cards_page_prints_and_passes_axe(
    new_context, live_server, axe_source, counsellor, org_admin, participant, passport, javascript
):
    url = live_server.url + reverse("cards:participant", kwargs={"pk": participant.pk})
    path = reverse("cards:pdf", kwargs={"pk": participant.pk})
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    for name, viewport in (("390", PHONE), ("1280", DESKTOP)):
        context = new_context(viewport=viewport, java_script_enabled=javascript)
        _log_in(context, live_server, counsellor)
        page = context.new_page()
        page.goto(url)
        assert "Émilie Gagnon" in page.locator("h1").inner_text()
        if javascript:
            assert _axe(page, axe_source) == []
            page.screenshot(path=str(SHOTS_DIR / f"cards-{name}.png"), full_page=True)
            # No horizontal scrolling at phone width.
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.select_option("#id_layout", "clean-edge-10")
    with page.expect_download() as download:
        page.locator(f'form[method="post"][action="{path}"] button[type="submit"]').click()
    assert download.value.suggested_filename.endswith("-cartes-fr.pdf")
    assert CardPrint.objects.filter(participant=participant, layout="clean-edge-10").count() == 1

    admin = new_context(viewport=DESKTOP)
    _log_in(admin, live_server, org_admin)
    page = admin.new_page()
    page.goto(live_server.url + reverse("cards:layout_create"))
    if javascript:
        assert _axe(page, axe_source) == []
        page.screenshot(path=str(SHOTS_DIR / "cards-layout-form.png"), full_page=True)
        page.goto(live_server.url + reverse("cards:print_settings"))
        assert _axe(page, axe_source) == []
        page.screenshot(path=str(SHOTS_DIR / "cards-settings.png"), full_page=True)
