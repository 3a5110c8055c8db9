"""Reads of the recognition pages reach the access log of the Qualifications Québec file."""

import pytest
from django.urls import reverse

from atout.accounts.tests.factories import UserFactory
from atout.certificates.tests import factories as f
from atout.participants.tests.factories import ParticipantFactory
from atout.privacy.models import AccessLogEntry
from atout.recognition.models import Phase

pytestmark = pytest.mark.django_db
Kind = AccessLogEntry.Action


def test_the_advisor_page_is_logged(client_for):
    qq = f.qq_organisation()
    advisor = f.advisor(qq)
    dossier = f.dossier(qq=qq, phase=Phase.CONFIRMED)
    response = client_for(advisor).get(reverse("certificates:record", args=[dossier.pk]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.participant_id, entry.action, entry.user) == (
        dossier.participant_id,
        Kind.VIEW_CREDENTIALS,
        advisor,
    )


def test_the_persons_own_page_is_logged_on_their_file(client_for):
    qq = f.qq_organisation()
    user = UserFactory()
    participant = ParticipantFactory(organisation=qq, user=user)
    f.dossier(qq=qq, participant=participant)
    assert client_for(user).get(reverse("certificates:mine")).status_code == 200
    assert list(AccessLogEntry.objects.values_list("participant_id", "action")) == [
        (participant.pk, Kind.VIEW_RECOGNITIONS)
    ]
