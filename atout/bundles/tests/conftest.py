import pytest

from atout.letters import services as letter_services
from atout.letters.tests.factories import CoverLetterFactory, make_passport_with_evidence
from atout.participants import services as participant_services
from atout.participants.models import Audience, ContactField
from atout.passports import services as passport_services
from atout.passports.models import PassportVersion


@pytest.fixture
def approved_file(participant, counsellor, django_capture_on_commit_callbacks):
    """A file with an approved passport (its PDFs stored) and one approved letter."""
    participant.mobile_phone = "4185550142"
    participant.save()
    participant_services.consent_set(
        participant=participant,
        actor=counsellor,
        decisions={(ContactField.MOBILE_PHONE, Audience.EMPLOYER): True},
    )
    passport = make_passport_with_evidence(participant)
    with django_capture_on_commit_callbacks(execute=True):
        version = passport_services.passport_approve(
            passport=passport, actor=counsellor, in_person=True
        )
    version.refresh_from_db()
    assert version.documents_status == PassportVersion.DocumentsStatus.READY
    letter = CoverLetterFactory(participant=participant)
    letter = letter_services.letter_approve(letter=letter, actor=counsellor, in_person=True)
    return participant


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what commits enqueue (the immediate backend), as the worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
