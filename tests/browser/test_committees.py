"""The transmission to the committee in a real browser: the advisor sends a cook's dossier
with the person's consent (JavaScript off), the committee's evaluator acknowledges it,
evaluates each competency and records a partial decision, the advisor reads the outcome;
axe on each page, the evaluator's page also at phone width."""

import pytest

from atout.committees.models import Decision, Transmission
from atout.committees.tests.factories import parties, ready_dossier
from atout.recognition.models import Dossier, Phase
from tests.browser.conftest import PHONE, log_in_with_cookie, screenshot

pytestmark = pytest.mark.browser


def _button(page, french: str, english: str):
    return page.get_by_role("button", name=french).or_(page.get_by_role("button", name=english))


def test_dossier_sent_evaluated_and_decided(new_context, live_server, assert_accessible):
    p = parties()
    dossier = ready_dossier(p)

    # axe runs scripts in the page: it reads the pages from contexts with JavaScript on; the
    # forms are filled with JavaScript off (they need none).
    reader = new_context()
    log_in_with_cookie(reader, live_server, p.advisor)
    look = reader.new_page()
    look.goto(f"{live_server.url}/comite/dossiers/{dossier.pk}/envoi/")
    assert_accessible(look)
    screenshot(look, "committees-package")

    advisor = new_context(java_script_enabled=False)
    log_in_with_cookie(advisor, live_server, p.advisor)
    page = advisor.new_page()
    page.goto(f"{live_server.url}/comite/dossiers/{dossier.pk}/envoi/")
    page.check("#id_consent")
    _button(page, "Envoyer au comité", "Send to the committee").click()
    page.wait_for_url(f"{live_server.url}/comite/envois/*/")
    transmission = Transmission.objects.get()
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.SENT

    evaluator = new_context()
    log_in_with_cookie(evaluator, live_server, p.evaluator)
    desk = evaluator.new_page()
    desk.goto(f"{live_server.url}/comite/")
    assert_accessible(desk)
    desk.get_by_role("link", name="Haddad, Karim").click()
    _button(desk, "Accuser réception", "Acknowledge receipt").click()
    desk.wait_for_url(f"{live_server.url}/comite/envois/{transmission.pk}/")
    assert_accessible(desk)
    results = ["mastered", "mastered", "not_mastered"]
    for competency, result in zip(transmission.package["competencies"], results, strict=True):
        prefix = f"#id_c{competency['id']}"
        desk.select_option(f"{prefix}-method", "interview")
        desk.select_option(f"{prefix}-result", result)
        desk.fill(f"{prefix}-comments", "Entrevue structurée.")
        desk.locator(f"form:has(input[name=competency][value='{competency['id']}']) button").click()
        desk.wait_for_url(f"**/comite/envois/{transmission.pk}/#competence-{competency['id']}")
    desk.goto(f"{live_server.url}/comite/envois/{transmission.pk}/decision/")
    assert_accessible(desk)
    desk.check("input[name=outcome][value=partial]")
    desk.fill("#id_pointers", "PAMT Cuisinier ou cuisinière")
    _button(desk, "Consigner la décision", "Record the decision").click()
    desk.wait_for_url(f"{live_server.url}/comite/envois/{transmission.pk}/")
    assert Decision.objects.get().outcome == Decision.Outcome.PARTIAL
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.DECIDED
    assert_accessible(desk)

    phone = new_context(viewport=PHONE)
    log_in_with_cookie(phone, live_server, p.evaluator)
    small = phone.new_page()
    small.goto(f"{live_server.url}/comite/envois/{transmission.pk}/")
    assert_accessible(small)
    screenshot(small, "committees-transmission")

    look.goto(f"{live_server.url}/comite/envois/{transmission.pk}/")
    assert_accessible(look)
    screenshot(look, "committees-advisor")
