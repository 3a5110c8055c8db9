import datetime

import pytest

from atout.letters import selectors
from atout.letters.models import CoverLetter
from atout.letters.tests.factories import CoverLetterFactory
from atout.participants.models import Audience, ContactField
from atout.participants.services import consent_set

PROOF = {
    "title": "Service à la clientèle",
    "situation": "Chaque vendredi, une quarantaine de familles arrivaient en deux heures",
    "action": "J'ai mis en place des numéros d'attente",
    "result": "L'attente est passée de 45 à 15 minutes.",
}


def test_offer_of_service_in_french_says_why_and_asks_for_a_meeting():
    body = selectors.suggest_body(
        lang="fr",
        employer="Hôtel Le Concorde",
        objective="Préposée à l’entretien ménager",
        competencies=[PROOF],
    )
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Je vous écris pour vous offrir mes services.")
    assert "chez" not in paragraphs[0]
    assert "préposée à l’entretien ménager" in paragraphs[0]  # lower case inside the sentence
    assert "« Service à la clientèle »" in paragraphs[1]
    # One concrete proof, each part a sentence, typographic apostrophes.
    assert "deux heures. J’ai mis en place des numéros d’attente. L’attente" in paragraphs[1]
    assert "vous rencontrer" in paragraphs[2] and "entrevue" in paragraphs[2]
    # Vouvoiement, no tutoiement.
    assert " tu " not in f" {body} " and " te " not in f" {body} " and "ton " not in body


def test_answer_to_a_posting_names_it_and_its_reference():
    body = selectors.suggest_body(
        lang="fr",
        employer="Hôtel Le Concorde",
        posting_title="Préposé aux chambres",
        posting_reference="2026-114",
    )
    assert body.startswith(
        "Je vous soumets ma candidature au poste de préposé aux chambres (référence 2026-114)"
    )
    assert "offrir mes services" not in body


def test_english_suggestion():
    body = selectors.suggest_body(
        lang="en",
        employer="Château Frontenac",
        objective="Housekeeping attendant.",
        competencies=[{**PROOF, "title": "Customer service", "situation": "Every Friday"}],
    )
    assert body.startswith("I am writing to offer my services to Château Frontenac.")
    assert "My career goal: housekeeping attendant." in body
    assert "My “Customer service” skills" in body
    assert "interview" in body.split("\n\n")[-1]
    english = selectors.suggest_body(lang="en", employer="X", posting_title="Cook")
    assert english.startswith("I am applying for the cook position at X.")


def test_at_most_three_competencies_and_none_without_proof():
    four = [{**PROOF, "title": f"C{n}"} for n in range(4)]
    body = selectors.suggest_body(lang="fr", employer="X", competencies=four)
    assert body.count("«") == 3 and "C3" not in body
    bare = selectors.suggest_body(lang="fr", employer="X", competencies=[{"title": "Seule"}])
    assert "Seule" not in body and "Seule" not in bare


def test_suggestion_uses_the_passport_and_only_accepted_proof(participant, passport_with_evidence):
    letter = CoverLetter(participant=participant, language="fr", employer_name="Hôtel")
    body = selectors.suggestion_for(letter)
    assert "préposée à l’entretien ménager dans un hôtel" in body
    assert "PROPOSÉE" not in body
    assert "banque alimentaire" in body and "dépanneur" in body and "buanderie" in body
    assert "Ponctualité" not in body  # three competencies at most
    english = selectors.suggestion_for(
        CoverLetter(participant=participant, language="en", employer_name="Hotel")
    )
    assert "food bank" in english and "banque" not in english
    assert "Housekeeping" not in english and "housekeeping attendant in a hotel" in english


