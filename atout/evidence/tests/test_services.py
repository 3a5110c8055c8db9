import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from atout.common.errors import ConflictError
from atout.evidence import services
from atout.evidence.models import Achievement, Experience
from atout.evidence.tests.factories import ExperienceFactory
from atout.participants.tests.factories import AttachmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

EXPERIENCE = {
    "kind": Experience.Kind.JOB,
    "title": "Caissière",
    "place": "Marché Saint-Roch, Québec",
    "role": "",
    "started_on": datetime.date(2022, 5, 1),
    "ended_on": datetime.date(2023, 8, 31),
    "description": "",
}


def story(**overrides):
    return {
        "experience": None,
        "situation_fr": "Une file d'attente de 20 personnes le samedi.",
        "action_fr": "J'ai ouvert une deuxième caisse et appelé une collègue.",
        "result_fr": "Attente réduite de moitié.",
        **overrides,
    }


def test_counsellor_creates_an_experience(participant, counsellor):
    experience = services.experience_create(
        participant=participant, actor=counsellor, data=EXPERIENCE
    )
    assert experience.participant == participant
    assert experience.created_by == counsellor
    assert experience.version == 1


def test_end_before_start_is_refused(participant, counsellor):
    data = {**EXPERIENCE, "ended_on": datetime.date(2020, 1, 1)}
    with pytest.raises(ValidationError):
        services.experience_create(participant=participant, actor=counsellor, data=data)


def test_participant_owner_cannot_write(participant, participant_user):
    with pytest.raises(PermissionDenied):
        services.experience_create(participant=participant, actor=participant_user, data=EXPERIENCE)


def test_outsider_cannot_write(participant, outsider):
    with pytest.raises(PermissionDenied):
        services.achievement_create(participant=participant, actor=outsider, data=story())


def test_update_bumps_the_version(experience, counsellor):
    updated = services.experience_update(
        experience=experience,
        actor=counsellor,
        data={"title": "Responsable de l'accueil"},
        expected_version=1,
    )
    assert (updated.title, updated.version) == ("Responsable de l'accueil", 2)


def test_second_save_from_the_same_version_is_a_conflict(experience, counsellor, org_admin):
    services.experience_update(
        experience=experience, actor=counsellor, data={"title": "A"}, expected_version=1
    )
    with pytest.raises(ConflictError) as caught:
        services.experience_update(
            experience=experience, actor=org_admin, data={"title": "B"}, expected_version=1
        )
    assert caught.value.current.title == "A"
    experience.refresh_from_db()
    assert experience.title == "A"


def test_achievement_links_competencies_and_proofs(
    participant, counsellor, experience, attachment, generic_competencies
):
    achievement = services.achievement_create(
        participant=participant,
        actor=counsellor,
        data=story(experience=experience),
        competencies=generic_competencies,
        proofs=[attachment],
    )
    assert set(achievement.competencies.all()) == set(generic_competencies)
    assert list(achievement.proofs.all()) == [attachment]
    assert achievement.experience == experience


def test_proof_from_another_file_is_refused(participant, counsellor, organisation):
    foreign = AttachmentFactory(participant=ParticipantFactory(organisation=organisation))
    with pytest.raises(ValidationError):
        services.achievement_create(
            participant=participant, actor=counsellor, data=story(), proofs=[foreign]
        )


def test_experience_from_another_file_is_refused(participant, counsellor, organisation):
    foreign = ExperienceFactory(participant=ParticipantFactory(organisation=organisation))
    with pytest.raises(ValidationError):
        services.achievement_create(
            participant=participant, actor=counsellor, data=story(experience=foreign)
        )


def test_competency_outside_the_generic_framework_is_refused(
    participant, counsellor, other_framework_competency
):
    with pytest.raises(ValidationError):
        services.achievement_create(
            participant=participant,
            actor=counsellor,
            data=story(),
            competencies=[other_framework_competency],
        )


def test_edit_keeps_a_competency_linked_elsewhere(
    achievement, counsellor, other_framework_competency, generic_competencies
):
    achievement.competencies.add(other_framework_competency)
    updated = services.achievement_update(
        achievement=achievement,
        actor=counsellor,
        data=story(experience=achievement.experience),
        competencies=[other_framework_competency, generic_competencies[0]],
        proofs=[],
        expected_version=1,
    )
    assert updated.version == 2
    assert other_framework_competency in updated.competencies.all()


def test_changing_only_the_links_bumps_the_version(achievement, counsellor, attachment):
    updated = services.achievement_update(
        achievement=achievement,
        actor=counsellor,
        data={},
        competencies=[],
        proofs=[attachment],
        expected_version=1,
    )
    assert updated.version == 2


def test_achievement_conflict(achievement, counsellor, org_admin):
    kwargs = {"competencies": [], "proofs": [], "expected_version": 1}
    services.achievement_update(
        achievement=achievement, actor=counsellor, data={"result_fr": "Un"}, **kwargs
    )
    with pytest.raises(ConflictError):
        services.achievement_update(
            achievement=achievement, actor=org_admin, data={"result_fr": "Deux"}, **kwargs
        )


def test_delete_achievement(achievement, counsellor):
    services.achievement_delete(achievement=achievement, actor=counsellor)
    assert not Achievement.objects.filter(pk=achievement.pk).exists()


def test_delete_experience_takes_its_achievements(experience, achievement, counsellor):
    services.experience_delete(experience=experience, actor=counsellor)
    assert not Achievement.objects.filter(pk=achievement.pk).exists()


def test_achievement_used_by_a_passport_is_not_deleted(achievement, used_by_passport, counsellor):
    with pytest.raises(services.EvidenceInUse):
        services.achievement_delete(achievement=achievement, actor=counsellor)
    with pytest.raises(services.EvidenceInUse):
        services.experience_delete(experience=achievement.experience, actor=counsellor)
    assert Achievement.objects.filter(pk=achievement.pk).exists()


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "x" * 100_000])
def test_hostile_text_is_refused(participant, counsellor, text):
    with pytest.raises(ValidationError):
        services.achievement_create(
            participant=participant, actor=counsellor, data=story(situation_fr=text)
        )
