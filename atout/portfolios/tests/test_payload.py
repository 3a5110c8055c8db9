"""The payload: the bilan first, stories by competency with their proof, accepted records only,
the selection applied, and contact details only as consented for employers."""

import pytest

from atout.competencies.tests.factories import CompetencyFactory
from atout.evidence.models import Review
from atout.evidence.tests.factories import (
    AchievementFactory,
    CertificateFactory,
    EducationFactory,
    ExperienceFactory,
    PersonalProfileFactory,
)
from atout.participants.tests.factories import AttachmentFactory
from atout.portfolios import selectors, services
from atout.portfolios.tests.conftest import attachment_with, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(participant):
    listening = CompetencyFactory(name_fr="Écouter", name_en="Listening")
    teamwork = CompetencyFactory(name_fr="Travailler en équipe", name_en="Teamwork")
    experience = ExperienceFactory(
        participant=participant, title="Bénévole à la banque alimentaire"
    )
    first = AchievementFactory(
        participant=participant, experience=experience, situation_fr="Histoire A"
    )
    first.competencies.add(listening, teamwork)
    second = AchievementFactory(participant=participant, situation_fr="Histoire B")
    second.competencies.add(teamwork)
    loose = AchievementFactory(participant=participant, situation_fr="Histoire sans compétence")
    photo = attachment_with(participant, jpeg_bytes(300, 200), description="Le tableau")
    letter = AttachmentFactory(
        participant=participant,
        original_name="lettre.pdf",
        kind="other",
        content_type="application/pdf",
        description="Lettre de la coordonnatrice",
    )
    first.proofs.add(photo, letter)
    return {
        "listening": listening,
        "teamwork": teamwork,
        "experience": experience,
        "first": first,
        "second": second,
        "loose": loose,
        "photo": photo,
        "letter": letter,
    }


def _payload(participant, lang=None):
    return selectors.build_payload(selectors.portfolio_of(participant), lang=lang).payload


def _stories(payload):
    return {
        section["title"]: [s["situation"] for s in section["stories"]]
        for section in payload["sections"]
    }


def test_stories_are_organised_by_competency_each_once(participant, base):
    payload = _payload(participant)
    stories = _stories(payload)
    # Competencies the stories prove, by name (accents ignored), then stories without one.
    assert list(stories)[:2] == ["Écouter", "Travailler en équipe"]
    assert stories["Écouter"] == ["Histoire A"]
    assert stories["Travailler en équipe"] == ["Histoire B"]
    assert list(stories.values())[2] == ["Histoire sans compétence"]
    # Whatever the order, a story prints once and names the other competency it shows.
    all_stories = [s for section in payload["sections"] for s in section["stories"]]
    assert [s["situation"] for s in all_stories].count("Histoire A") == 1
    story_a = next(s for s in all_stories if s["situation"] == "Histoire A")
    assert story_a["also"]
    assert "Bénévole à la banque alimentaire" in story_a["context"]


def test_images_are_placed_and_other_proof_listed(participant, base):
    payload = _payload(participant)
    story = next(s for section in payload["sections"] for s in section["stories"] if s["images"])
    assert [i["attachment"] for i in story["images"]] == [base["photo"].pk]
    assert story["images"][0]["caption"] == "Le tableau"
    assert story["documents"] == [
        {
            "name": "lettre.pdf",
            "kind": "Autre document",
            "description": "Lettre de la coordonnatrice",
        }
    ]


def test_key_competencies_of_the_passport_come_first(participant, counsellor, base):
    from atout.passports.models import KeyCompetency, Passport

    passport = Passport.objects.create(participant=participant)
    KeyCompetency.objects.create(
        passport=passport, position=1, competency=base["listening"], title_fr="Écoute active"
    )
    payload = _payload(participant)
    assert payload["bilan"]["competencies"] == ["Écoute active"]
    assert payload["sections"][0]["title"] == "Écoute active"
    assert payload["sections"][0]["stories"][0]["situation"] == "Histoire A"


