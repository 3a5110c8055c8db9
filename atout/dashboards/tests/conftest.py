import pytest

from atout.dashboards.tests import builders


@pytest.fixture
def deal(cle, organisation):
    """A current agreement between the test CLE and the test organisation."""
    return builders.agreement(cle, organisation)