def test_suggestion_without_a_passport_uses_accepted_achievements(participant, counsellor):
    from atout.competencies.tests.factories import CompetencyFactory
    from atout.evidence.tests.factories import AchievementFactory

    competency = CompetencyFactory(name_fr="Écouter", name_en="Listening")
    achievement = AchievementFactory(participant=participant)
    achievement.competencies.add(competency)
    participant.objective = "Commis d’épicerie"
    participant.save()
    body = selectors.suggestion_for(
        CoverLetter(participant=participant, language="fr", employer_name="IGA")
    )
    assert "commis d’épicerie" in body and "« Écouter »" in body


@pytest.mark.parametrize(
    ("lang", "day", "expected"),
    [
        ("fr", 30, "Québec, le 30\u00a0novembre 2026"),
        ("fr", 1, "Québec, le 1er\u00a0novembre 2026"),
        ("en", 1, "Québec, November 1, 2026"),
    ],
)
def test_date_line(lang, day, expected):
    assert selectors.date_line("Québec", datetime.date(2026, 11, day), lang) == expected


def test_paragraphs_split_on_blank_lines_only():
    assert selectors.paragraphs("Un\ndeux\n\n\n  trois  \r\n\r\nquatre") == [
        "Un deux",
        "trois",
        "quatre",
    ]


def test_payload_shows_only_the_contact_details_employers_may_see(employer_consents, counsellor):
    participant = employer_consents
    participant.home_phone = "4185550199"
    participant.save()
    letter = CoverLetterFactory(participant=participant, posting_title="Cuisinier")
    payload = selectors.letter_payload(letter)
    assert set(payload["contact"]) == {"email", "mobile_phone"}
    assert "418\u00a0555-0142" in payload["sender"]["lines"]
    assert not any("0199" in line for line in payload["sender"]["lines"])
    assert payload["subject"] == "Candidature au poste de cuisinier"
    assert payload["salutation"] == "Madame, Monsieur,"
    assert payload["recipient"][0] == "Hôtel Le Concorde"
    consent_set(
        participant=participant,
        actor=counsellor,
        decisions={(ContactField.EMAIL, Audience.EMPLOYER): False},
    )
    participant.refresh_from_db()
    assert "email" not in selectors.letter_payload(letter)["contact"]


def test_latest_letter_and_registry(participant, counsellor):
    from atout.documents.kinds import NothingToRender, document_kind

    kind = document_kind("letter")
    assert kind.order == 30 and kind.formats == ("pdf", "docx")
    with pytest.raises(NothingToRender):
        kind.render(participant, lang="fr", variant="colour", fmt="pdf", layout=None)
    old = CoverLetterFactory(participant=participant, employer_name="Ancien")
    new = CoverLetterFactory(participant=participant, employer_name="Nouveau")
    assert selectors.latest_letter(participant=participant) == new
    summaries = kind.summaries(counsellor, participant)
    assert [s.title for s in summaries] == ["Lettre — Nouveau", "Lettre — Ancien"] or [
        s.title for s in summaries
    ] == ["Letter — Nouveau", "Letter — Ancien"]
    assert summaries[0].state == "draft" and f"/lettres/{new.pk}/" in summaries[0].url
    assert old.pk != new.pk
    document = kind.render(participant, lang="fr", variant="colour", fmt="docx", layout=None)
    assert document.name.endswith(".docx") and "nouveau" in document.name


@pytest.mark.parametrize(
    ("salutation", "closing"),
    [
        ("", "Je vous prie d’agréer, Madame, Monsieur, mes salutations distinguées."),
        ("Madame,", "Je vous prie d’agréer, Madame, mes salutations distinguées."),
        ("Bonjour Julie,", "Je vous prie d’agréer mes salutations distinguées."),
    ],
)
def test_french_closing_repeats_the_salutation(participant, salutation, closing):
    letter = CoverLetterFactory(participant=participant, salutation=salutation)
    assert selectors.letter_payload(letter)["closing"] == closing
    english = CoverLetterFactory(participant=participant, language="en", salutation=salutation)
    assert selectors.letter_payload(english)["closing"] == "Sincerely,"
