"""The participant reads who read their file, on a phone, with axe-core checking the page."""

import re

import pytest
from playwright.sync_api import expect

from atout.privacy.services import access_log
from tests.browser.conftest import PHONE, screenshot

pytestmark = pytest.mark.browser


def test_participant_finds_who_read_their_file(
    new_context, live_server, login, assert_accessible, counsellor, cle_agent, participant_user
):
    participant = participant_user.participant_file
    for reader in (counsellor, cle_agent):
        access_log(user=reader, participant=participant, action="view_file")
    page = new_context(viewport=PHONE).new_page()
    login(page, participant_user)
    expect(page).to_have_url(re.compile(r"/dossiers/mon-dossier/$"))
    page.locator("a[href$='/confidentialite/mon-dossier/consultations/']").click()
    expect(page.locator("main tbody tr")).to_have_count(2)
    expect(page.locator("main")).to_contain_text("Carrefour emploi Limoilou")
    expect(page.locator("main")).not_to_contain_text("Geneviève Tremblay")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(page)
    screenshot(page, "my-file-reads")