def test_only_accepted_records_print(participant, base):
    AchievementFactory(participant=participant, situation_fr="Proposée", review=Review.PROPOSED)
    AchievementFactory(participant=participant, situation_fr="Refusée", review=Review.DECLINED)
    ExperienceFactory(participant=participant, title="Expérience proposée", review=Review.PROPOSED)
    EducationFactory(participant=participant, program_fr="DEP proposé", review=Review.PROPOSED)
    CertificateFactory(participant=participant, name_fr="Permis proposé", review=Review.PROPOSED)
    EducationFactory(participant=participant, program_fr="DES")
    CertificateFactory(participant=participant, name_fr="SIMDUT 2015")
    payload = _payload(participant)
    text = repr(payload)
    for hidden in ("Proposée", "Refusée", "Expérience proposée", "DEP proposé", "Permis proposé"):
        assert hidden not in text
    assert [e["title"] for e in payload["education"]] == ["DES"]
    assert [c["title"] for c in payload["certificates"]] == ["SIMDUT 2015"]
    assert [e["title"] for e in payload["experiences"]] == ["Bénévole à la banque alimentaire"]


def test_bilan_has_expertise_interests_and_values_in_the_language(participant, base):
    PersonalProfileFactory(participant=participant, expertise_fr="Accueil", expertise_en="")
    french = _payload(participant, "fr")["bilan"]
    assert french["interests"] == "Cuisine, jardinage communautaire"
    assert french["values"] == "Entraide, ponctualité"
    assert french["expertise"] == "Accueil"
    english = selectors.build_payload(selectors.portfolio_of(participant), lang="en")
    assert english.payload["bilan"]["interests"] == "Cooking, community gardening"
    # Missing in English: the French text prints, and the counsellor is told.
    assert english.payload["bilan"]["expertise"] == "Accueil"
    assert any("areas of expertise" in w for w in english.warnings)


def test_strengths_of_the_latest_completed_self_evaluation(participant, counsellor):
    from django.utils import timezone

    from atout.competencies.models import SelfEvaluation, SelfEvaluationAnswer
    from atout.competencies.tests.factories import EvaluationFactory, IndicatorFactory

    indicator = IndicatorFactory(competency__name_fr="Résoudre des problèmes")
    evaluation = EvaluationFactory(
        participant=participant,
        framework=indicator.competency.framework,
        status=SelfEvaluation.Status.COMPLETED,
        completed_at=timezone.now(),
    )
    SelfEvaluationAnswer.objects.create(evaluation=evaluation, indicator=indicator, value=4)
    bilan = _payload(participant)["bilan"]
    assert [s["name"] for s in bilan["strengths"]] == ["Résoudre des problèmes"]
    assert bilan["evaluation"]


def test_selection_leaves_out_what_was_unticked(participant, counsellor, base):
    EducationFactory(participant=participant, program_fr="DES")
    services.portfolio_update(
        participant=participant,
        actor=counsellor,
        data={},
        selection={
            "achievement": [base["second"].pk],
            "proof": [base["photo"].pk],
            "experience": [base["experience"].pk],
            "education": [],
            "certificate": [],
        },
        expected_version=None,
    )
    payload = _payload(participant)
    situations = [s["situation"] for sec in payload["sections"] for s in sec["stories"]]
    assert "Histoire B" not in situations
    assert "Histoire A" in situations
    story_a = next(
        s for sec in payload["sections"] for s in sec["stories"] if s["situation"] == "Histoire A"
    )
    assert story_a["images"] == []  # the photo was unticked
    assert story_a["documents"]  # the letter still listed
    assert payload["experiences"] == []
    assert [e["title"] for e in payload["education"]] == ["DES"]


def test_a_record_accepted_later_is_included_by_default(participant, counsellor, base):
    services.portfolio_update(
        participant=participant,
        actor=counsellor,
        data={},
        selection={"achievement": [base["loose"].pk]},
        expected_version=None,
    )
    AchievementFactory(participant=participant, situation_fr="Nouvelle histoire")
    situations = [
        s["situation"] for sec in _payload(participant)["sections"] for s in sec["stories"]
    ]
    assert "Nouvelle histoire" in situations
    assert "Histoire sans compétence" not in situations


def test_cover_shows_only_contact_consented_for_employers(consented, base):
    payload = _payload(consented)
    assert {c["field"] for c in payload["contact"]} == {"email", "mobile_phone"}
    assert "rue Principale" not in repr(payload)


def test_cover_title_and_subtitle_default_from_the_language(participant, counsellor):
    payload = _payload(participant)
    assert payload["cover_title"] == "Portfolio"
    assert payload["cover_subtitle"] == selectors.default_subtitle("fr")
    services.portfolio_update(
        participant=participant,
        actor=counsellor,
        data={"cover_title": "Mon parcours", "cover_subtitle": "", "language": "en"},
        selection=None,
        expected_version=None,
    )
    payload = _payload(participant)
    assert payload["lang"] == "en"
    assert payload["cover_title"] == "Mon parcours"
    assert payload["cover_subtitle"] == "Learning, experiences and achievements"
