"""Competencies in a real browser: the whole questionnaire on a phone, languages, coverage."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from atout.competencies import services
from atout.competencies.models import Indicator, SelfEvaluation, WorkforceProfile
from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def framework(transactional_db, reference_data):
    return reference_data


def test_participant_fills_the_whole_questionnaire_on_a_phone(
    new_context, live_server, login, participant, participant_user, framework, assert_accessible
):
    page = new_context(viewport=PHONE).new_page()
    login(page, participant_user)
    page.goto(f"{live_server.url}/dossiers/mon-dossier/")
    page.get_by_role("link", name="Autoévaluation des compétences génériques").click()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    evaluation = SelfEvaluation.objects.get(participant=participant)
    families = list(framework.families.order_by("position"))
    answered = 0

    for step, family in enumerate(families, start=1):
        expect(page.locator("h1")).to_have_text(family.name_fr)
        expect(page.locator(".step-count")).to_contain_text(f"{step}")
        if step == 1:
            assert_accessible(page)
            screenshot(page, "questionnaire-step1")
        indicators = Indicator.objects.filter(competency__family=family).order_by("pk")
        for n, indicator in enumerate(indicators):
            value = [4, 3, 2, 0][n % 4]
            radio = page.locator(f"input[name='indicator-{indicator.pk}'][value='{value}']")
            radio.check()
            answered += 1
            # htmx saves each answer as soon as it is chosen, and says so.
            expect(page.locator("#save-status")).to_contain_text("Enregistré — réponses")
            expect(page.locator("#save-status")).to_contain_text(f" {answered} sur")
        if step == 2:
            # A closed tab loses nothing: a fresh browser resumes with the answers in place.
            saved = evaluation.answers.count()
            assert saved == sum(
                Indicator.objects.filter(competency__family=f).count() for f in families[:2]
            )
            page.context.close()
            page = new_context(viewport=PHONE).new_page()
            login(page, participant_user)
            page.goto(f"{live_server.url}/competences/autoevaluations/{evaluation.pk}/etape/2/")
            first = indicators.first()
            expect(page.locator(f"input[name='indicator-{first.pk}'][value='4']")).to_be_checked()
        page.locator("main form button[value='next'], main form button[value='finish']").click()

    expect(page.locator("h1")).to_have_text("Vérifier et terminer")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Résultats de l’autoévaluation")
    assert_accessible(page)
    screenshot(page, "questionnaire-results")
    evaluation.refresh_from_db()
    assert evaluation.status == SelfEvaluation.Status.COMPLETED
    assert (
        evaluation.answers.count()
        == Indicator.objects.filter(competency__framework=framework).count()
    )


def test_questionnaire_works_without_javascript(
    new_context, live_server, login, participant, counsellor, framework
):
    page = new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    login(page, counsellor)
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    page.goto(f"{live_server.url}/competences/autoevaluations/{evaluation.pk}/etape/1/")
    indicator = Indicator.objects.filter(competency__family__position=0).order_by("pk").first()
    page.locator(f"input[name='indicator-{indicator.pk}'][value='2']").check()
    page.locator("main form button[value='next']").click()
    expect(page.locator(".step-count")).to_contain_text("2")
    assert evaluation.answers.get(indicator=indicator).value == 2


def test_languages_and_coverage_pages_are_accessible(
    page, live_server, login, participant, counsellor, framework, assert_accessible
):
    login(page, counsellor)
    page.goto(f"{live_server.url}/competences/dossiers/{participant.pk}/langues/ajouter/")
    assert_accessible(page)
    page.select_option("#id_language", "en")
    page.locator("label[for='id_listening_3']").click()
    page.locator("label[for='id_reading_3']").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".passport-line")).to_contain_text("anglais")
    assert_accessible(page)
    profile = WorkforceProfile.objects.get(noc_code="65100")
    page.goto(f"{live_server.url}/competences/dossiers/{participant.pk}/profils/{profile.pk}/")
    expect(page.locator(".suggestions li")).to_have_count(profile.sought.count())
    assert_accessible(page)
    page.goto(f"{live_server.url}/competences/referentiels/")
    assert_accessible(page)
