import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from atout.common.errors import ConflictError
from atout.practice import selectors, services
from atout.practice.models import PracticeCard
from atout.practice.tests.factories import CUSTOMERS, PUNCTUAL, TEAM, approve, competency

pytestmark = pytest.mark.django_db


def key(title):
    return selectors.competency_key({"fr": title[0], "en": title[1]})


def save(participant, user, title, words="Ma réponse.", readiness="ready", version=0):
    return services.card_save(
        participant=participant,
        actor=user,
        key=key(title),
        own_words=words,
        readiness=readiness,
        expected_version=version,
    )


def test_one_card_per_key_competency_of_the_approved_passport(participant, participant_user):
    approve(participant, [competency(*TEAM), competency(*PUNCTUAL)])
    cards = selectors.practice_cards(user=participant_user, participant=participant, lang="fr")
    assert [c["title"]["text"] for c in cards] == [TEAM[0], PUNCTUAL[0]]
    assert (
        cards[0]["question"]["text"]
        == (
            "Parlez-moi d’une fois où vous avez montré cette compétence\u00a0: "
            "«\u00a0Travailler en équipe\u00a0»."
        )
        or "Travailler en équipe" in cards[0]["question"]["text"]
    )
    english = selectors.practice_cards(user=participant_user, participant=participant, lang="en")
    assert (
        english[0]["question"]["text"] == "Tell me about a time you showed this skill: “Teamwork”."
    )
    # The situation exists only in French: shown in French, marked as such.
    proof = english[0]["proofs"][0]
    assert proof["situation"]["lang"] == "fr"
    assert proof["action"] == {
        "text": "I served the line of customers alone (Teamwork).",
        "lang": "en",
    }


def test_no_approved_passport_no_cards(participant, participant_user):
    assert selectors.practice_cards(user=participant_user, participant=participant, lang="fr") == []
    approve(participant, [competency(*TEAM)], withdrawn=True)
    assert selectors.practice_cards(user=participant_user, participant=participant, lang="fr") == []


def test_the_person_saves_words_and_readiness(participant, participant_user):
    approve(participant, [competency(*TEAM)])
    card = save(participant, participant_user, TEAM)
    assert (card.own_words, card.readiness, card.version) == ("Ma réponse.", "ready", 1)
    assert card.history.count() == 1
    # The same again changes nothing (no new version, no history line).
    again = save(participant, participant_user, TEAM, version=1)
    assert again.version == 1 and card.history.count() == 1


def test_a_stale_page_is_a_conflict_even_for_the_same_person(participant, participant_user):
    approve(participant, [competency(*TEAM)])
    save(participant, participant_user, TEAM, words="Sur mon téléphone.")
    with pytest.raises(ConflictError) as error:
        save(participant, participant_user, TEAM, words="Sur l’ordinateur.", version=0)
    assert error.value.current.own_words == "Sur mon téléphone."
    assert PracticeCard.objects.get().own_words == "Sur mon téléphone."


def test_only_the_person_fills_only_staff_coach(
    participant, participant_user, counsellor, outsider
):
    approve(participant, [competency(*TEAM)])
    with pytest.raises(PermissionDenied):
        save(participant, counsellor, TEAM)
    with pytest.raises(PermissionDenied):
        save(participant, outsider, TEAM)
    with pytest.raises(PermissionDenied):
        services.coach_note_save(
            participant=participant,
            actor=participant_user,
            key=key(TEAM),
            note="x",
            expected_version=0,
        )
    assert not PracticeCard.objects.exists()


def test_a_coaching_note_never_conflicts_with_the_words(participant, participant_user, counsellor):
    approve(participant, [competency(*TEAM)])
    note = services.coach_note_save(
        participant=participant,
        actor=counsellor,
        key=key(TEAM),
        note="Donnez un chiffre.",
        expected_version=0,
    )
    assert note.note_version == 1 and note.coach_note_by == counsellor
    card = save(participant, participant_user, TEAM, version=0)
    assert card.coach_note == "Donnez un chiffre." and card.version == 1
    with pytest.raises(ConflictError):
        services.coach_note_save(
            participant=participant,
            actor=counsellor,
            key=key(TEAM),
            note="Autre.",
            expected_version=0,
        )


def test_cards_follow_the_approved_passport_and_words_come_back(participant, participant_user):
    approve(participant, [competency(*TEAM), competency(*PUNCTUAL)])
    save(participant, participant_user, PUNCTUAL, words="Jamais en retard.")
    approve(participant, [competency(*TEAM), competency(*CUSTOMERS)])
    cards = selectors.practice_cards(user=participant_user, participant=participant, lang="fr")
    assert [c["title"]["text"] for c in cards] == [TEAM[0], CUSTOMERS[0]]
    assert selectors.hidden_cards_count(user=participant_user, participant=participant) == 1
    with pytest.raises(ValidationError):
        save(participant, participant_user, PUNCTUAL, version=1)
    approve(participant, [competency(*PUNCTUAL)])
    (card,) = selectors.practice_cards(user=participant_user, participant=participant, lang="fr")
    assert card["card"].own_words == "Jamais en retard."


def test_the_key_ignores_case_and_spacing_but_not_words():
    assert selectors.competency_key({"fr": " Travailler  en ÉQUIPE "}) == selectors.competency_key(
        {"fr": "travailler en équipe", "en": "Teamwork"}
    )
    assert selectors.competency_key({"fr": "", "en": "Teamwork"}) != key(TEAM)


def test_readiness_summary_for_the_feedback_report(participant, participant_user, counsellor):
    approve(participant, [competency(*TEAM), competency(*PUNCTUAL)])
    save(participant, participant_user, TEAM, readiness="getting_there")
    rows = selectors.readiness_summary(participant)
    assert [(r["title"]["en"], r["readiness"], r["own_words"]) for r in rows] == [
        ("Teamwork", "getting_there", True),
        ("Punctuality and attendance", "", False),
    ]
    assert rows[0]["readiness_label"] in ("Ça vient", "Getting there")


def test_a_framework_competency_brings_its_definition(participant, participant_user, framework):
    approve(participant, [competency(*TEAM), competency("Mon savoir-faire à moi", "")])
    team, own = selectors.practice_cards(user=participant_user, participant=participant, lang="en")
    assert team["listens_for"] == {
        "text": "Doing your share and helping others to reach a common goal.",
        "lang": "en",
    }
    assert own["listens_for"] is None
