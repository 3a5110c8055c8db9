"""Consents to communicate: the file's sharing is the union of the active ones."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atout.common.errors import ConflictError
from atout.disclosures import services
from atout.disclosures.models import Disclosure, Method, Purpose
from atout.participants.models import Participant, SharedPart
from atout.recognition.tests.factories import QualificationsFactory


def _record(actor, participant, recipient, parts, **kwargs):
    return services.disclosure_record(
        actor=actor,
        participant=participant,
        recipient=recipient,
        purpose=kwargs.pop("purpose", Purpose.RECOGNITION),
        parts=parts,
        method=kwargs.pop("method", Method.SIGNED_FORM),
        **kwargs,
    )


def test_recording_shares_the_consented_parts(counsellor, participant, qq):
    disclosure = _record(counsellor, participant, qq, ["evidence"])
    participant.refresh_from_db()
    assert participant.shared_with == qq
    assert participant.shared_parts == ["evidence"]
    assert disclosure.recorded_by == counsellor
    assert disclosure.history.count() == 1
    # The file's history says who changed its sharing.
    assert participant.history.first().history_user == counsellor


def test_parts_are_the_union_of_the_active_consents(counsellor, participant, qq):
    first = _record(counsellor, participant, qq, ["attachments"])
    _record(counsellor, participant, qq, ["evidence", "attachments"], method=Method.IN_PERSON)
    participant.refresh_from_db()
    assert participant.shared_parts == ["evidence", "attachments"]
    services.disclosure_withdraw(actor=counsellor, disclosure=first)
    participant.refresh_from_db()
    assert participant.shared_with == qq
    assert participant.shared_parts == ["evidence", "attachments"]


def test_withdrawing_the_last_consent_ends_the_sharing(
    counsellor, participant, participant_user, qq
):
    disclosure = _record(counsellor, participant, qq, list(SharedPart.values))
    withdrawn = services.disclosure_withdraw(actor=participant_user, disclosure=disclosure)
    participant.refresh_from_db()
    assert participant.shared_with is None
    assert participant.shared_parts == []
    assert withdrawn.withdrawn_by == participant_user
    assert withdrawn.withdrawn_at is not None
    # Kept, with its history: the person still sees the past consent.
    assert Disclosure.objects.filter(pk=disclosure.pk).exists()
    assert withdrawn.history.count() == 2
    assert withdrawn.history.first().history_user == participant_user
    assert not Participant.objects.visible_to(_advisor(qq)).filter(pk=participant.pk).exists()


def _advisor(qq):
    from atout.accounts.models import Role
    from atout.accounts.tests.factories import member

    return member(qq, Role.RECOGNITION_ADVISOR)


def test_withdrawing_twice_changes_nothing(counsellor, participant, qq):
    disclosure = _record(counsellor, participant, qq, ["evidence"])
    first = services.disclosure_withdraw(actor=counsellor, disclosure=disclosure)
    again = services.disclosure_withdraw(actor=counsellor, disclosure=first)
    assert again.withdrawn_at == first.withdrawn_at
    assert again.history.count() == 2


def test_a_stale_version_is_a_conflict(counsellor, participant, qq):
    disclosure = _record(counsellor, participant, qq, ["evidence"])
    with pytest.raises(ConflictError):
        services.disclosure_withdraw(
            actor=counsellor, disclosure=disclosure, expected_version=disclosure.version - 1
        )


def test_one_recipient_at_a_time(counsellor, participant, qq):
    _record(counsellor, participant, qq, ["evidence"])
    other = QualificationsFactory(name="Autre organisme")
    with pytest.raises(ValidationError):
        _record(counsellor, participant, other, ["evidence"])


@pytest.mark.parametrize(
    ("parts", "purpose", "text"),
    [
        ([], Purpose.RECOGNITION, ""),
        (["nonsense"], Purpose.RECOGNITION, ""),
        (["evidence"], Purpose.OTHER, "  "),
    ],
)
def test_refused_consents(counsellor, participant, qq, parts, purpose, text):
    with pytest.raises(ValidationError):
        _record(counsellor, participant, qq, parts, purpose=purpose, purpose_text=text)
    participant.refresh_from_db()
    assert participant.shared_with is None


def test_only_qualifications_quebec_receives_and_never_the_file_owner(
    counsellor, participant, organisation, other_organisation
):
    for recipient in (organisation, other_organisation):
        with pytest.raises(ValidationError):
            _record(counsellor, participant, recipient, ["evidence"])


def test_a_consent_cannot_be_dated_in_the_future(counsellor, participant, qq):
    with pytest.raises(ValidationError):
        _record(
            counsellor,
            participant,
            qq,
            ["evidence"],
            given_at=timezone.now() + datetime.timedelta(days=2),
        )


def test_another_organisations_counsellor_cannot_record_or_withdraw(
    outsider, counsellor, participant, qq
):
    with pytest.raises(PermissionDenied):
        _record(outsider, participant, qq, ["evidence"])
    disclosure = _record(counsellor, participant, qq, ["evidence"])
    with pytest.raises(PermissionDenied):
        services.disclosure_withdraw(actor=outsider, disclosure=disclosure)


def test_the_recipient_cannot_withdraw_or_record(counsellor, participant, qq, advisor):
    disclosure = _record(counsellor, participant, qq, ["evidence"])
    with pytest.raises(PermissionDenied):
        services.disclosure_withdraw(actor=advisor, disclosure=disclosure)
    with pytest.raises(PermissionDenied):
        _record(advisor, participant, qq, ["documents"])


def test_online_consent_only_from_the_persons_own_login(
    counsellor, participant, participant_user, qq
):
    with pytest.raises(PermissionDenied):
        services.disclosure_give_online(user=counsellor, participant=participant, recipient=qq)
    disclosure = services.disclosure_give_online(
        user=participant_user, participant=participant, recipient=qq
    )
    assert disclosure.method == Method.ONLINE
    assert disclosure.parts == list(SharedPart.values)


def test_hostile_purpose_text_is_kept_as_text(counsellor, participant, qq):
    text = "<script>alert(1)</script> #set page(width: 1pt) " + "é" * 900
    disclosure = _record(
        counsellor, participant, qq, ["evidence"], purpose=Purpose.OTHER, purpose_text=text
    )
    assert disclosure.purpose_text == text.strip()
    with pytest.raises(ValidationError):
        _record(
            counsellor,
            participant,
            qq,
            ["evidence"],
            purpose=Purpose.OTHER,
            purpose_text="x" * 1001,
        )
