"""Print bundle in a real browser: ask for one, watch the progress page follow the job
(htmx polling), download the file; the bundles and progress pages pass axe at phone and
desktop widths. Without JavaScript the progress page offers a refresh link instead."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from atout.bundles import services
from atout.bundles.models import Bundle
from atout.bundles.tests.factories import make_approved_file
from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR
from tests.browser.test_axe_sweep import _log_in
from tests.browser.test_cards import _axe

pytestmark = pytest.mark.browser


@pytest.fixture
def approved_file(participant, counsellor):
    return make_approved_file(participant, counsellor)


@pytest.fixture
def worker_queue(settings):
    """Jobs wait in the database queue; the test runs them (as the worker would)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_ask_watch_and_download_a_bundle(
    new_context,
    live_server,
    axe_source,
    counsellor,
    approved_file,
    worker_queue,  # noqa: F811
):
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    url = live_server.url + reverse("bundles:page", args=[approved_file.pk])
    context = new_context(viewport=DESKTOP)
    _log_in(context, live_server, counsellor)
    page = context.new_page()
    page.goto(url)
    assert _axe(page, axe_source) == []
    page.screenshot(path=str(SHOTS_DIR / "bundle-page-1280.png"), full_page=True)
    page.fill("#id_copies", "3")
    page.get_by_role("button", name="Prepare the bundle").or_(
        page.get_by_role("button", name="Préparer la pochette")
    ).click()
    bundle = Bundle.objects.get(participant=approved_file)
    expect(page.locator("#bundle-status progress")).to_be_visible()
    assert _axe(page, axe_source) == []
    page.screenshot(path=str(SHOTS_DIR / "bundle-progress-1280.png"), full_page=True)
    # A second click (back, submit again) leads to the same bundle.
    page.go_back()
    page.get_by_role("button", name="Prepare the bundle").or_(
        page.get_by_role("button", name="Préparer la pochette")
    ).click()
    assert page.url.endswith(reverse("bundles:progress", args=[approved_file.pk, bundle.pk]))
    assert Bundle.objects.filter(participant=approved_file).count() == 1

    assert services.bundle_run(bundle.pk) == "ready"  # the worker's job
    download_link = page.locator(
        f'a[href="{reverse("bundles:download", args=[approved_file.pk, bundle.pk])}"]'
    )
    expect(download_link).to_be_visible()  # the poll brought the finished state
    assert _axe(page, axe_source) == []
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    phone = new_context(viewport=PHONE, java_script_enabled=False)
    _log_in(phone, live_server, counsellor)
    page = phone.new_page()
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS_DIR / "bundle-page-390.png"), full_page=True)
    Bundle.objects.filter(pk=bundle.pk).update(status=Bundle.Status.EXPIRED)
    page.get_by_role("button", name="Prepare the bundle").or_(
        page.get_by_role("button", name="Préparer la pochette")
    ).click()
    expect(page.locator("#bundle-status")).to_be_visible()
    # Without JavaScript: a refresh link to the same page.
    current = page.url
    page.locator("#bundle-status a").first.click()
    assert page.url == current
