"""Retention in one real browser run, in French, with axe on every page it crosses (issue 13
§3): anyone reads the retention rules; the organisation admin puts a closed file on legal
hold from its page, the job skips it and says so in the destruction log, then the hold is
lifted, the job destroys the file, and the log (and its CSV) count it without a name."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from atout.participants.models import Participant
from atout.participants.tests.factories import ParticipantFactory
from atout.retention.services import apply_retention
from tests.browser.conftest import PHONE, log_in_with_cookie, screenshot

pytestmark = pytest.mark.browser


def _submit(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def test_hold_then_destruction(
    new_context, live_server, assert_accessible, org_admin, organisation
):
    base = live_server.url
    file = ParticipantFactory(
        organisation=organisation,
        family_name="Zabrowskienne",
        status=Participant.Status.CLOSED,
        closed_on=timezone.localdate() - datetime.timedelta(days=6 * 366),
    )

    # 1. The public rules, on a phone, without logging in.
    public = new_context(viewport=PHONE)
    page = public.new_page()
    page.goto(base + "/conservation/")
    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
    expect(page.locator("main table")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "retention-rules-phone")

    # 2. The admin places a hold; the reason left empty first is refused in French.
    admin = new_context()
    log_in_with_cookie(admin, live_server, org_admin)
    page = admin.new_page()
    page.goto(f"{base}/conservation/dossiers/{file.pk}/garde/")
    assert_accessible(page)
    _submit(page, "main form button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    page.fill("#id_reason", "Plainte à la Commission d’accès à l’information en cours.")
    _submit(page, "main form button[type=submit]")
    expect(page.locator("#id_lift_reason")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "retention-hold")

    # 3. The job skips the held file; the log says one was held.
    apply_retention()
    assert Participant.objects.filter(pk=file.pk).exists()
    page.goto(base + "/conservation/destructions/")
    expect(page.locator("main table")).to_be_visible()
    assert_accessible(page)

    # 4. The hold is lifted; the next run destroys the file and the log counts it.
    page.goto(f"{base}/conservation/dossiers/{file.pk}/garde/")
    page.fill("#id_lift_reason", "Plainte réglée.")
    _submit(page, "main form button[type=submit]")
    apply_retention()
    assert not Participant.objects.filter(pk=file.pk).exists()
    page.goto(base + "/conservation/destructions/")
    assert_accessible(page)
    expect(page.locator("main")).not_to_contain_text("Zabrowskienne")
    screenshot(page, "retention-log")
    with page.expect_download() as download:
        page.locator("main a[href^='/conservation/destructions.csv']").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Zabrowskienne" not in text and "files_employability" not in text.split("\n")[0]
