import pytest

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.recognition.tests.factories import QualificationsFactory


@pytest.fixture
def qq(db):
    return QualificationsFactory(name="Qualifications Québec")


@pytest.fixture
def advisor(qq):
    return member(qq, Role.RECOGNITION_ADVISOR, full_name="Isabelle Morin")
