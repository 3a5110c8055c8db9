import pytest
from django.core.exceptions import PermissionDenied

from atout.common.errors import ConflictError
from atout.participants import services
from atout.participants.models import Participant


@pytest.mark.django_db
def test_update_bumps_version_and_keeps_history(participant, counsellor):
    updated = services.participant_update(
        participant=participant,
        actor=counsellor,
        data={"objective": "Commis d'entrepôt"},
        expected_version=participant.version,
    )
    assert updated.version == participant.version + 1
    assert updated.history.count() == 2


@pytest.mark.django_db
def test_stale_version_is_a_conflict_and_changes_nothing(participant, counsellor):
    services.participant_update(
        participant=participant, actor=counsellor, data={"city": "Lévis"}, expected_version=1
    )
    with pytest.raises(ConflictError) as error:
        services.participant_update(
            participant=participant,
            actor=counsellor,
            data={"city": "Sherbrooke"},
            expected_version=1,
        )
    assert error.value.current.city == "Lévis"
    assert Participant.objects.get(pk=participant.pk).city == "Lévis"


@pytest.mark.django_db
def test_outsider_cannot_update(participant, outsider):
    with pytest.raises(PermissionDenied):
        services.participant_update(
            participant=participant, actor=outsider, data={"city": "X"}, expected_version=1
        )


@pytest.mark.django_db
def test_create_requires_the_capability_in_that_organisation(organisation, outsider):
    with pytest.raises(PermissionDenied):
        services.participant_create(
            organisation=organisation,
            actor=outsider,
            data={"given_names": "A", "family_name": "B"},
        )


@pytest.mark.django_db
def test_create_records_consents(organisation, counsellor):
    participant = services.participant_create(
        organisation=organisation,
        actor=counsellor,
        data={"given_names": "Lan", "family_name": "Nguyễn", "email": "lan@exemple.ca"},
        consents={("email", "employer"): True, ("home_phone", "employer"): False},
    )
    consents = list(participant.consents.values_list("field", "audience", "granted"))
    assert consents == [("email", "employer", True)]
    assert participant.search_text == "lan nguyen lan@exemple.ca"


@pytest.mark.django_db
def test_consent_withdrawal_is_dated_and_kept_in_history(participant, counsellor):
    services.consent_set(
        participant=participant, actor=counsellor, decisions={("email", "employer"): True}
    )
    first = participant.consents.get()
    changed = services.consent_set(
        participant=participant, actor=counsellor, decisions={("email", "employer"): False}
    )
    withdrawn = participant.consents.get()
    assert changed == 1
    assert withdrawn.granted is False
    assert withdrawn.decided_at >= first.decided_at
    assert withdrawn.history.count() == 2
    # Unchanged decisions do not touch the date.
    assert (
        services.consent_set(
            participant=participant, actor=counsellor, decisions={("email", "employer"): False}
        )
        == 0
    )


@pytest.mark.django_db
def test_closing_a_file_sets_its_closing_date(participant, counsellor):
    updated = services.participant_update(
        participant=participant,
        actor=counsellor,
        data={"status": Participant.Status.CLOSED},
        expected_version=participant.version,
    )
    assert updated.closed_on is not None


@pytest.mark.django_db
def test_note_is_locked_after_24_hours_and_for_other_authors(participant, counsellor, org_admin):
    from datetime import timedelta

    from django.utils import timezone

    note = services.note_add(participant=participant, author=counsellor, text="Premier contact")
    with pytest.raises(services.NoteLocked):
        services.note_update(note=note, actor=org_admin, text="x", expected_version=1)
    note = services.note_update(note=note, actor=counsellor, text="Corrigé", expected_version=1)
    assert note.version == 2
    with pytest.raises(ConflictError):
        services.note_update(note=note, actor=counsellor, text="y", expected_version=1)
    type(note).objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(hours=25))
    note.refresh_from_db()
    with pytest.raises(services.NoteLocked):
        services.note_update(note=note, actor=counsellor, text="z", expected_version=2)


@pytest.mark.django_db
def test_invitation_is_single_use(participant, counsellor, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            participant=participant, actor=counsellor, email="Emilie@Exemple.ca"
        )
    assert invitation.email == "emilie@exemple.ca"
    assert len(mail.outbox) == 1 and token in mail.outbox[0].body
    user = services.invitation_accept(raw_token=token, password="Un-mot-de-passe-2026")
    participant.refresh_from_db()
    assert participant.user == user
    with pytest.raises(services.InvitationError):
        services.invitation_accept(raw_token=token, password="Un-mot-de-passe-2026")
    assert services.invitation_find_usable(raw_token=token) is None


@pytest.mark.django_db(transaction=True)
def test_simultaneous_consent_saves_do_not_collide(participant, counsellor):
    """An autosave and a click saving the same new consent at once: one row, no error."""
    import threading

    from django.db import connection

    errors = []

    def save():
        try:
            services.consent_set(
                participant=participant, actor=counsellor, decisions={("email", "employer"): True}
            )
        except Exception as error:  # noqa: BLE001 (collect for the assertion)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if connection.vendor == "postgresql":
        assert errors == []
    assert participant.consents.filter(field="email", audience="employer").count() == 1
