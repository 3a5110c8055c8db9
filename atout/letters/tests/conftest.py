import pytest

from atout.letters.tests.factories import CoverLetterFactory, make_passport_with_evidence
from atout.participants.models import Audience, ContactField
from atout.participants.services import consent_set


@pytest.fixture
def employer_consents(participant, counsellor):
    """The participant lets employers see their e-mail and mobile phone."""
    participant.mobile_phone = "4185550142"
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
    participant.refresh_from_db()
    return participant


@pytest.fixture
def letter(participant, counsellor):
    return CoverLetterFactory(participant=participant, created_by=counsellor)


@pytest.fixture
def passport_with_evidence(participant):
    return make_passport_with_evidence(participant)
