"""Refused answers in a real browser: tied to their statement for assistive technology."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from atout.competencies import services
from atout.competencies.models import Indicator

pytestmark = pytest.mark.browser


@pytest.fixture
def framework(transactional_db, reference_data):
    return reference_data


def test_a_refused_answer_is_named_on_its_statement_and_the_autosave_says_so(
    page, live_server, login, participant, counsellor, framework, assert_accessible
):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    family = framework.families.order_by("position").first()
    indicator = Indicator.objects.filter(competency__family=family).order_by("pk").first()
    login(page, counsellor)
    page.goto(f"{live_server.url}/competences/autoevaluations/{evaluation.pk}/etape/1/")
    radio = page.locator(f"input[name='indicator-{indicator.pk}']").nth(2)
    # A tampered value, as a hostile client would send: htmx autosaves it and gets a 422,
    # which it must show instead of silently dropping.
    radio.evaluate("el => { el.value = '9'; }")
    radio.check()
    expect(page.locator("#save-status .save-status--error")).to_be_visible()
    assert not evaluation.answers.exists()
    # Without JavaScript the same value comes back as a 422 page with the statement marked.
    page.locator("main form button[value='save']").click()
    statement = page.locator(f"#statement-{indicator.pk}")
    expect(statement).to_have_attribute("aria-describedby", f"statement-{indicator.pk}-error")
    expect(page.locator(f"#statement-{indicator.pk}-error")).to_be_visible()
    expect(statement.locator("input").first).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#error-summary a[href='#statement-{indicator.pk}']")).to_be_visible()
    assert_accessible(page)
    assert not evaluation.answers.exists()
