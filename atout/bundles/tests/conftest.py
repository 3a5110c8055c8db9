import pytest

from atout.bundles.tests.factories import make_approved_file


@pytest.fixture
def approved_file(participant, counsellor, django_capture_on_commit_callbacks):
    """A file with an approved passport (its PDFs stored) and one approved letter."""
    return make_approved_file(
        participant, counsellor, run=lambda: django_capture_on_commit_callbacks(execute=True)
    )


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what commits enqueue (the immediate backend), as the worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
