"""A recognition dossier in a real browser: the advisor's list, intake, dossier page and
grid (a line saved with htmx, a competency saved without JavaScript), the CLE agent's income
page and the candidate's confirmation page; axe on each, at phone and desktop widths."""

import pytest

from atout.accounts.models import Role
from atout.accounts.tests.factories import UserFactory, member
from atout.participants.models import Participant
from atout.recognition.models import Dossier, InventoryEntry, Phase
from atout.recognition.tests.factories import DossierFactory, QualificationsFactory, cook_standard
from tests.browser.conftest import PHONE, log_in_with_cookie, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def setting(db, cle):
    qq = QualificationsFactory(name="Qualifications Québec")
    advisor = member(qq, Role.RECOGNITION_ADVISOR, full_name="Isabelle Morin")
    dossier = DossierFactory(
        organisation=qq,
        standard=cook_standard(),
        advisor=advisor,
        cle=cle,
        participant__given_names="Karim",
        participant__family_name="Haddad",
        experience_summary="Cuisinier de ligne depuis huit ans.",
    )
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.PREPARATION)
    dossier.refresh_from_db()
    return qq, advisor, dossier


def test_advisor_pages_candidate_and_cle(
    new_context, live_server, assert_accessible, setting, cle_agent
):
    _qq, advisor, dossier = setting
    base = live_server.url
    for viewport in (None, PHONE):
        context = new_context(**({"viewport": viewport} if viewport else {}))
        log_in_with_cookie(context, live_server, advisor)
        page = context.new_page()
        for path, name in (
            ("/reconnaissance/", "recognition-list"),
            ("/reconnaissance/nouveau/", "recognition-create"),
            (f"/reconnaissance/{dossier.pk}/", "recognition-detail"),
            (f"/reconnaissance/{dossier.pk}/modifier/", "recognition-edit"),
            (f"/reconnaissance/{dossier.pk}/inventaire/", "recognition-inventory"),
        ):
            page.goto(base + path)
            assert_accessible(page)
            screenshot(page, name)

    # One line saved with htmx: the line is replaced in place, the rest of the page stays.
    context = new_context()
    log_in_with_cookie(context, live_server, advisor)
    page = context.new_page()
    page.goto(f"{base}/reconnaissance/{dossier.pk}/inventaire/")
    first_line = page.locator(".inventory-line").first
    first_line.locator("input[type=radio][value=mastered]").check()
    first_line.locator("textarea").first.fill("Huit ans au poste froid.")
    first_line.get_by_role("button").click()
    page.locator(".inventory-line .save-status").first.wait_for()
    entry = InventoryEntry.objects.get(dossier=dossier, element__number=1)
    assert entry.experience == "Huit ans au poste froid."
    assert_accessible(page)

    # Without JavaScript, the competency's form saves its lines.
    nojs = new_context(java_script_enabled=False)
    log_in_with_cookie(nojs, live_server, advisor)
    page = nojs.new_page()
    page.goto(f"{base}/reconnaissance/{dossier.pk}/inventaire/")
    block = page.locator(".inventory-block").nth(1)
    block.locator("input[type=radio][value=partly]").first.check()
    block.locator("textarea").first.fill("Recettes du jour, deux ans.")
    with page.expect_navigation():
        block.locator(".form-actions button").click()
    assert InventoryEntry.objects.filter(dossier=dossier, element__isnull=True).exists()

    # The CLE agent's page, and the candidate's confirmation page.
    agent = new_context(viewport=PHONE)
    log_in_with_cookie(agent, live_server, cle_agent)
    page = agent.new_page()
    page.goto(f"{base}/reconnaissance/{dossier.pk}/revenu/")
    assert_accessible(page)
    screenshot(page, "recognition-income")
    person = UserFactory(email="karim@exemple.ca", full_name="Karim Haddad")
    Participant.objects.filter(pk=dossier.participant_id).update(user=person)
    Dossier.objects.filter(pk=dossier.pk).update(activity_check_sent_at="2026-11-01T10:00Z")
    candidate = new_context(viewport=PHONE)
    log_in_with_cookie(candidate, live_server, person)
    page = candidate.new_page()
    page.goto(f"{base}/reconnaissance/{dossier.pk}/toujours-actif/")
    assert_accessible(page)
    screenshot(page, "recognition-still-active")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    dossier.refresh_from_db()
    assert dossier.activity_check_sent_at is None
