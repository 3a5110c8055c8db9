"""The CV page in a real browser: axe at phone and desktop widths, in both languages, for the
counsellor and the participant; screenshots for a human to review (never committed)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from atout.resumes.tests.conftest import employer_consent, rich_file  # noqa: F401
from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR
from tests.browser.test_axe_sweep import _log_in, _violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["fr-ca", "en"])
def test_the_cv_page_passes_axe_and_reads_well(
    new_context,
    live_server,
    axe_source,
    rich_file,  # noqa: F811
    counsellor,
    participant_user,
    lang,
):
    url = f"{live_server.url}{reverse('resumes:cv', kwargs={'pk': rich_file.pk})}"
    failures = []
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    for who, user in (("counsellor", counsellor), ("owner", participant_user)):
        for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
            context = new_context(viewport=size)
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}]
            )
            _log_in(context, live_server, user)
            page = context.new_page()
            response = page.goto(url)
            assert response is not None and response.status == 200
            page.screenshot(
                path=str(SHOTS_DIR / f"cv-{who}-{size_name}-{lang}.png"), full_page=True
            )
            failures += [f"{who} {size_name}: {line}" for line in _violations(page, axe_source)]
            # Nothing wider than the screen on a phone.
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth > window.innerWidth + 1"
            )
            if overflow:
                failures.append(f"{who} {size_name}: the page scrolls sideways")
            context.close()
    assert not failures, "\n".join(failures)
