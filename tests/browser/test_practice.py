"""Practice cards in a real browser: the person fills a card on a phone and marks it ready."""

import pytest
from playwright.sync_api import expect

from atout.practice.models import PracticeCard
from atout.practice.selectors import competency_key
from atout.practice.tests.factories import PUNCTUAL, TEAM, approve, competency
from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR
from tests.browser.conftest import axe_violations as _axe
from tests.browser.conftest import log_in_with_cookie as _log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_person_fills_a_card_on_a_phone_and_the_counsellor_sees_it(
    new_context, live_server, participant, participant_user, counsellor, axe_source
):
    approve(participant, [competency(*TEAM), competency(*PUNCTUAL)])
    team = competency_key({"fr": TEAM[0], "en": TEAM[1]})
    punctual = competency_key({"fr": PUNCTUAL[0], "en": PUNCTUAL[1]})
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    url = f"{live_server.url}/dossiers/{participant.pk}/pratique/"

    context = new_context(viewport=PHONE)
    _log_in(context, live_server, participant_user)
    page = context.new_page()
    page.goto(url)
    expect(page.locator(f"#card-{team} h2")).to_have_text(TEAM[0])
    assert _axe(page, axe_source) == []
    page.locator(f"#card-{team}-own_words").fill("Au dépanneur, j’ai servi seule la file.")
    page.locator(f"label[for='card-{team}-readiness_2']").click()  # ready
    page.locator(f"#card-{team}-save").click()
    expect(page.locator(f"#card-{team} [role=status]")).not_to_be_empty()
    card = PracticeCard.objects.get(key=team)
    assert (card.readiness, card.version) == ("ready", 1)
    assert "dépanneur" in card.own_words
    # The swapped card carries the new version: a second save is not a conflict.
    page.locator(f"#card-{team}-own_words").fill("Au dépanneur, un soir de tempête.")
    page.locator(f"#card-{team}-save").click()
    expect(page.locator(f"#card-{team}-own_words")).to_have_value(
        "Au dépanneur, un soir de tempête."
    )
    page.wait_for_function(
        f"() => document.querySelector('#card-{team} input[name=version]').value === '2'"
    )
    assert PracticeCard.objects.get(key=team).own_words == "Au dépanneur, un soir de tempête."
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The session ends while the person types: the card and the text stay, the line says so.
    context.clear_cookies()
    page.locator(f"#card-{team}-own_words").fill("Un texte à ne pas perdre.")
    page.locator(f"#card-{team}-save").click()
    expect(page.locator(f"#card-{team} [role=status]")).to_have_class(
        "save-status-region save-status--error"
    )
    expect(page.locator(f"#card-{team}-own_words")).to_have_value("Un texte à ne pas perdre.")
    _log_in(context, live_server, participant_user)
    page.screenshot(path=str(SHOTS_DIR / "practice-phone.png"), full_page=True)

    # Without JavaScript the form posts and the page comes back at the card.
    nojs = new_context(viewport=PHONE, java_script_enabled=False)
    _log_in(nojs, live_server, participant_user)
    plain = nojs.new_page()
    plain.goto(url)
    plain.locator(f"label[for='card-{punctual}-readiness_1']").click()
    plain.locator(f"#card-{punctual}-save").click()
    expect(plain).to_have_url(f"{url}#card-{punctual}")
    assert PracticeCard.objects.get(key=punctual).readiness == "getting_there"

    desk = new_context(viewport=DESKTOP)
    _log_in(desk, live_server, counsellor)
    staff = desk.new_page()
    staff.goto(url)
    expect(staff.locator(".practice-summary")).to_contain_text("●●●")
    assert _axe(staff, axe_source) == []
    staff.screenshot(path=str(SHOTS_DIR / "practice-counsellor.png"), full_page=True)
    # The file page's readiness list and the cards' history pass axe too.
    staff.goto(f"{live_server.url}/dossiers/{participant.pk}/")
    expect(staff.locator(".practice-file-summary")).to_contain_text("●●○")
    assert _axe(staff, axe_source) == []
    staff.goto(f"{url}historique/")
    expect(staff.locator("tbody tr")).to_have_count(3)
    assert _axe(staff, axe_source) == []
