import datetime
import json

import pytest

from atout.competencies.models import LanguageAssessment
from atout.competencies.tests.factories import CompetencyFactory, FamilyFactory, FrameworkFactory
from atout.evidence.models import Experience, PersonalProfile, Reference, Review
from atout.evidence.tests.factories import (
    AchievementFactory,
    CertificateFactory,
    EducationFactory,
    ExperienceFactory,
)
from atout.participants.models import Audience, ContactConsent, ContactField


def rich_file(participant, counsellor) -> None:
    """A file with something in every section JSON Resume carries, plus what must not export."""
    for field in (ContactField.EMAIL, ContactField.MOBILE_PHONE):
        ContactConsent.objects.create(
            participant=participant, field=field, audience=Audience.EMPLOYER, granted=True
        )
    job = ExperienceFactory(
        participant=participant,
        kind=Experience.Kind.JOB,
        title="Caissière",
        title_en="Cashier",
        place="Metro Limoilou",
        role="Caissière principale",
        role_en="Head cashier",
        started_on=datetime.date(2019, 5, 6),
        ended_on=datetime.date(2021, 8, 27),
        description="Ouverture et fermeture de caisse.\n« Employée du mois » <b>deux fois</b>",
        description_en="Opened and closed the till.",
        created_by=counsellor,
    )
    ExperienceFactory(
        participant=participant,
        kind=Experience.Kind.JOB,
        title="Commis d’entrepôt",
        place="Entrepôt Dubé",
        role="",
        started_on=datetime.date(2019, 5, 6),
        created_by=counsellor,
    )
    ExperienceFactory(participant=participant, created_by=counsellor)  # volunteering
    ExperienceFactory(
        participant=participant,
        kind=Experience.Kind.COMMUNITY,
        title="Conseil d’établissement",
        place="École Saint-Fidèle",
        role="",
        started_on=None,
        created_by=counsellor,
    )
    # Proposed and declined records never export.
    ExperienceFactory(
        participant=participant, kind=Experience.Kind.JOB, title="Proposé", review=Review.PROPOSED
    )
    ExperienceFactory(
        participant=participant, kind=Experience.Kind.JOB, title="Refusé", review=Review.DECLINED
    )
    # A family experience has no JSON Resume section.
    ExperienceFactory(participant=participant, kind=Experience.Kind.FAMILY, title="Proche aidante")
    EducationFactory(participant=participant)
    EducationFactory(
        participant=participant,
        program_fr="AEC en comptabilité",
        program_en="",
        school="Cégep Limoilou",
        year=None,
        in_progress=True,
    )
    CertificateFactory(participant=participant)
    CertificateFactory(
        participant=participant,
        name_fr="Permis de conduire classe 5",
        name_en="",
        issuer="SAAQ",
        obtained_on=None,
        expires_on=None,
    )
    Reference.objects.create(
        participant=participant,
        name="Louise Fortin",
        relationship_fr="ancienne gérante",
        relationship_en="former manager",
        organisation="Metro Limoilou",
        referee_agreed=True,
        listed_on_cv=True,
    )
    Reference.objects.create(participant=participant, name="Pas d’accord", referee_agreed=False)
    LanguageAssessment.objects.create(participant=participant, language="fr", is_mother_tongue=True)
    LanguageAssessment.objects.create(
        participant=participant,
        language="en",
        listening="B2",
        reading="B1",
        spoken_interaction="B1",
        spoken_production="A2",
        writing="B1",
    )
    LanguageAssessment.objects.create(participant=participant, language="es")  # no level
    PersonalProfile.objects.create(
        participant=participant,
        interests_fr="Jardinage\n• Course à pied\n\n",
        interests_en="Gardening\nRunning",
        values_fr="Entraide",
    )
    family = FamilyFactory(framework=FrameworkFactory(code="ATOUT-CG"), name_fr="Communiquer")
    listening = CompetencyFactory(family=family, name_fr="Écouter", name_en="Listening")
    achievement = AchievementFactory(participant=participant, experience=job)
    achievement.competencies.set([listening])


@pytest.fixture
def rich(participant, counsellor):
    rich_file(participant, counsellor)
    return participant


def dumps(document) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()
