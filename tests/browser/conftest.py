"""Real-browser fixtures: Debian's Chromium driven by Playwright, axe-core for accessibility.

One browser per pytest-xdist worker, a fresh context (cookies, storage) per test. The site
runs in pytest-django's live server, so the data seeded by each test is committed.
"""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from atout.accounts.tests.factories import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("ATOUT_CHROMIUM", "/usr/bin/chromium")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Screenshots for a human to review; never written into the repository.
SHOTS_DIR = Path(os.environ.get("ATOUT_SHOTS_DIR", "/tmp/atout-shots"))  # noqa: S108


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs it.")
    # Playwright's sync API runs an event loop in this thread, and Django refuses ORM calls
    # (the tests' factories) next to a running loop unless told otherwise. Set here rather
    # than at import so a run without browser tests keeps Django's check.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


# A loaded CI machine (2 cores, two workers) can take more than expect()'s default 5 s.
expect.set_options(timeout=15_000)


def _new_context(browser: Browser, **kwargs) -> BrowserContext:
    kwargs.setdefault("viewport", DESKTOP)
    kwargs.setdefault("locale", "fr-CA")
    context = browser.new_context(**kwargs)
    context.set_default_timeout(20_000)
    return context


@pytest.fixture
def new_context(browser):
    """Factory for extra contexts (phone width, JavaScript off); all closed after the test."""
    contexts: list[tuple[BrowserContext, set]] = []

    def make(**kwargs) -> BrowserContext:
        context = _new_context(browser, **kwargs)
        in_flight: set = set()
        context.on("request", lambda request: in_flight.add(request))
        context.on("requestfinished", lambda request: in_flight.discard(request))
        context.on("requestfailed", lambda request: in_flight.discard(request))
        contexts.append((context, in_flight))
        return context

    yield make
    for context, in_flight in contexts:
        _wait_for_requests(context, in_flight)
        context.close()


def _wait_for_requests(context: BrowserContext, in_flight: set, seconds: float = 10) -> None:
    """Let the live server answer what the page still asked for (an htmx preview, an
    autosave) before the test's database is flushed: a request still running then holds
    locks the flush waits for, and PostgreSQL reports a deadlock."""
    deadline = time.monotonic() + seconds
    while in_flight and context.pages and time.monotonic() < deadline:
        context.pages[0].wait_for_timeout(50)  # lets Playwright deliver the events


@pytest.fixture
def page(new_context) -> Page:
    return new_context().new_page()


@pytest.fixture
def axe_source() -> str:
    if not AXE_PATH.exists():
        pytest.fail(
            f"axe-core is missing ({AXE_PATH}). Run `npm ci` (or `make test`, which runs it)."
        )
    return AXE_PATH.read_text(encoding="utf-8")


@pytest.fixture
def assert_accessible(axe_source):
    """Run axe-core (WCAG 2.1 A and AA) on the page as it is now; fail on any violation."""

    def check(page: Page) -> None:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # evaluate() runs outside the page's CSP, which forbids injected script tags.
            page.evaluate(axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = result["violations"]
        if violations:
            lines = [f"axe-core found {len(violations)} violation(s) on {page.url}:"]
            for v in violations:
                targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:10])
                lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {targets}")
            pytest.fail("\n".join(lines), pytrace=False)

    return check


@pytest.fixture
def login(live_server):
    """Log a user in through the real login form; the page lands on their home page."""

    def do_login(page: Page, user, password: str = TEST_PASSWORD) -> None:
        page.goto(f"{live_server.url}/compte/connexion/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        assert "/compte/connexion/" not in page.url, "login failed"

    return do_login


def log_in_with_cookie(context: BrowserContext, live_server, user) -> None:
    """A session for `user` in the browser context, without going through the login form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def axe_violations(page: Page, axe_source: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is, one line each."""
    page.evaluate(axe_source)
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [f"{v['id']}: {v['help']}" for v in result["violations"]]


def screenshot(page: Page, name: str) -> None:
    """Full-page screenshot for review, when ATOUT_SHOTS=1 (kept out of the repository)."""
    if os.environ.get("ATOUT_SHOTS") != "1":
        return
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    kind = "phone" if width < 600 else "desktop"
    page.screenshot(path=str(SHOTS_DIR / f"{name}-{kind}.png"), full_page=True)
