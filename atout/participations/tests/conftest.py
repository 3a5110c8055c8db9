import pytest

from atout.participations.models import Participation
from atout.participations.tests.factories import participation_for


@pytest.fixture
def participation(participant, counsellor):
    return participation_for(participant, actor=counsellor, status=Participation.Status.IN_PROGRESS)
