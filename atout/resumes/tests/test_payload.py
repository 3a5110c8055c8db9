"""The CV payload: accepted records only, consented contact only, dates and levels in words."""

import datetime

import pytest

from atout.evidence.models import Review
from atout.evidence.tests.factories import AchievementFactory
from atout.passports import services as passport_services
from atout.passports.models import KeyCompetencyEvidence
from atout.resumes.selectors import cv_payload, year_span

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


def build(participant, **kwargs):
    options = {"lang": "fr", "layout": "chronological", "today": TODAY} | kwargs
    return cv_payload(participant, **options)


def test_only_consented_contact_details_print(rich_file):
    payload = build(rich_file).payload
    assert payload["contact"] == {
        "mobile_phone": "4185550142",
        "email": "emilie.gagnon@exemple.ca",
    }
    assert "address" not in payload["contact"]


def test_only_accepted_records_print(rich_file):
    payload = build(rich_file, references="listed").payload
    titles = [e["title"] for e in payload["experiences"]]
    assert "Emploi proposé par la personne" not in titles
    assert "Refusée" not in [e["title"] for e in payload["education"]]
    assert [r["name"] for r in payload["references"]["items"]] == ["Louise Tremblay"]


def test_jobs_and_volunteering_are_apart_current_first(rich_file):
    payload = build(rich_file).payload
    assert [e["title"] for e in payload["experiences"]] == ["Caissière", "Préposée à l'entrepôt"]
    assert payload["experiences"][0]["dates"] == "depuis 2024"
    assert payload["experiences"][1]["dates"] == "2019\u00a0– 2022"
    assert payload["experiences"][1]["employer"] == "Entrepôts Laurentides, Lévis"
    assert payload["experiences"][1]["highlights"]  # the achievement of that job
    assert [e["title"] for e in payload["volunteering"]] == ["Bénévole à la banque alimentaire"]


def test_english_cv_uses_english_texts_and_flags_missing_ones(rich_file):
    result = build(rich_file, lang="en")
    titles = [e["title"] for e in result.payload["experiences"]]
    assert "Warehouse clerk" in titles
    assert "Caissière" in titles  # no English title: the French one prints, flagged
    assert any("Caissière" in item for item in result.missing_translations)
    assert result.payload["volunteering"][0]["dates"] == "since 2024"


def test_year_span():
    d = datetime.date
    assert year_span(d(2019, 1, 1), d(2022, 1, 1), "fr") == "2019\u00a0– 2022"
    assert year_span(d(2024, 1, 1), None, "en") == "since 2024"
    assert year_span(d(2021, 1, 1), d(2021, 6, 1), "fr") == "2021"
    assert year_span(None, None, "fr") == ""


def test_education_abroad_with_recognition(rich_file):
    education = build(rich_file).payload["education"]
    abroad = next(e for e in education if e["title"] == "Licence en gestion")
    assert abroad["abroad"] and abroad["recognition"] == "Équivaut à un baccalauréat"


def test_an_expired_certificate_is_left_out_and_said(rich_file):
    result = build(rich_file)
    names = [c["name"] for c in result.payload["certificates"]]
    assert names == ["SIMDUT 2015"]
    assert result.payload["certificates"][0]["expiry"]
    assert any("Hygiène" in note for note in result.notes)


def test_languages_in_plain_words(rich_file):
    languages = build(rich_file).payload["languages"]
    assert languages == [
        {"name": "Français", "level": "langue maternelle"},
        {"name": "Anglais", "level": "intermédiaire (B1)"},
    ]
    english = build(rich_file, lang="en").payload["languages"]
    assert english[0] == {"name": "French", "level": "mother tongue"}


def test_interests_only_when_asked(rich_file):
    assert build(rich_file).payload["interests"] == ""
    assert "jardinage" in build(rich_file, include_interests=True).payload["interests"]


def test_references_on_request_unless_listed(rich_file):
    assert build(rich_file).payload["references"] == {"mode": "on_request", "items": []}
    listed = build(rich_file, references="listed").payload["references"]
    assert listed["mode"] == "listed" and len(listed["items"]) == 1


def test_skills_from_the_passport_key_competencies(rich_file, counsellor):
    passport = passport_services.passport_start(participant=rich_file, actor=counsellor)
    kc = passport_services.key_competency_add(
        passport=passport, actor=counsellor, title_fr="Travail d'équipe", title_en="Teamwork"
    )
    accepted = AchievementFactory(participant=rich_file, result_fr="Moins d'attente.")
    proposed = AchievementFactory(
        participant=rich_file, action_fr="Histoire proposée", review=Review.PROPOSED
    )
    passport_services.evidence_attach(key_competency=kc, actor=counsellor, achievement=accepted)
    # The services refuse a proposed story; linked behind their back, it still never prints.
    KeyCompetencyEvidence.objects.create(key_competency=kc, achievement=proposed, position=1)
    skills = build(rich_file, layout="functional").payload["skills"]
    assert skills[0]["title"] == "Travail d'équipe"
    assert len(skills[0]["accomplishments"]) == 1
    assert "proposée" not in skills[0]["accomplishments"][0]


def test_the_key_competencies_evidence_is_read_in_one_query(
    rich_file, counsellor, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    passport = passport_services.passport_start(participant=rich_file, actor=counsellor)

    def add(title):
        kc = passport_services.key_competency_add(
            passport=passport, actor=counsellor, title_fr=title, title_en=title
        )
        story = AchievementFactory(participant=rich_file, result_fr=f"Résultat {title}.")
        passport_services.evidence_attach(key_competency=kc, actor=counsellor, achievement=story)

    add("Un")
    rich_file.refresh_from_db()
    with CaptureQueriesContext(connection) as one:
        build(rich_file, layout="functional")
    add("Deux")
    add("Trois")
    rich_file.refresh_from_db()
    with django_assert_max_num_queries(len(one.captured_queries)):
        skills = build(rich_file, layout="functional").payload["skills"]
    assert [s["title"] for s in skills] == ["Un", "Deux", "Trois"]
    assert all(len(s["accomplishments"]) == 1 for s in skills)


def test_an_empty_file_is_empty(participant):
    result = build(participant)
    assert result.is_empty
    assert result.missing_sections
