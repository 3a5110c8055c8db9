"""Measures for employers in a real browser: the CLE agent records one with its letter (no
JavaScript needed), the counsellor reads it on the passport's last step; axe at phone and
desktop widths."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from atout.measures.models import EmployerMeasure
from atout.measures.tests.factories import TINY_PDF
from atout.passports import services as passport_services
from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR
from tests.browser.test_axe_sweep import _log_in
from tests.browser.test_cards import _axe

pytestmark = pytest.mark.browser


def test_the_cle_agent_records_a_measure_and_the_counsellor_reads_it(
    new_context, live_server, axe_source, cle_agent, counsellor, participant
):
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    url = live_server.url + reverse("measures:page", args=[participant.pk])
    phone = new_context(viewport=PHONE, java_script_enabled=False)
    _log_in(phone, live_server, cle_agent)
    page = phone.new_page()
    page.goto(url)
    assert _axe(page, axe_source) == []
    page.select_option("#id_kind", "wage_subsidy")
    page.fill("#id_start", "2026-12-01")
    page.fill("#id_end", "2026-11-01")  # before the start: refused, what was typed stays
    page.fill("#id_conditions", "Au moins 30 heures par semaine.")
    page.set_input_files(
        "#id_letter_upload",
        {"name": "lettre.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF},
    )
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.locator("#id_conditions")).to_have_value("Au moins 30 heures par semaine.")
    assert not EmployerMeasure.objects.exists()
    assert _axe(page, axe_source) == []
    page.fill("#id_end", "2027-05-31")
    page.set_input_files(
        "#id_letter_upload",
        {"name": "lettre.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF},
    )
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.locator(".measure")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _axe(page, axe_source) == []
    page.screenshot(path=str(SHOTS_DIR / "measures-page-390.png"), full_page=True)
    assert EmployerMeasure.objects.get().letter_content_type == "application/pdf"

    passport_services.passport_start(participant=participant, actor=counsellor)
    desktop = new_context(viewport=DESKTOP)
    _log_in(desktop, live_server, counsellor)
    page = desktop.new_page()
    page.goto(url)
    expect(page.locator(".measure")).to_have_count(1)
    expect(page.locator("#id_kind")).to_have_count(0)
    assert _axe(page, axe_source) == []
    page.screenshot(path=str(SHOTS_DIR / "measures-page-1280.png"), full_page=True)
    page.goto(live_server.url + reverse("passports:step", args=[participant.pk, "aide"]))
    expect(page.locator("#measures-h")).to_be_visible()
    assert _axe(page, axe_source) == []
    page.screenshot(path=str(SHOTS_DIR / "passport-last-step-1280.png"), full_page=True)
