"""The passport builder in a real browser, keyboard only, with axe-core on every step."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from atout.passports import services
from atout.passports.models import Passport
from tests.browser.conftest import PHONE, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def framework(transactional_db, reference_data):
    return reference_data


def press(page: Page, selector: str, key: str = "Enter") -> None:
    """Keyboard only: move the focus to an element, then press a key on it."""
    page.locator(selector).first.focus()
    page.keyboard.press(key)


def follow(page: Page, selector: str, key: str = "Enter") -> None:
    """Press a key on a link or submit button and wait for the next page."""
    with page.expect_navigation():
        press(page, selector, key)


def type_into(page: Page, selector: str, text: str) -> None:
    page.locator(selector).first.focus()
    page.keyboard.type(text)


def choose_with_arrows(page: Page, selector: str, label_start: str) -> None:
    """Pick an option with the arrow keys: type-ahead resets after a pause, which a busy
    machine can take between two keystrokes."""
    select = page.locator(selector)
    select.focus()
    page.keyboard.press("Home")
    for _ in range(select.locator("option").count()):
        chosen = select.evaluate("s => s.options[s.selectedIndex].text")
        if chosen.strip().startswith(label_start):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option of {selector} starts with {label_start!r}")


def test_build_a_passport_with_the_keyboard_only(
    page, live_server, login, participant, counsellor, framework, assert_accessible
):
    login(page, counsellor)
    page.goto(f"{live_server.url}/dossiers/{participant.pk}/")
    follow(page, f"a[href$='/passeport/dossiers/{participant.pk}/']")
    assert_accessible(page)
    follow(page, "main form button[type=submit]")

    # 1. Identification: the e-mail may be shown to employers.
    expect(page.locator("h1")).to_contain_text("Identification")
    assert_accessible(page)
    press(page, "#id_employer_email", " ")
    follow(page, "button[name=go][value=objectif]")

    # 2. Objective, linked to a workforce profile.
    expect(page.locator("#id_objective_fr")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_objective_fr").fill("")
    type_into(
        page,
        "#id_objective_fr",
        "Je souhaite travailler comme caissière dans une épicerie de quartier, de jour. "
        "J’aime servir la clientèle et je compte vite et juste.",
    )
    choose_with_arrows(page, "#id_workforce_profile", "Caiss")
    follow(page, "button[name=go][value=competences-de-base]")

    # 3. Basic skills.
    assert_accessible(page)
    type_into(page, "#id_software_fr", "Caisse enregistreuse, courriel")
    follow(page, "button[name=go][value=competences-cles]")

    # 4. Key competencies: two from the suggestions, then reorder with the keyboard.
    assert_accessible(page)
    follow(page, ".suggestions button")
    follow(page, ".suggestions button")
    items = page.locator(".kc-item__title")
    expect(items).to_have_count(2)
    second = items.nth(1).inner_text()
    follow(page, ".kc-item:nth-child(2) button[formaction$='/monter/']")
    expect(page.locator(".kc-item__title").first).to_have_text(second)
    screenshot(page, "passport-competencies")
    follow(page, "a.button[href$='/etape/preuves/']")

    # 5. Evidence for the first competency, and its link with the profile.
    assert_accessible(page)
    press(page, ".write-evidence summary")
    first = page.locator("section.panel[id^=kc-]").first
    row = f"#{first.get_attribute('id')}"
    type_into(page, f"{row} textarea[name$=situation_fr]", "Caisse au marché")
    type_into(page, f"{row} textarea[name$=action_fr]", "J’ai tenu la caisse")
    type_into(page, f"{row} textarea[name$=result_fr]", "Zéro écart en un été")
    follow(page, f"#{first.get_attribute('id')} .write-evidence button[type=submit]")
    expect(page.locator(".evidence-list").first).to_contain_text("Zéro écart")
    assert_accessible(page)
    follow(page, "a.button[href$='/etape/aide/']")

    # 6. Help for employers: the CLE, its measures and the employer text (nothing to type).
    assert_accessible(page)
    follow(page, "button[name=go][value=revision]")

    # 7. Review: the live preview is the real document; record the approval given in person.
    expect(page.locator("#preview img").first).to_be_visible(timeout=15_000)
    assert_accessible(page)
    follow(page, "form[action$='/approbation-en-personne/'] button")
    expect(page.locator(".status.status--approved")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "passport-review")

    passport = Passport.objects.get(participant=participant)
    assert passport.status == Passport.Status.APPROVED
    assert passport.versions.count() == 1
    assert passport.key_competencies.count() == 2
    assert passport.workforce_profile.noc_code == "65100"
    assert participant.consents.get(field="email", audience="employer").granted


def test_refused_autosave_marks_the_field_without_relying_on_colour(
    page, live_server, login, participant, counsellor, framework, assert_accessible
):
    services.passport_start(participant=participant, actor=counsellor)
    login(page, counsellor)
    page.goto(f"{live_server.url}/passeport/dossiers/{participant.pk}/etape/competences-de-base/")
    field = page.locator("#id_software_fr")
    # A control character cannot be typed; put it in as a paste would, then let autosave run.
    field.evaluate(
        "el => { el.value = 'Word\\u0007';"
        " el.dispatchEvent(new Event('change', {bubbles: true})); }"
    )
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", "id_software_fr_error")
    expect(page.locator("#id_software_fr_error")).to_be_visible()
    status = page.locator("#autosave-status")
    expect(status.locator("a[href='#id_software_fr']")).to_be_visible()
    assert "rouge" not in status.inner_text().lower()
    assert_accessible(page)
    screenshot(page, "passport-autosave-refused")
    # Corrected, the next autosave saves and the field is no longer marked.
    field.fill("Word, Excel")
    field.dispatch_event("change")
    expect(status).to_contain_text("Enregistr")
    expect(field).not_to_have_attribute("aria-invalid", "true")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_participant_reads_the_pages_then_approves(
    new_context,
    live_server,
    login,
    participant,
    participant_user,
    counsellor,
    framework,
    assert_accessible,
    width,
):
    passport = services.passport_start(participant=participant, actor=counsellor)
    services.passport_submit(passport=passport, actor=counsellor)
    context = new_context(viewport=PHONE) if width == "phone" else new_context()
    page = context.new_page()
    login(page, participant_user)
    page.goto(f"{live_server.url}/dossiers/mon-dossier/")
    expect(page.locator("#passport-notice-h")).to_be_visible()
    follow(page, ".passport-notice a.button")
    pages = page.locator(".review-pages a.preview-link")
    expect(pages.first).to_be_visible(timeout=20_000)
    approve = page.locator("form[action$='/approbation/'] button")
    assert pages.last.bounding_box()["y"] < approve.bounding_box()["y"]
    assert_accessible(page)
    screenshot(page, "passport-participant-review")
    follow(page, "form[action$='/approbation/'] button")
    assert Passport.objects.get(pk=passport.pk).status == Passport.Status.APPROVED
