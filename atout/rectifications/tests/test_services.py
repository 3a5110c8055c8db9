import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atout.evidence.models import Review
from atout.evidence.tests.factories import (
    AchievementFactory,
    CertificateFactory,
    EducationFactory,
    ExperienceFactory,
)
from atout.participants.models import Participant
from atout.participants.tests.factories import ParticipantFactory
from atout.rectifications import fields, selectors, services
from atout.rectifications.models import RectificationRequest
from atout.rectifications.tests.factories import RectificationFactory, overdue

pytestmark = pytest.mark.django_db


def _ask(participant, user, key, should_be="Gagnon-Roy", wrong="Il manque le trait d'union."):
    return services.rectification_request(
        participant=participant, actor=user, key=key, what_is_wrong=wrong, should_be=should_be
    )


def test_the_registry_lists_identity_and_each_evidence_record(participant):
    experience = ExperienceFactory(participant=participant, title="Commis d'épicerie")
    AchievementFactory(participant=participant)
    EducationFactory(participant=participant)
    CertificateFactory(participant=participant)
    ExperienceFactory(participant=participant, review=Review.PROPOSED)  # theirs to edit
    ExperienceFactory()  # someone else's
    groups = fields.items(participant)
    assert len(groups) == 5
    keys = [row.key for _heading, rows in groups for row in rows]
    assert f"participants.participant:{participant.pk}:family_name" in keys
    assert f"evidence.experience:{experience.pk}:title" in keys
    family = fields.resolve(participant, f"participants.participant:{participant.pk}:family_name")
    assert family.value == "Gagnon"
    assert (
        "Commis d'épicerie"
        in fields.resolve(participant, f"evidence.experience:{experience.pk}:title").label
    )


@pytest.mark.parametrize(
    "key",
    [
        "participants.participant:{other}:family_name",  # another person's file
        "participants.participant:{pk}:organisation_id",  # not in the registry
        "participants.participant:{pk}:search_text",
        "evidence.experience:999999:title",
        "participants.participant:{pk}",
        "participants.participant:١:family_name",  # a non-ASCII digit
        "",
    ],
)
def test_a_key_outside_the_registry_or_the_file_is_refused(participant, participant_user, key):
    other = ParticipantFactory()
    key = key.format(other=other.pk, pk=participant.pk)
    with pytest.raises(ValidationError) as error:
        _ask(participant, participant_user, key)
    assert "field" in error.value.message_dict
    assert not RectificationRequest.objects.exists()


def test_the_person_asks_and_the_request_keeps_what_they_saw(participant, participant_user):
    request = _ask(
        participant, participant_user, f"participants.participant:{participant.pk}:family_name"
    )
    assert request.status == RectificationRequest.Status.PENDING
    assert request.value_shown == "Gagnon"
    assert request.due_on == timezone.localdate(request.requested_at) + datetime.timedelta(days=30)
    assert request.history.first().history_user == participant_user
    assert request.field_key == f"participants.participant:{participant.pk}:family_name"


def test_a_second_request_on_a_pending_field_is_refused(participant, participant_user):
    key = f"participants.participant:{participant.pk}:family_name"
    _ask(participant, participant_user, key)
    with pytest.raises(ValidationError):
        _ask(participant, participant_user, key)
    _ask(participant, participant_user, fields.OTHER)
    _ask(participant, participant_user, fields.OTHER)  # other information: no field to match


def test_only_the_person_asks(participant, participant_user, counsellor):
    with pytest.raises(PermissionDenied):
        _ask(participant, counsellor, fields.OTHER)


def test_accepting_applies_the_value_with_history_and_tells_the_person(
    participant, participant_user, counsellor, django_capture_on_commit_callbacks
):
    request = _ask(
        participant, participant_user, f"participants.participant:{participant.pk}:family_name"
    )
    version = Participant.objects.get(pk=participant.pk).version
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.rectification_accept(
            request=request,
            actor=counsellor,
            expected_version=request.version,
            value="Gagnon-Roy",
            target_version=version,
        )
    participant.refresh_from_db()
    assert participant.family_name == "Gagnon-Roy"
    assert participant.version == version + 1
    assert "gagnon-roy" in participant.search_text
    latest = participant.history.first()
    assert latest.history_user == counsellor
    assert latest.history_change_reason == f"correction request {request.pk}"
    assert participant.history.all()[1].family_name == "Gagnon"  # the old value, kept
    assert decided.applied and decided.applied_value == "Gagnon-Roy"
    assert decided.status == RectificationRequest.Status.ACCEPTED
    assert decided.decided_by == counsellor
    (message,) = mail.outbox
    assert message.to == [participant_user.email]
    assert "Gagnon" not in message.body and "Gagnon" not in message.subject
    assert "/corrections/" in message.body


def test_the_counsellor_may_edit_the_value_and_it_is_validated(
    participant, participant_user, counsellor
):
    request = _ask(
        participant,
        participant_user,
        f"participants.participant:{participant.pk}:mobile_phone",
        should_be="418 555 0199",
    )
    with pytest.raises(ValidationError) as error:
        services.rectification_accept(
            request=request,
            actor=counsellor,
            expected_version=request.version,
            value="pas un numéro",
        )
    assert "value" in error.value.message_dict
    services.rectification_accept(
        request=request,
        actor=counsellor,
        expected_version=request.version,
        value="418 555-0199 poste 12",
    )
    participant.refresh_from_db()
    assert participant.mobile_phone == "4185550199 x12"
    request.refresh_from_db()
    assert request.applied_value == "418\u00a0555-0199, poste\u00a012"


