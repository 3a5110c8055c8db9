import pytest

from atout.competencies.tests.factories import CompetencyFactory, FamilyFactory, FrameworkFactory
from atout.evidence.tests.factories import AchievementFactory, ExperienceFactory
from atout.participants.tests.factories import AttachmentFactory


@pytest.fixture
def generic_competencies(db):
    framework = FrameworkFactory(code="ATOUT-CG")
    family = FamilyFactory(framework=framework, name_fr="Communiquer")
    return [
        CompetencyFactory(family=family, name_fr="Écouter", name_en="Listening"),
        CompetencyFactory(family=family, name_fr="S'exprimer", name_en="Speaking"),
    ]


@pytest.fixture
def other_framework_competency(db):
    return CompetencyFactory(family=FamilyFactory(framework=FrameworkFactory(code="OTHER")))


@pytest.fixture
def experience(participant):
    return ExperienceFactory(participant=participant)


@pytest.fixture
def achievement(participant, experience):
    return AchievementFactory(participant=participant, experience=experience)


@pytest.fixture
def attachment(participant):
    return AttachmentFactory(participant=participant, description="Lettre de la coordonnatrice")


@pytest.fixture
def used_by_passport(achievement):
    """Make the achievement evidence for one key competency of the passport."""
    from atout.passports.models import KeyCompetency, KeyCompetencyEvidence, Passport

    passport = Passport.objects.create(participant=achievement.participant)
    key = KeyCompetency.objects.create(passport=passport, title_fr="Service à la clientèle")
    KeyCompetencyEvidence.objects.create(key_competency=key, achievement=achievement)
    return key
