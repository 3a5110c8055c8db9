import datetime

import pytest

from atout.competencies.models import LanguageAssessment
from atout.evidence.models import Experience, Review
from atout.evidence.tests.factories import (
    AchievementFactory,
    CertificateFactory,
    EducationFactory,
    ExperienceFactory,
    PersonalProfileFactory,
    ReferenceFactory,
)
from atout.participants.models import Audience, ContactField
from atout.participants.services import consent_set


@pytest.fixture
def employer_consent(participant, counsellor):
    """The person shows their e-mail and mobile phone to employers (not the address)."""
    participant.mobile_phone = "4185550142"
    participant.street_address = "12, rue des Érables"
    participant.city = "Québec"
    participant.save()
    consent_set(
        participant=participant,
        actor=counsellor,
        decisions={
            (ContactField.EMAIL, Audience.EMPLOYER): True,
            (ContactField.MOBILE_PHONE, Audience.EMPLOYER): True,
        },
    )
    return participant


@pytest.fixture
def rich_file(employer_consent, counsellor):
    """A file with a bit of everything, accepted, and a few records that must not print."""
    participant = employer_consent
    participant.objective = "Préposée à l'entrepôt à temps plein"
    participant.save()
    job = ExperienceFactory(
        participant=participant,
        kind=Experience.Kind.JOB,
        title="Préposée à l'entrepôt",
        title_en="Warehouse clerk",
        place="Entrepôts Laurentides, Lévis",
        role="Cheffe d'équipe",
        started_on=datetime.date(2019, 5, 1),
        ended_on=datetime.date(2022, 8, 31),
        description="Préparer les commandes et vérifier les stocks.",
    )
    ExperienceFactory(
        participant=participant,
        kind=Experience.Kind.JOB,
        title="Caissière",
        place="Épicerie du coin",
        started_on=datetime.date(2024, 1, 10),
        ended_on=None,
    )
    ExperienceFactory(participant=participant)  # volunteering, since 2024
    ExperienceFactory(
        participant=participant,
        kind=Experience.Kind.JOB,
        title="Emploi proposé par la personne",
        review=Review.PROPOSED,
    )
    AchievementFactory(participant=participant, experience=job)
    EducationFactory(participant=participant)
    EducationFactory(
        participant=participant,
        program_fr="Licence en gestion",
        program_en="",
        school="Université Cheikh-Anta-Diop",
        place="Dakar, Sénégal",
        year=2010,
        abroad=True,
        recognition_fr="Équivaut à un baccalauréat",
    )
    EducationFactory(participant=participant, program_fr="Refusée", review=Review.DECLINED)
    CertificateFactory(participant=participant)
    CertificateFactory(
        participant=participant,
        name_fr="Hygiène et salubrité alimentaires",
        name_en="Food hygiene",
        obtained_on=datetime.date(2015, 1, 1),
        expires_on=datetime.date(2020, 1, 1),
    )
    PersonalProfileFactory(participant=participant)
    ReferenceFactory(participant=participant)
    ReferenceFactory(participant=participant, name="Pas d'accord", referee_agreed=False)
    ReferenceFactory(participant=participant, name="Proposée", review=Review.PROPOSED)
    LanguageAssessment.objects.create(participant=participant, language="fr", is_mother_tongue=True)
    LanguageAssessment.objects.create(
        participant=participant, language="en", listening="B1", reading="B2", writing="A2"
    )
    return participant