def test_an_evidence_date_is_applied_through_the_model_rules(
    participant, participant_user, counsellor
):
    experience = ExperienceFactory(participant=participant, started_on=datetime.date(2024, 9, 1))
    key = f"evidence.experience:{experience.pk}:ended_on"
    request = _ask(participant, participant_user, key, should_be="2020-01-01")
    with pytest.raises(ValidationError):  # the end before the start: the model says no
        services.rectification_accept(
            request=request, actor=counsellor, expected_version=request.version, value="2020-01-01"
        )
    services.rectification_accept(
        request=request, actor=counsellor, expected_version=request.version, value="2025-06-30"
    )
    experience.refresh_from_db()
    assert experience.ended_on == datetime.date(2025, 6, 30)
    assert experience.version == 2
    assert experience.history.first().history_user == counsellor


def test_a_record_changed_since_the_page_opened_is_a_conflict(
    participant, participant_user, counsellor
):
    experience = ExperienceFactory(participant=participant, title="Commis")
    request = _ask(participant, participant_user, f"evidence.experience:{experience.pk}:title")
    type(experience).objects.filter(pk=experience.pk).update(version=5)
    with pytest.raises(services.ConflictError) as error:
        services.rectification_accept(
            request=request,
            actor=counsellor,
            expected_version=request.version,
            value="Commis d'épicerie",
            target_version=1,
        )
    assert error.value.current.pk == experience.pk
    request.refresh_from_db()
    assert request.is_pending


def test_corrected_by_hand_needs_a_note(participant, participant_user, counsellor):
    request = _ask(participant, participant_user, fields.OTHER)
    with pytest.raises(ValidationError) as error:
        services.rectification_accept(request=request, actor=counsellor, expected_version=1)
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError):  # nothing to apply a value to
        services.rectification_accept(
            request=request, actor=counsellor, expected_version=1, value="x"
        )
    done = services.rectification_accept(
        request=request, actor=counsellor, expected_version=1, note="Note du 3 mars corrigée."
    )
    assert done.status == RectificationRequest.Status.ACCEPTED and not done.applied


def test_refusing_needs_a_reason(participant, participant_user, counsellor):
    request = _ask(participant, participant_user, fields.OTHER)
    with pytest.raises(ValidationError) as error:
        services.rectification_refuse(
            request=request, actor=counsellor, expected_version=1, reason="   "
        )
    assert "reason" in error.value.message_dict
    refused = services.rectification_refuse(
        request=request, actor=counsellor, expected_version=1, reason="L'information est exacte."
    )
    assert refused.status == RectificationRequest.Status.REFUSED
    assert refused.history.first().history_user == counsellor


def test_no_double_decision(participant, participant_user, counsellor, org_admin):
    request = _ask(participant, participant_user, fields.OTHER)
    services.rectification_refuse(
        request=request, actor=counsellor, expected_version=1, reason="Exact."
    )
    with pytest.raises(services.AlreadyDecided):
        services.rectification_accept(
            request=request, actor=org_admin, expected_version=1, note="Corrigé."
        )
    with pytest.raises(services.AlreadyDecided):
        services.rectification_refuse(
            request=request, actor=org_admin, expected_version=2, reason="x"
        )


def test_a_stale_request_version_is_a_conflict(participant, counsellor):
    request = RectificationFactory(participant=participant)
    RectificationRequest.objects.filter(pk=request.pk).update(version=2)
    with pytest.raises(services.ConflictError):
        services.rectification_refuse(
            request=request, actor=counsellor, expected_version=1, reason="x"
        )


def test_another_organisation_cannot_see_or_decide(participant, outsider, cle_agent):
    request = RectificationFactory(participant=participant)
    assert selectors.pending_for(user=outsider) == []
    assert not RectificationRequest.objects.visible_to(outsider).exists()
    with pytest.raises(PermissionDenied):
        services.rectification_refuse(
            request=request, actor=outsider, expected_version=1, reason="x"
        )
    # The referring CLE sees the file but does not answer for it.
    assert selectors.pending_for(user=cle_agent) == []
    with pytest.raises(PermissionDenied):
        services.rectification_refuse(
            request=request, actor=cle_agent, expected_version=1, reason="x"
        )


def test_pending_requests_come_oldest_deadline_first(participant, counsellor):
    recent = RectificationFactory(participant=participant)
    late = overdue(participant)
    RectificationFactory(participant=participant, status=RectificationRequest.Status.REFUSED)
    assert selectors.pending_for(user=counsellor) == [late, recent]
    assert late.is_overdue() and not recent.is_overdue()
    assert selectors.pending_count(user=counsellor, participant=participant) == 2


def test_no_email_without_a_login(participant, counsellor, django_capture_on_commit_callbacks):
    request = RectificationFactory(participant=participant)
    with django_capture_on_commit_callbacks(execute=True):
        services.rectification_refuse(
            request=request, actor=counsellor, expected_version=1, reason="x"
        )
    assert mail.outbox == []


def test_the_demo_request_is_made_once(participant, participant_user):
    from atout.demo.rectifications import seed_rectifications

    seed_rectifications({"participant@atout.test": participant_user})
    seed_rectifications({"participant@atout.test": participant_user})
    (request,) = RectificationRequest.objects.all()
    assert request.field_name == "city" and request.is_pending
    seed_rectifications({})  # no demo participant: nothing, no error
