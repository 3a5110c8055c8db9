import contextlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from atout.bundles.models import Bundle


def ready_bundle(participant, **kwargs) -> Bundle:
    """A finished bundle with a (tiny) stored file, for the sweeps."""
    bundle = Bundle(
        participant=participant,
        options={"colour": True},
        status=Bundle.Status.READY,
        name="pochette-test.pdf",
        pages=1,
        finished_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
        **kwargs,
    )
    bundle.file.save("pochette-test.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    bundle.size = bundle.file.size
    bundle.save()
    return bundle


def make_approved_file(participant, counsellor, *, run=contextlib.nullcontext):
    """An approved passport (its PDFs stored) and one approved letter; `run` wraps the
    approval so what it enqueues after the commit runs (tests in a transaction)."""
    from atout.letters import services as letter_services
    from atout.letters.tests.factories import CoverLetterFactory, make_passport_with_evidence
    from atout.participants import services as participant_services
    from atout.participants.models import Audience, ContactField
    from atout.passports import services as passport_services
    from atout.passports.models import PassportVersion

    participant.mobile_phone = "4185550142"
    participant.save()
    participant_services.consent_set(
        participant=participant,
        actor=counsellor,
        decisions={(ContactField.MOBILE_PHONE, Audience.EMPLOYER): True},
    )
    passport = make_passport_with_evidence(participant)
    with run():
        version = passport_services.passport_approve(
            passport=passport, actor=counsellor, in_person=True
        )
    version.refresh_from_db()
    assert version.documents_status == PassportVersion.DocumentsStatus.READY
    letter = CoverLetterFactory(participant=participant)
    letter_services.letter_approve(letter=letter, actor=counsellor, in_person=True)
    return participant
