import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from atout.common.errors import ConflictError
from atout.incidents import services
from atout.incidents.models import Incident
from atout.incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

DATA = {
    "title": "Dossier consulté sans raison",
    "information_involved": "Notes de suivi",
    "circumstances": "Un accès inhabituel a été vu dans le journal des consultations.",
    "occurred_from": datetime.date(2026, 9, 1),
    "learned_on": datetime.date(2026, 9, 10),
    "persons_concerned": 1,
    "serious_risk": Incident.SeriousRisk.PENDING,
}


def test_the_person_in_charge_records_an_incident_with_history(officer, organisation):
    incident = services.incident_create(organisation=organisation, actor=officer, data=DATA)
    assert incident.organisation == organisation
    assert incident.recorded_by == officer
    assert incident.history.get().history_user == officer


@pytest.mark.parametrize("role_fixture", ["org_admin", "counsellor", "platform_staff"])
def test_nobody_else_records_an_incident(request, organisation, role_fixture):
    actor = request.getfixturevalue(role_fixture)
    with pytest.raises(PermissionDenied):
        services.incident_create(organisation=organisation, actor=actor, data=DATA)
    assert not Incident.objects.exists()


def test_another_organisations_officer_cannot_record_for_this_one(other_officer, organisation):
    with pytest.raises(PermissionDenied):
        services.incident_create(organisation=organisation, actor=other_officer, data=DATA)


def test_information_or_why_not_is_required(officer, organisation):
    with pytest.raises(ValidationError) as error:
        services.incident_create(
            organisation=organisation, actor=officer, data={**DATA, "information_involved": ""}
        )
    assert "information_involved" in error.value.message_dict
    incident = services.incident_create(
        organisation=organisation,
        actor=officer,
        data={
            **DATA,
            "information_involved": "",
            "information_unknown_reason": "Le serveur compromis n’a pas encore été analysé.",
        },
    )
    assert incident.pk


def test_period_dates_and_public_notice_are_checked(officer, organisation):
    bad = {
        "occurred_to": datetime.date(2026, 8, 1),
        "learned_on": datetime.date.today() + datetime.timedelta(days=3),
        "public_notice_on": datetime.date(2026, 9, 12),
    }
    with pytest.raises(ValidationError) as error:
        services.incident_create(organisation=organisation, actor=officer, data={**DATA, **bad})
    assert {"occurred_to", "learned_on", "public_notice_reasons"} <= set(error.value.message_dict)


def test_update_keeps_each_version_and_refuses_a_stale_form(officer, organisation):
    incident = IncidentFactory(organisation=organisation)
    saved = services.incident_update(
        incident=incident,
        actor=officer,
        data={"measures": "Accès retirés.", "serious_risk": Incident.SeriousRisk.NO},
        expected_version=1,
    )
    assert saved.version == 2
    assert saved.history.count() == 2
    assert saved.history.first().history_user == officer
    with pytest.raises(ConflictError) as conflict:
        services.incident_update(
            incident=incident, actor=officer, data={"measures": "Autre"}, expected_version=1
        )
    assert conflict.value.current.measures == "Accès retirés."


def test_update_refused_to_another_organisations_officer(other_officer, organisation):
    incident = IncidentFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.incident_update(
            incident=incident, actor=other_officer, data={"measures": "x"}, expected_version=1
        )


def test_missing_notices_are_named_only_when_the_risk_is_serious():
    incident = IncidentFactory.build(serious_risk=Incident.SeriousRisk.NO)
    assert incident.missing_notices == []
    incident.serious_risk = Incident.SeriousRisk.YES
    assert len(incident.missing_notices) == 2
    incident.cai_notified_on = datetime.date(2026, 10, 4)
    incident.public_notice_on = datetime.date(2026, 10, 5)
    assert incident.missing_notices == []


def test_purge_deletes_old_entries_and_their_history(officer, organisation):
    old = services.incident_create(
        organisation=organisation,
        actor=officer,
        data={
            **DATA,
            "occurred_from": datetime.date(2020, 1, 5),
            "learned_on": datetime.date(2020, 1, 6),
            "title": "Ancien incident",
        },  # noqa: E501
    )
    services.incident_update(
        incident=old, actor=officer, data={"measures": "Texte confidentiel"}, expected_version=1
    )
    recent = IncidentFactory(organisation=organisation)
    assert services.incidents_purge(before=datetime.date(2021, 11, 30)) == 1
    assert list(Incident.objects.all()) == [recent]
    assert not Incident.history.filter(id=old.pk).exists()
    assert not Incident.history.filter(measures__contains="confidentiel").exists()
    assert services.incidents_purge(before=datetime.date(2021, 11, 30)) == 0


def test_scoping_officer_sees_own_register_staff_sees_all(
    officer, other_officer, platform_staff, organisation, other_organisation, org_admin
):
    mine = IncidentFactory(organisation=organisation)
    theirs = IncidentFactory(organisation=other_organisation)
    assert list(Incident.objects.visible_to(officer)) == [mine]
    assert list(Incident.objects.visible_to(other_officer)) == [theirs]
    assert set(Incident.objects.visible_to(platform_staff)) == {mine, theirs}
    assert not Incident.objects.visible_to(org_admin).exists()
