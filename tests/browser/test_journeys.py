"""What a counsellor does in a real browser, checked with axe-core on every page visited.

Selectors use ids and URLs rather than visible text: the French catalogue changes often.
"""

import re

import pytest
from django.db.models import F
from playwright.sync_api import Page, expect

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.participants.models import Participant
from atout.participants.tests.factories import NoteFactory, ParticipantFactory
from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def caseload_data(organisation, counsellor, participant):
    """The counsellor's caseload: Émilie Gagnon plus a few others, one with a journal note."""
    ParticipantFactory(
        organisation=organisation, counsellor=counsellor, given_names="Marc", family_name="Roy"
    )
    ParticipantFactory(
        organisation=organisation,
        counsellor=counsellor,
        given_names="Awa",
        family_name="Diallo-Bélanger",
        status="on_hold",
    )
    NoteFactory(participant=participant, author=counsellor)
    return participant


def _result_names(page: Page) -> list[str]:
    return page.locator("#caseload-results tbody th a").all_inner_texts()


def test_counsellor_searches_opens_a_file_keeps_typed_text_and_switches_to_english(
    page, live_server, login, assert_accessible, counsellor, org_admin, caseload_data
):
    participant = caseload_data
    page.goto(f"{live_server.url}/compte/connexion/")
    assert_accessible(page)
    screenshot(page, "login")

    login(page, counsellor)
    expect(page).to_have_url(re.compile(r"/dossiers/$"))
    assert len(_result_names(page)) == 3
    assert_accessible(page)

    # Search-as-you-type: htmx swaps the results in place, no page load.
    page.evaluate("window.__sameDocument = true")
    history_before = page.evaluate("history.length")
    with page.expect_response(lambda r: "q=Gagnon" in r.url):
        page.locator("#id_q").press_sequentially("Gagnon", delay=20)
    expect(page.locator("#caseload-results tbody tr")).to_have_count(1)
    assert page.evaluate("window.__sameDocument === true"), "the search reloaded the page"
    # Names typed in the search stay out of the address bar and the browser history.
    expect(page).to_have_url(re.compile(r"/dossiers/$"))
    assert page.evaluate("history.length") == history_before
    # The live region announces the new count only; the table is swapped outside it.
    expect(page.locator("#caseload-count")).to_have_text(re.compile(r"^\s*1\s"))
    assert page.locator("[aria-live] table, [role=status] table").count() == 0
    assert_accessible(page)

    page.locator("#caseload-results tbody th a").first.click()
    expect(page).to_have_url(re.compile(rf"/dossiers/{participant.pk}/$"))
    expect(page.locator("h1")).to_have_text("Émilie Gagnon")
    assert_accessible(page)

    page.locator(f"a[href$='/dossiers/{participant.pk}/modifier/']").click()
    objective = "Retourner en soudure d'ici l'automne; formation SST à compléter."
    page.fill("#id_objective", objective)
    page.fill("#id_postal_code", "ZZZ 999")
    page.locator("main form.form button[type=submit]").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.locator("#id_postal_code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_objective")).to_have_value(objective)
    expect(page.locator("#id_postal_code")).to_have_value("ZZZ 999")
    assert_accessible(page)
    screenshot(page, "edit-errors")

    # The summary's link takes keyboard users to the field.
    summary.locator("a[href='#id_postal_code']").click()
    expect(page.locator("#id_postal_code")).to_be_focused()

    page.locator("button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-CA")
    expect(page.locator("button[name=language][value=fr-ca]")).to_be_visible()
    assert_accessible(page)

    page.fill("#id_postal_code", "g1k 3a9")
    page.locator("main form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/dossiers/{participant.pk}/$"))
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("G1K 3A9")

    # The administrator sees the change in the file's history (counsellors cannot).
    with page.expect_navigation():
        page.locator("form[action$='/compte/deconnexion/'] button").click()
    login(page, org_admin)
    page.goto(f"{live_server.url}/dossiers/{participant.pk}/")
    page.locator(f"a[href$='/dossiers/{participant.pk}/historique/']").click()
    expect(page.locator("main")).to_contain_text("G1K 3A9")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_concurrent_edit_shows_the_conflict_and_keeps_what_was_typed(
    new_context, live_server, login, assert_accessible, counsellor, caseload_data, viewport
):
    participant = caseload_data
    page = new_context(viewport=viewport).new_page()
    login(page, counsellor)
    page.goto(f"{live_server.url}/dossiers/{participant.pk}/modifier/")
    # Someone else saves the file meanwhile.
    Participant.objects.filter(pk=participant.pk).update(city="Lévis", version=F("version") + 1)
    page.fill("#id_city", "Rimouski")
    page.locator("main form.form button[type=submit]").click()

    conflict = page.locator("#conflict")
    expect(conflict).to_be_focused()
    expect(conflict).to_contain_text("Rimouski")
    expect(conflict).to_contain_text("Lévis")
    expect(page.locator("#id_city")).to_have_value("Rimouski")
    _assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "edit-conflict")


