import pytest
from django.urls import reverse

from atout.incidents.models import Incident
from atout.incidents.tests.factories import IncidentFactory, incident_data

pytestmark = pytest.mark.django_db


def test_the_person_in_charge_records_then_reads_an_incident(client_for, officer, organisation):
    client = client_for(officer)
    assert client.get(reverse("incidents:create")).status_code == 200
    response = client.post(reverse("incidents:create"), incident_data())
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:detail", args=[incident.pk])
    assert incident.organisation == organisation
    assert incident.persons_approximate is True
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Clé USB perdue" in page
    listing = client.get(reverse("incidents:list")).content.decode()
    assert "Clé USB perdue" in listing


def test_invalid_form_keeps_what_was_typed_with_a_french_message(client_for, officer):
    response = client_for(officer).post(
        reverse("incidents:create"),
        incident_data(information_involved="", learned_on="hier", circumstances="Mon texte"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Mon texte" in page
    assert "error-summary" in page
    assert not Incident.objects.exists()


def test_serious_risk_without_notices_says_so(client_for, officer, organisation):
    incident = IncidentFactory(organisation=organisation, serious_risk=Incident.SeriousRisk.YES)
    page = client_for(officer).get(reverse("incidents:detail", args=[incident.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'role="alert"' in text
    assert text.count("<li>") >= 2


def test_edit_with_a_stale_version_is_a_conflict(client_for, officer, organisation):
    incident = IncidentFactory(organisation=organisation)
    Incident.objects.filter(pk=incident.pk).update(version=2, measures="Déjà fait")
    response = client_for(officer).post(
        reverse("incidents:edit", args=[incident.pk]),
        incident_data(version="1", measures="Ma mesure"),
    )
    assert response.status_code == 409
    assert "Ma mesure" in response.content.decode()
    assert Incident.objects.get().measures == "Déjà fait"


def test_edit_saves_with_the_current_version(client_for, officer, organisation):
    incident = IncidentFactory(organisation=organisation)
    response = client_for(officer).post(
        reverse("incidents:edit", args=[incident.pk]),
        incident_data(version="1", cai_notified_on="2026-11-04", serious_risk="yes"),
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.version, incident.serious_risk) == (2, "yes")


def test_another_organisations_entry_is_404(client_for, other_officer, organisation):
    incident = IncidentFactory(organisation=organisation)
    client = client_for(other_officer)
    for name in ("incidents:detail", "incidents:edit"):
        assert client.get(reverse(name, args=[incident.pk])).status_code == 404
    assert "Courriel envoyé" not in client.get(reverse("incidents:list")).content.decode()


@pytest.mark.parametrize("role_fixture", ["org_admin", "counsellor", "participant_user"])
def test_other_roles_cannot_open_the_register(request, client_for, organisation, role_fixture):
    incident = IncidentFactory(organisation=organisation)
    client = client_for(request.getfixturevalue(role_fixture))
    assert client.get(reverse("incidents:list")).status_code == 403
    assert client.get(reverse("incidents:create")).status_code == 403
    assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 404


def test_platform_staff_read_every_register_filtered_but_do_not_write(
    client_for, platform_staff, organisation, other_organisation
):
    mine = IncidentFactory(organisation=organisation, title="Incident A")
    IncidentFactory(organisation=other_organisation, title="Incident B")
    client = client_for(platform_staff)
    everything = client.get(reverse("incidents:list")).content.decode()
    assert "Incident A" in everything and "Incident B" in everything
    filtered = client.get(reverse("incidents:list"), {"organisation": organisation.pk})
    assert "Incident A" in filtered.content.decode()
    assert "Incident B" not in filtered.content.decode()
    assert client.get(reverse("incidents:list"), {"organisation": "x<"}).status_code == 200
    assert client.get(reverse("incidents:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("incidents:edit", args=[mine.pk])).status_code == 403
    assert client.get(reverse("incidents:create")).status_code == 403


def test_anonymous_goes_to_login(client, organisation):
    incident = IncidentFactory(organisation=organisation)
    for url in (reverse("incidents:list"), reverse("incidents:detail", args=[incident.pk])):
        assert client.get(url).status_code == 302
