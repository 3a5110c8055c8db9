"""JSON Resume import in a real browser: upload, the preview (axe, phone and desktop), confirm."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from atout.evidence.models import Experience
from tests.browser.conftest import DESKTOP, PHONE, SHOTS_DIR
from tests.browser.test_axe_sweep import _violations

pytestmark = pytest.mark.browser

RESUME = {
    "basics": {"name": "Émilie Gagnon"},
    "work": [
        {
            "name": "Supermarché Metro Limoilou",
            "position": "Caissière principale",
            "startDate": "2019-05-06",
            "endDate": "2021-08-27",
            "summary": "Ouverture et fermeture de caisse.",
            "highlights": ["Employée du mois, deux fois"],
        },
        {"name": "Entrepôt Dubé", "position": "Commis d’entrepôt", "startDate": "2018-03"},
    ],
    "volunteer": [{"organization": "Moisson Québec", "position": "Accueil", "startDate": "2024"}],
    "education": [
        {
            "institution": "Cégep Limoilou",
            "studyType": "AEC",
            "area": "Comptabilité",
            "endDate": "2023",
        }
    ],
    "certificates": [{"name": "SIMDUT 2015", "issuer": "CNESST", "date": "2025-03-14"}],
    "languages": [
        {"language": "français", "fluency": "langue maternelle"},
        {"language": "anglais", "fluency": "intermédiaire (B1)"},
        {"language": "créole haïtien", "fluency": "courant"},
    ],
    "interests": [{"name": "Jardinage"}, {"name": "Course à pied"}],
    "skills": [{"name": "Service à la clientèle", "keywords": ["écoute", "caisse"]}],
    "references": [{"name": "Louise Fortin", "reference": "ancienne gérante"}],
}


def _log_in(context, live_server, user) -> None:
    # In English: the French translations of this app arrive with the merged catalogue.
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_upload_preview_and_confirm(
    new_context, live_server, axe_source, participant, counsellor, tmp_path
):
    Experience.objects.create(
        participant=participant,
        kind=Experience.Kind.JOB,
        title="Commis d’entrepôt",
        role="Commis d’entrepôt",
        place="Entrepôt Dubé",
        started_on=__import__("datetime").date(2018, 3, 1),
    )
    source = tmp_path / "cv.json"
    source.write_text(json.dumps(RESUME, ensure_ascii=False), "utf-8")
    context = new_context(viewport=DESKTOP)
    _log_in(context, live_server, counsellor)
    page = context.new_page()
    page.goto(live_server.url + reverse("jsonresume:import", args=[participant.pk]))
    assert _violations(page, axe_source) == []
    page.get_by_label("JSON Resume file", exact=False).set_input_files(str(source))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("h1")).to_have_text("Check what will be added")
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / "jsonresume-preview-1280.png"), full_page=True)
    assert _violations(page, axe_source) == []
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS_DIR / "jsonresume-preview-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Add ").click()
    expect(page).to_have_url(live_server.url + reverse("evidence:list", args=[participant.pk]))
    # The warehouse job was there already: one job and one volunteering added.
    assert Experience.objects.filter(participant=participant).count() == 3


def test_a_bad_file_lists_its_problems(
    new_context, live_server, axe_source, participant, counsellor, tmp_path
):
    source = tmp_path / "cv.json"
    source.write_text(json.dumps({"work": [{}, {"startDate": "mai 2019", "name": 3}]}), "utf-8")
    context = new_context(viewport=PHONE)
    _log_in(context, live_server, counsellor)
    page = context.new_page()
    page.goto(live_server.url + reverse("jsonresume:import", args=[participant.pk]))
    page.get_by_label("JSON Resume file", exact=False).set_input_files(str(source))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".error-summary")).to_contain_text("work[1].startDate")
    page.screenshot(path=str(SHOTS_DIR / "jsonresume-problems-390.png"), full_page=True)
    assert _violations(page, axe_source) == []