def test_keyboard_user_reaches_the_skip_link_first_and_lands_in_main(
    page, live_server, login, counsellor, caseload_data
):
    login(page, counsellor)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # The next Tab goes into the page content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused control has no visible outline"


def test_keyboard_user_can_search_and_open_a_file(
    page, live_server, login, counsellor, caseload_data
):
    login(page, counsellor)
    page.locator("#id_q").focus()
    with page.expect_response(lambda r: "q=Roy" in r.url):
        page.keyboard.type("Roy", delay=20)
    expect(page.locator("#caseload-results tbody tr")).to_have_count(1)
    # Tab from the search box through the filters to the first result, then open it.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#caseload-results') !== null"):
            break
    else:
        pytest.fail("Tab never reached the results")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Marc Roy")


def test_caseload_search_works_without_javascript(
    new_context, live_server, login, counsellor, caseload_data, assert_accessible
):
    page = new_context(java_script_enabled=False).new_page()
    login(page, counsellor)
    page.fill("#id_q", "Diallo")
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"q=Diallo"))
    assert _result_names(page) == ["Diallo-Bélanger, Awa"]
    expect(page.locator("#id_q")).to_have_value("Diallo")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_caseload_and_file_fit_the_screen(
    new_context,
    live_server,
    login,
    assert_accessible,
    counsellor,
    org_admin,
    caseload_data,
    viewport,
):
    page = new_context(viewport=viewport).new_page()
    login(page, counsellor)
    _assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "caseload")

    page.goto(f"{live_server.url}/dossiers/{caseload_data.pk}/")
    _assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "file")

    page.goto(f"{live_server.url}/dossiers/{caseload_data.pk}/modifier/")
    _assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "edit")

    page.context.clear_cookies()
    login(page, org_admin)
    page.goto(f"{live_server.url}/dossiers/{caseload_data.pk}/historique/")
    _assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "history")


def _assert_no_horizontal_scroll(page: Page) -> None:
    """Neither the page nor a table scrolls sideways (a hidden scroll hides columns on phones)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
    scrolling = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.scrollWidth > e.clientWidth + 1
                         && getComputedStyle(e).overflowX !== 'visible'
                         && e.tagName !== 'SELECT' && e.tagName !== 'TEXTAREA'
                         && e.clientWidth > 1 && !e.closest('.visually-hidden'))
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""
    )
    assert not scrolling, f"{page.url}: these elements scroll sideways: {scrolling}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_other_pages_are_accessible(
    new_context,
    live_server,
    login,
    assert_accessible,
    organisation,
    cle_agent,
    participant_user,
    viewport,
):
    """Login errors, 2FA set-up, referred files, a participant's own file, the placeholder home."""
    context = new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_server.url}/compte/connexion/")
    page.fill("#id_username", "personne@atout.test")
    page.fill("#id_password", "wrong")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_username")).to_have_value("personne@atout.test")
    assert_accessible(page)
    screenshot(page, "login-errors")

    login(page, cle_agent)
    expect(page).to_have_url(re.compile(r"/dossiers/references/$"))
    _assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "referred")

    page.goto(f"{live_server.url}/compte/double-authentification/")
    _assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "otp-setup")
    page.fill("#id_token", "12")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, participant_user)
    expect(page).to_have_url(re.compile(r"/dossiers/mon-dossier/$"))
    _assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "my-file")

    advisor = member(organisation, Role.RECOGNITION_ADVISOR, full_name="Sophie Nadeau")
    page.context.clear_cookies()
    login(page, advisor)
    expect(page).to_have_url(re.compile(r"/reconnaissance/$"))
    _assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "home-advisor")


def test_two_step_setup_shows_the_qr_code(page, live_server, login, counsellor):
    login(page, counsellor)
    page.goto(f"{live_server.url}/compte/double-authentification/")
    qr = page.locator("img.qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code is broken"


def test_the_accessibility_check_reports_violations(page, assert_accessible):
    """Guards the guard: a page with an unlabelled field and poor contrast must fail."""
    page.set_content(
        '<html lang="fr"><title>t</title><main><h1>T</h1><input type="text">'
        '<p style="color:#bbb">pâle</p></main></html>'
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)
    assert "label" in str(failure.value)
    assert "color-contrast" in str(failure.value)
