import pytest

from atout.accounts.models import Role
from atout.accounts.tests.factories import member


@pytest.fixture
def officer(organisation):
    return member(organisation, Role.PRIVACY_OFFICER, full_name="Sylvie Paquet")


@pytest.fixture
def other_officer(other_organisation):
    return member(other_organisation, Role.PRIVACY_OFFICER, full_name="Luc Fortin")


@pytest.fixture
def platform_staff(db):
    from atout.accounts.tests.factories import UserFactory

    return UserFactory(is_staff=True, full_name="Équipe Atout")
