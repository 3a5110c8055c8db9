"""The portfolio page in a real browser: accessible at phone and desktop widths, and the
selection saves without JavaScript."""

import pytest
from django.conf import settings
from django.test import Client

from atout.competencies.tests.factories import CompetencyFactory
from atout.evidence.tests.factories import AchievementFactory, EducationFactory, ExperienceFactory
from atout.portfolios.models import Portfolio
from atout.portfolios.tests.conftest import attachment_with, jpeg_bytes
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def _log_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_portfolio_page_is_accessible_and_saves_without_javascript(
    new_context, live_server, assert_accessible, counsellor, participant, width
):
    competency = CompetencyFactory(name_fr="Servir la clientèle")
    story = AchievementFactory(participant=participant)
    story.competencies.add(competency)
    story.proofs.add(
        attachment_with(participant, jpeg_bytes(800, 600), description="Mon kiosque au marché")
    )
    EducationFactory(participant=participant)
    ExperienceFactory(participant=participant)
    url = f"{live_server.url}/dossiers/{participant.pk}/portfolio/"
    context = new_context(viewport={"width": width, "height": 900})
    _log_in(context, live_server, counsellor)
    page = context.new_page()
    page.goto(url)
    assert_accessible(page)
    screenshot(page, "portfolio")
    # The selection is a plain form: it saves with JavaScript turned off.
    plain = new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    _log_in(plain, live_server, counsellor)
    page = plain.new_page()
    page.goto(url)
    page.uncheck(f"#ach-{story.pk}")
    page.fill("#id_cover_title", "Mon parcours")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    portfolio = Portfolio.objects.get(participant=participant)
    assert portfolio.left_out("achievement") == {story.pk}
    assert portfolio.cover_title == "Mon parcours"
