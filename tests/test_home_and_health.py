"""The role-aware home page, the health check and the error pages."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse

from atout.accounts.models import Organisation, Role
from atout.accounts.tests.factories import OrganisationFactory, UserFactory, member
from atout.participants.tests.factories import ParticipantFactory

HOME = reverse("home")


# --- Health check --------------------------------------------------------------------------


def test_healthz_answers_ok(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_answers_503_when_the_database_fails(client, db):
    with mock.patch("atout.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.content != b"ok"


def test_healthz_needs_no_login_even_with_two_step_verification(client_for, org_admin, settings):
    settings.ATOUT_REQUIRE_2FA = True
    response = client_for(org_admin).get(reverse("healthz"))
    assert response.status_code == 200


# --- Home -------------------------------------------------------------------------------------


def test_anonymous_user_goes_to_login(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_counsellor_goes_to_caseload(client_for, counsellor):
    response = client_for(counsellor).get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:caseload")


def test_org_admin_goes_to_caseload(client_for, org_admin):
    assert client_for(org_admin).get(HOME)["Location"] == reverse("participants:caseload")


def test_cle_agent_goes_to_referred(client_for, cle_agent):
    response = client_for(cle_agent).get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:referred")


def test_participant_goes_to_my_file(client_for, participant_user):
    response = client_for(participant_user).get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:my_file")


@pytest.mark.parametrize(
    ("kind", "role", "start"),
    [
        (Organisation.Kind.QUALIFICATIONS, Role.RECOGNITION_ADVISOR, "recognition:list"),
        (Organisation.Kind.COMMITTEE, Role.COMMITTEE_EVALUATOR, "committees:inbox"),
    ],
)
def test_recognition_roles_start_from_their_dossiers(client_for, participant, kind, role, start):
    user = member(OrganisationFactory(kind=kind), role)
    response = client_for(user).get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse(start)
    page = client_for(user).get(reverse(start))
    assert page.status_code == 200
    assert participant.family_name not in page.content.decode()
    # Nor can they reach a file of an employability organisation.
    assert client_for(user).get(participant.get_absolute_url()).status_code == 404


def test_user_without_organisation_gets_the_placeholder(client_for, db):
    response = client_for(UserFactory()).get(HOME)
    assert response.status_code == 200
    assert response.context["is_recognition_advisor"] is False
    assert response.context["is_committee_evaluator"] is False


def test_staff_member_who_is_also_a_participant_goes_to_caseload(
    client_for, counsellor, other_organisation
):
    ParticipantFactory(organisation=other_organisation, user=counsellor)
    assert client_for(counsellor).get(HOME)["Location"] == reverse("participants:caseload")


# --- Error pages -------------------------------------------------------------------------------


def test_404_page_uses_the_site_template(client_for, counsellor):
    response = client_for(counsellor).get("/nulle-part/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]


def test_403_page_uses_the_site_template(client_for, cle_agent):
    response = client_for(cle_agent).get(reverse("participants:caseload"))
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
