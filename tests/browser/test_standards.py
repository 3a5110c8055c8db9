"""Occupational standards in a real browser: the public catalogue on a phone (live search,
and without JavaScript), a search that finds no standard, and a committee evaluator keeping
a standard without JavaScript, with a refused import shown line by line; axe on each page."""

import pytest
from playwright.sync_api import expect

from atout.standards.models import OtherRoute
from atout.standards.tests.factories import CommitteeFactory, evaluator, full_standard
from tests.browser.conftest import PHONE, log_in_with_cookie, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def cook(transactional_db):
    # Live-server tests flush the database: the seeded rows are made again here.
    committee = CommitteeFactory(name="Conseil québécois des ressources humaines en tourisme")
    OtherRoute.objects.create(
        trade_fr="Infirmier ou infirmière",
        kind=OtherRoute.Kind.PROFESSIONAL_ORDER,
        body="Ordre des infirmières et infirmiers du Québec (OIIQ)",
        explanation_fr="Profession réglementée : l’ordre délivre le permis.",
    )
    return full_standard(
        committee=committee, title_fr="Cuisinier ou cuisinière", title_en="Cook", noc_code="63200"
    )


def test_public_catalogue_on_a_phone(new_context, live_server, assert_accessible, cook):
    page = new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/normes/")
    assert_accessible(page)
    page.fill("#id_q", "cuisiniere")  # htmx searches as one types, accents forgiven
    expect(page.locator("#standards-results")).to_contain_text("Cuisinier ou cuisinière")
    page.fill("#id_q", "infirmiere")
    expect(page.locator("#standards-results")).to_contain_text("OIIQ")
    expect(page.locator("#standards-results")).to_contain_text("qualificationsquebec.com")
    assert_accessible(page)
    screenshot(page, "standards-no-standard")
    page.goto(f"{live_server.url}/normes/{cook.pk}/")
    expect(page.locator("h1")).to_have_text("Cuisinier ou cuisinière")
    assert_accessible(page)
    screenshot(page, "standards-detail")

    plain = new_context(java_script_enabled=False).new_page()
    plain.goto(f"{live_server.url}/normes/")
    plain.fill("#id_q", "63200")
    plain.press("#id_q", "Enter")
    expect(plain.locator("#standards-results")).to_contain_text("Cuisinier ou cuisinière")


def test_committee_keeps_its_standard_without_javascript(
    new_context, live_server, assert_accessible, cook, tmp_path
):
    user = evaluator(cook.committee)
    context = new_context(java_script_enabled=False)
    log_in_with_cookie(context, live_server, user)
    page = context.new_page()
    page.goto(f"{live_server.url}/normes/gestion/")
    page.get_by_role("link", name="Cuisinier ou cuisinière").click()
    page.fill("#id_new-number", "3")
    page.fill("#id_new-title_fr", "Effectuer le service")
    page.check("#id_new-to_be_completed")
    page.locator("form", has=page.locator("#id_new-number")).get_by_role("button").click()
    expect(page.locator("table")).to_contain_text("Effectuer le service")

    bad = tmp_path / "norme.csv"
    bad.write_text("competency_number,competency_title_fr\n1,Planifier\nx,Sans numéro\n")
    page.set_input_files("#id_import-file", str(bad))
    page.locator("form", has=page.locator("#id_import-file")).locator("button[type=submit]").click()
    expect(page.locator(".error-summary").first).to_contain_text("3")
    assert cook.competencies.count() == 3  # nothing imported

    # axe needs JavaScript: the same pages, opened again in a context that runs it.
    checked = new_context()
    log_in_with_cookie(checked, live_server, user)
    shot = checked.new_page()
    for path in ("/normes/gestion/", f"/normes/gestion/{cook.pk}/"):
        shot.goto(f"{live_server.url}{path}")
        assert_accessible(shot)
    screenshot(shot, "standards-edit")
    competency = cook.competencies.order_by("number").first()
    shot.goto(f"{live_server.url}/normes/gestion/competence/{competency.pk}/")
    assert_accessible(shot)
