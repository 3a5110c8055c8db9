import pytest
from django.core.exceptions import PermissionDenied

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
    with pytest.raises(services.ConflictError) as error:
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
