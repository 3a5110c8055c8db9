"""The right of access in a real browser, in French: the person asks for a copy of their data,
the page follows the job (htmx polling) to the download link; the page passes axe at
desktop and phone widths, and without JavaScript it offers a refresh link."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from atout.portability import services
from atout.portability.models import ExportRequest
from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR
from tests.browser.test_axe_sweep import _log_in
from tests.browser.test_cards import _axe

pytestmark = pytest.mark.browser


@pytest.fixture
def worker_queue(settings):
    """Jobs wait in the database queue; the test runs them (as the worker would)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _prepare(page) -> None:
    page.get_by_role("button", name="Préparer ma copie").or_(
        page.get_by_role("button", name="Prepare my copy")
    ).click()


def test_the_person_downloads_a_copy_of_their_data(
    new_context, live_server, axe_source, participant, participant_user, worker_queue
):
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    url = live_server.url + reverse("portability:mine")
    context = new_context(viewport=DESKTOP)
    _log_in(context, live_server, participant_user)
    page = context.new_page()
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
    assert _axe(page, axe_source) == []
    _prepare(page)
    export = ExportRequest.objects.get(participant=participant)
    status = page.locator(f"#export-status-{export.pk}")
    expect(status).to_have_attribute(
        "hx-get", reverse("portability:status", args=[participant.pk, export.pk])
    )
    assert _axe(page, axe_source) == []

    assert services.export_run(export.pk) == "ready"  # the worker's job
    link = page.locator(
        f'a[href="{reverse("portability:download", args=[participant.pk, export.pk])}"]'
    ).first
    expect(link).to_be_visible()  # the poll brought the finished state
    assert _axe(page, axe_source) == []
    page.screenshot(path=str(SHOTS_DIR / "portability-ready-1280.png"), full_page=True)
    # The download itself (a ZIP sent as an attachment, logged) is tested through Django's
    # client in atout/portability/tests/test_flow.py: here the headless browser's download
    # never completed on this machine.
    assert link.get_attribute("href").endswith("/telecharger/")

    phone = new_context(viewport=PHONE, java_script_enabled=False)
    _log_in(phone, live_server, participant_user)
    page = phone.new_page()
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _prepare(page)
    again = ExportRequest.objects.filter(participant=participant).latest("pk")
    assert again.status == ExportRequest.Status.QUEUED
    # Without JavaScript: a refresh link to where the copy stands.
    page.locator(f"#export-status-{again.pk} a").first.click()
    assert page.url.endswith(reverse("portability:status", args=[participant.pk, again.pk]))
    # (axe needs JavaScript: the phone width is checked with it below.)
    page.screenshot(path=str(SHOTS_DIR / "portability-phone-390.png"), full_page=True)
    phone_js = new_context(viewport=PHONE)
    _log_in(phone_js, live_server, participant_user)
    page = phone_js.new_page()
    page.goto(url)
    assert _axe(page, axe_source) == []
