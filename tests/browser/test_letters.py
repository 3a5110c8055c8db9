"""Cover letters in a real browser: write one with a suggested body, at phone and desk widths."""

import pytest
from playwright.sync_api import expect

from atout.letters.models import CoverLetter
from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR
from tests.browser.conftest import axe_violations as _axe
from tests.browser.conftest import log_in_with_cookie as _log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_counsellor_writes_a_letter_with_a_suggested_body(
    new_context, live_server, counsellor, participant, axe_source, viewport
):
    from atout.letters.tests.factories import make_passport_with_evidence

    make_passport_with_evidence(participant)
    context = new_context(viewport=viewport)
    _log_in(context, live_server, counsellor)
    page = context.new_page()
    width = viewport["width"]
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/dossiers/{participant.pk}/lettres/nouvelle/")
    page.get_by_label("Employeur").first.fill("Hôtel Le Concorde")
    page.locator("#id_posting_title").fill("Préposée aux chambres")
    page.locator("button[name=suggest]").click()
    body = page.locator("#id_body")
    expect(body).not_to_be_empty()
    assert body.input_value().startswith(
        "Je vous soumets ma candidature au poste de préposée aux chambres."
    )
    assert "banque alimentaire" in body.input_value()
    page.screenshot(path=str(SHOTS_DIR / f"letter-form-{width}.png"), full_page=True)
    assert _axe(page, axe_source) == []
    page.locator("form.form button[type=submit]:not([name])").click()
    expect(page.locator("h1")).to_contain_text("Hôtel Le Concorde")
    assert CoverLetter.objects.count() == 1
    page.screenshot(path=str(SHOTS_DIR / f"letter-detail-{width}.png"), full_page=True)
    assert _axe(page, axe_source) == []
    letter = CoverLetter.objects.get()
    base = f"{live_server.url}/dossiers/{participant.pk}/lettres/"
    for name, url in [
        ("list", base),
        ("edit", f"{base}{letter.pk}/modifier/"),
        ("history", f"{base}{letter.pk}/historique/"),
        ("delete", f"{base}{letter.pk}/supprimer/"),
    ]:
        page.goto(url)
        page.screenshot(path=str(SHOTS_DIR / f"letter-{name}-{width}.png"), full_page=True)
        assert _axe(page, axe_source) == [], name
    # Autosave: typing in the edit form saves without leaving the page.
    page.goto(f"{base}{letter.pk}/modifier/")
    page.locator("#id_subject").fill("Offre de services pour la saison estivale")
    expect(page.locator("#autosave-status")).not_to_be_empty()
    letter.refresh_from_db()
    assert letter.subject == "Offre de services pour la saison estivale"
