"""Files shared before consents were recorded get the consent they stood for."""

import importlib

from django.apps import apps

from atout.disclosures.models import Disclosure, Method
from atout.participants.models import Participant
from atout.participants.tests.factories import ParticipantFactory

migration = importlib.import_module(
    "atout.disclosures.migrations.0002_disclosures_from_shared_files"
)


def test_a_shared_file_gets_its_consent_from_the_linked_file(participant, counsellor, qq):
    Participant.objects.filter(pk=participant.pk).update(shared_with=qq, shared_parts=["evidence"])
    ParticipantFactory(
        organisation=qq,
        linked_file=participant,
        link_consent=Participant.LinkConsent.IN_PERSON,
        link_consent_by=counsellor,
    )
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice: nothing more
    disclosure = Disclosure.objects.get()
    assert disclosure.recipient == qq
    assert disclosure.parts == ["evidence"]
    assert disclosure.method == Method.IN_PERSON
    assert disclosure.recorded_by == counsellor
