"""The recognition file link (issue 12) records its consent as a Disclosure."""

from __future__ import annotations

from django.urls import reverse

from atout.disclosures import services
from atout.disclosures.models import Disclosure, Method, Purpose
from atout.participants.tests.factories import ParticipantFactory
from atout.recognition import services as recognition
from atout.recognition.models import LinkRequest


def _linked(advisor, qq, participant, participant_user, parts=None):
    qq_file = ParticipantFactory(organisation=qq, given_names="Émilie", family_name="Gagnon")
    request = recognition.link_request(
        actor=advisor, participant=qq_file, email=participant_user.email
    )
    recognition.link_answer(user=participant_user, request=request, accept=True, parts=parts)
    qq_file.refresh_from_db()
    participant.refresh_from_db()
    return qq_file


def test_accepting_online_records_the_parts_chosen(
    client_for, advisor, qq, participant, participant_user
):
    qq_file = ParticipantFactory(organisation=qq)
    LinkRequest.objects.create(
        participant=qq_file, email=participant_user.email, requested_by=advisor
    )
    client = client_for(participant_user)
    page = client.get(reverse("recognition:my_links"))
    (pending,) = page.context["pending"]
    client.post(
        reverse("recognition:my_links"),
        {"request": pending.pk, "action": "accept", "parts_shown": "1", "parts": ["evidence"]},
    )
    disclosure = Disclosure.objects.get(participant=participant)
    assert disclosure.method == Method.ONLINE
    assert disclosure.purpose == Purpose.RECOGNITION
    assert disclosure.parts == ["evidence"]
    assert disclosure.recipient == qq
    participant.refresh_from_db()
    assert participant.shared_parts == ["evidence"]


def test_revoking_the_link_withdraws_the_consent(advisor, qq, participant, participant_user):
    qq_file = _linked(advisor, qq, participant, participant_user)
    assert participant.shared_parts == ["evidence", "documents", "attachments"]
    recognition.link_revoke(actor=advisor, participant=qq_file)
    disclosure = Disclosure.objects.get(participant=participant)
    assert disclosure.withdrawn_by == advisor
    participant.refresh_from_db()
    assert participant.shared_with is None


def test_withdrawing_the_consent_ends_the_link(advisor, qq, participant, participant_user):
    qq_file = _linked(advisor, qq, participant, participant_user, parts=["evidence"])
    disclosure = Disclosure.objects.get(participant=participant)
    services.disclosure_withdraw(actor=participant_user, disclosure=disclosure)
    qq_file.refresh_from_db()
    participant.refresh_from_db()
    assert qq_file.linked_file is None
    assert participant.shared_with is None
