import pytest

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.participants.tests.factories import ParticipantFactory
from atout.recognition.tests.factories import DossierFactory, QualificationsFactory, cook_standard


@pytest.fixture
def qq(db):
    return QualificationsFactory(name="Qualifications Québec")


@pytest.fixture
def advisor(qq):
    return member(qq, Role.RECOGNITION_ADVISOR, full_name="Isabelle Morin")


@pytest.fixture
def standard(db):
    return cook_standard()


@pytest.fixture
def candidate(qq):
    return ParticipantFactory(organisation=qq, given_names="Karim", family_name="Haddad")


@pytest.fixture
def dossier(qq, advisor, candidate, standard, cle):
    return DossierFactory(
        organisation=qq, participant=candidate, standard=standard, advisor=advisor, cle=cle
    )
