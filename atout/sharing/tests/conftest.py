import pytest

from atout.participants import services as participant_services
from atout.participants.models import Audience, ContactField
from atout.passports import services as passport_services
from atout.passports.models import PassportVersion
from atout.sharing import services


@pytest.fixture
def approved(participant, counsellor, django_capture_on_commit_callbacks):
    """Émilie's passport, showing her mobile phone and e-mail to employers, approved, its
    PDFs made (not her home phone)."""
    participant.mobile_phone = "418 555-0142"
    participant.home_phone = "418 555-0199"
    participant.save()
    participant_services.consent_set(
        participant=participant,
        actor=counsellor,
        decisions={
            (ContactField.MOBILE_PHONE, Audience.EMPLOYER): True,
            (ContactField.EMAIL, Audience.EMPLOYER): True,
        },
    )
    passport = passport_services.passport_start(participant=participant, actor=counsellor)
    passport = passport_services.passport_update(
        passport=passport,
        actor=counsellor,
        data={"objective_fr": "Commis d’épicerie de jour, fiable et souriante"},
        expected_version=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = passport_services.passport_approve(
            passport=passport, actor=counsellor, in_person=True
        )
    version.refresh_from_db()
    assert version.documents_status == PassportVersion.DocumentsStatus.READY
    return version


@pytest.fixture
def link_and_token(approved, participant_user):
    return services.share_link_create(
        participant=approved.participant, actor=participant_user, label="Épicerie Roy"
    )


@pytest.fixture
def coded(approved, participant_user):
    return services.share_link_create(
        participant=approved.participant, actor=participant_user, code="tulipe42"
    )
