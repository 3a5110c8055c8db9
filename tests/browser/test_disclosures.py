"""Consents to communicate in a real browser, in French: the counsellor records a consent
given on a signed form, the person reads it on their page and withdraws it (a confirmation
page, no JavaScript needed); Qualifications Québec's advisor then reads nothing. axe on each
page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.recognition.tests.factories import QualificationsFactory
from tests.browser.conftest import DESKTOP, PHONE, log_in_with_cookie, screenshot

pytestmark = pytest.mark.browser


def test_consent_recorded_then_withdrawn_by_the_person(
    new_context, live_server, assert_accessible, participant, participant_user, counsellor
):
    qq = QualificationsFactory(name="Qualifications Québec")
    advisor = member(qq, Role.RECOGNITION_ADVISOR, full_name="Isabelle Morin")

    staff = new_context(viewport=DESKTOP)
    log_in_with_cookie(staff, live_server, counsellor)
    page = staff.new_page()
    page.goto(live_server.url + reverse("disclosures:file", args=[participant.pk]))
    assert page.locator("html").get_attribute("lang").startswith("fr")
    assert_accessible(page)
    page.select_option("#id_recipient", str(qq.pk))
    page.uncheck("input[name=parts][value=attachments]")
    page.fill("#id_given_on", "2026-11-02")
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_selector(".disclosure")
    assert "Qualifications Québec" in page.locator(".disclosure").first.inner_text()
    assert_accessible(page)
    screenshot(page, "disclosures-file")

    person = new_context(viewport=PHONE)
    log_in_with_cookie(person, live_server, participant_user)
    mine = person.new_page()
    mine.goto(live_server.url + reverse("disclosures:mine"))
    assert_accessible(mine)
    screenshot(mine, "disclosures-mine")
    mine.locator("a[href*='/retirer/']").first.click()
    mine.wait_for_selector("form.form-actions")
    assert_accessible(mine)
    with mine.expect_navigation():
        mine.locator("form.form-actions button[type=submit]").click()
    assert mine.locator(".disclosure--withdrawn").count() == 1
    assert mine.locator("a[href*='/retirer/']").count() == 0
    assert_accessible(mine)

    reader = new_context(viewport=DESKTOP)
    log_in_with_cookie(reader, live_server, advisor)
    gone = reader.new_page()
    response = gone.goto(live_server.url + reverse("evidence:list", args=[participant.pk]))
    assert response.status == 404
