import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from atout.common.errors import ConflictError
from atout.documents.kinds import DocumentState
from atout.letters import services
from atout.letters.models import CoverLetter
from atout.participants.models import Audience, ContactField
from atout.participants.services import consent_set


def _data(**overrides):
    return {
        "language": "fr",
        "employer_name": "Boulangerie Paillard",
        "body": "Je vous offre mes services.",
    } | overrides


def test_create_with_history(participant, counsellor):
    letter = services.letter_create(participant=participant, actor=counsellor, data=_data())
    assert letter.state == DocumentState.DRAFT and letter.version == 1
    assert letter.history.count() == 1


def test_participant_and_outsider_cannot_write(participant, participant_user, outsider):
    for user in (participant_user, outsider):
        with pytest.raises(PermissionDenied):
            services.letter_create(participant=participant, actor=user, data=_data())


def test_update_bumps_version_and_conflicts_with_someone_else(letter, counsellor, org_admin):
    saved = services.letter_update(
        letter=letter, actor=counsellor, data={"subject": "Offre"}, expected_version=1
    )
    assert saved.version == 2 and saved.history.count() == 2
    with pytest.raises(ConflictError) as error:
        services.letter_update(
            letter=letter, actor=org_admin, data={"subject": "Autre"}, expected_version=1
        )
    assert error.value.current.subject == "Offre"
    # The same person's stale form (autosave racing their own save) is not a conflict.
    again = services.letter_update(
        letter=letter, actor=counsellor, data={"subject": "Encore"}, expected_version=1
    )
    assert again.subject == "Encore"


def test_unchanged_form_touches_nothing(letter, counsellor):
    saved = services.letter_update(
        letter=letter, actor=counsellor, data={"body": letter.body}, expected_version=1
    )
    assert saved.version == 1 and saved.history.count() == 1


def test_approval_by_the_participant_freezes_the_payload(
    employer_consents, counsellor, participant_user
):
    letter = services.letter_create(participant=employer_consents, actor=counsellor, data=_data())
    with pytest.raises(PermissionDenied):  # the counsellor approves only "in person"
        services.letter_approve(letter=letter, actor=counsellor)
    approved = services.letter_approve(letter=letter, actor=participant_user)
    assert approved.state == DocumentState.APPROVED
    assert approved.approved_by == participant_user and not approved.approved_in_person
    assert approved.approved_payload["draft"] is False
    assert approved.approved_payload["contact"]["email"] == "emilie.gagnon@exemple.ca"
    assert approved.approved_payload["paragraphs"] == ["Je vous offre mes services."]
    with pytest.raises(ValidationError):
        services.letter_approve(letter=approved, actor=participant_user)


def test_approval_in_person_needs_a_body(letter, counsellor):
    CoverLetter.objects.filter(pk=letter.pk).update(body="  ")
    with pytest.raises(ValidationError):
        services.letter_approve(letter=letter, actor=counsellor, in_person=True)


def test_editing_an_approved_letter_needs_approval_again(letter, counsellor):
    approved = services.letter_approve(letter=letter, actor=counsellor, in_person=True)
    assert approved.approved_in_person
    same = services.letter_update(
        letter=approved, actor=counsellor, data={"body": approved.body}, expected_version=1
    )
    assert same.state == DocumentState.APPROVED  # nothing changed
    changed = services.letter_update(
        letter=approved, actor=counsellor, data={"body": "Nouveau texte."}, expected_version=1
    )
    assert changed.state == DocumentState.REAPPROVAL
    assert changed.approved_payload is None and changed.approved_at is None


def test_submit_print_and_delete_follow_the_state(letter, counsellor):
    with pytest.raises(ValidationError):
        services.letter_mark_printed(letter=letter, actor=counsellor)
    submitted = services.letter_submit(letter=letter, actor=counsellor)
    assert submitted.state == DocumentState.READY
    with pytest.raises(ValidationError):
        services.letter_submit(letter=letter, actor=counsellor)
    services.letter_approve(letter=letter, actor=counsellor, in_person=True)
    printed = services.letter_mark_printed(letter=letter, actor=counsellor)
    assert printed.state == DocumentState.PRINTED and printed.printed_at is not None
    with pytest.raises(ValidationError):
        services.letter_delete(letter=letter, actor=counsellor)
    assert CoverLetter.objects.filter(pk=letter.pk).exists()


def test_a_draft_is_deleted(letter, counsellor):
    services.letter_delete(letter=letter, actor=counsellor)
    assert not CoverLetter.objects.filter(pk=letter.pk).exists()


def test_withdrawn_consent_sends_an_approved_letter_back_for_approval(
    employer_consents, counsellor
):
    participant = employer_consents
    shows_email = services.letter_create(participant=participant, actor=counsellor, data=_data())
    services.letter_approve(letter=shows_email, actor=counsellor, in_person=True)
    services.letter_mark_printed(letter=shows_email, actor=counsellor)
    draft = services.letter_create(participant=participant, actor=counsellor, data=_data())

    consent_set(
        participant=participant,
        actor=counsellor,
        decisions={(ContactField.EMAIL, Audience.EMPLOYER): False},
    )

    shows_email.refresh_from_db()
    draft.refresh_from_db()
    assert shows_email.state == DocumentState.REAPPROVAL
    assert shows_email.approved_payload is None
    assert shows_email.reapproval_fields == ["email"]
    assert draft.state == DocumentState.DRAFT
    # Approved again, the frozen letter no longer shows the e-mail.
    again = services.letter_approve(letter=shows_email, actor=counsellor, in_person=True)
    assert "email" not in again.approved_payload["contact"]
    assert all("@" not in line for line in again.approved_payload["sender"]["lines"])


def test_withdrawing_another_detail_or_audience_changes_nothing(employer_consents, counsellor):
    participant = employer_consents
    letter = services.letter_create(participant=participant, actor=counsellor, data=_data())
    services.letter_approve(letter=letter, actor=counsellor, in_person=True)
    assert (
        services.letters_withdraw(participant=participant, audience=Audience.CLE, fields={"email"})
        == []
    )
    assert (
        services.letters_withdraw(
            participant=participant, audience=Audience.EMPLOYER, fields={"home_phone"}
        )
        == []
    )
    letter.refresh_from_db()
    assert letter.state == DocumentState.APPROVED
