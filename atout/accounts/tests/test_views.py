"""Views of accounts: login, logout, organisation switch, invitation, two-step verification."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from atout.accounts.middleware import ACTIVE_ORG_SESSION_KEY
from atout.accounts.models import Membership, Role, User
from atout.accounts.tests.factories import TEST_PASSWORD, OrganisationFactory
from atout.participants import services as participant_services
from atout.participants.models import ParticipantInvitation
from atout.participants.tests.factories import ParticipantFactory

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
NEW_PASSWORD = "Un-mot-de-passe-solide-2026"


# --- Login and logout ---------------------------------------------------------------------


def test_login_page_shows(client):
    assert client.get(LOGIN).status_code == 200


def test_login_with_good_password(client, counsellor):
    response = client.post(LOGIN, {"username": counsellor.email.upper(), "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(counsellor.pk)


def test_login_with_bad_password_keeps_email(client, counsellor):
    response = client.post(LOGIN, {"username": counsellor.email, "password": "mauvais"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert counsellor.email in response.content.decode()
    assert SESSION_KEY not in client.session


def test_logged_in_user_is_sent_home_from_login(client_for, counsellor):
    response = client_for(counsellor).get(LOGIN)
    assert response.status_code == 302


def test_logout_refuses_get(client_for, counsellor):
    client = client_for(counsellor)
    assert client.get(LOGOUT).status_code == 405
    assert client.session[SESSION_KEY] == str(counsellor.pk)


def test_logout_by_post(client_for, counsellor):
    client = client_for(counsellor)
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert SESSION_KEY not in client.session
    # The caseload now sends to the login page.
    assert client.get(reverse("participants:caseload")).status_code == 302


# --- Organisation switch -------------------------------------------------------------------------


@pytest.fixture
def two_org_counsellor(counsellor, other_organisation):
    Membership.objects.create(
        user=counsellor, organisation=other_organisation, role=Role.COUNSELLOR
    )
    return counsellor


def test_switch_to_another_of_my_organisations(
    client_for, two_org_counsellor, other_organisation, organisation
):
    mine = ParticipantFactory(organisation=other_organisation, counsellor=two_org_counsellor)
    client = client_for(two_org_counsellor)
    url = reverse("accounts:organisation_switch")
    response = client.post(url, {"organisation": other_organisation.pk})
    assert response.status_code == 302
    assert client.session[ACTIVE_ORG_SESSION_KEY] == other_organisation.pk
    caseload = client.get(reverse("participants:caseload"))
    assert [p.pk for p in caseload.context["caseload"].page.object_list] == [mine.pk]
    assert caseload.wsgi_request.organisation == other_organisation


def test_switch_to_an_organisation_i_do_not_belong_to_is_ignored(client_for, counsellor):
    foreign = OrganisationFactory()
    client = client_for(counsellor)
    response = client.post(reverse("accounts:organisation_switch"), {"organisation": foreign.pk})
    assert response.status_code == 302
    assert ACTIVE_ORG_SESSION_KEY not in client.session


def test_switch_with_garbage_is_ignored(client_for, counsellor):
    client = client_for(counsellor)
    response = client.post(reverse("accounts:organisation_switch"), {"organisation": "x"})
    assert response.status_code == 302
    assert ACTIVE_ORG_SESSION_KEY not in client.session


def test_switch_is_post_only_and_needs_login(client, client_for, counsellor):
    url = reverse("accounts:organisation_switch")
    assert client.post(url, {"organisation": 1})["Location"].startswith(LOGIN)
    assert client_for(counsellor).get(url).status_code == 405


# --- Invitation ----------------------------------------------------------------------------------


@pytest.fixture
def invitation(participant, counsellor):
    invitation, token = participant_services.invitation_create(
        participant=participant, actor=counsellor, email="emilie.gagnon@exemple.ca"
    )
    return invitation, reverse("participants:invitation_accept", kwargs={"token": token})


def test_invitation_page_shows_the_form(client, invitation):
    _invitation, url = invitation
    response = client.get(url)
    assert response.status_code == 200
    assert "form" in response.context


def test_accepting_sets_password_and_logs_in(client, invitation, participant):
    record, url = invitation
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:my_file")
    user = User.objects.get(email="emilie.gagnon@exemple.ca")
    assert user.check_password(NEW_PASSWORD)
    assert client.session[SESSION_KEY] == str(user.pk)
    participant.refresh_from_db()
    assert participant.user == user
    record.refresh_from_db()
    assert record.used_at is not None


def test_link_is_single_use(client, invitation):
    _record, url = invitation
    client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()
    assert client.get(url).status_code == 404
    again = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert again.status_code == 404
    assert User.objects.filter(email="emilie.gagnon@exemple.ca").count() == 1


def test_expired_link_is_404(client, invitation):
    record, url = invitation
    ParticipantInvitation.objects.filter(pk=record.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(url)
    assert response.status_code == 404
    assert "participants/invitation_invalid.html" in [t.name for t in response.templates]
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 404
    assert not User.objects.filter(email="emilie.gagnon@exemple.ca").exists()


def test_unknown_token_is_404(client, db):
    url = reverse("participants:invitation_accept", kwargs={"token": "pas-un-jeton"})
    assert client.get(url).status_code == 404


def test_new_invitation_cancels_the_previous_link(client, invitation, participant, counsellor):
    _record, first_url = invitation
    participant_services.invitation_create(
        participant=participant, actor=counsellor, email="emilie.gagnon@exemple.ca"
    )
    assert client.get(first_url).status_code == 404


def test_mismatched_passwords_keep_the_form(client, invitation):
    _record, url = invitation
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": "autre-chose-2026"})
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(email="emilie.gagnon@exemple.ca").exists()


def test_weak_password_is_refused(client, invitation):
    _record, url = invitation
    response = client.post(url, {"password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors


def test_invited_participant_sees_only_their_own_file(
    client, invitation, participant, organisation
):
    other = ParticipantFactory(organisation=organisation)
    _record, url = invitation
    client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    home = client.get(reverse("home"))
    assert home["Location"] == reverse("participants:my_file")
    my_file = client.get(reverse("participants:my_file"))
    assert my_file.status_code == 200
    assert my_file.context["participant"] == participant
    assert client.get(participant.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("participants:caseload")).status_code == 403


# --- Two-step verification ----------------------------------------------------------------------


def test_otp_setup_shows_a_qr_code(client_for, org_admin):
    response = client_for(org_admin).get(reverse("accounts:otp_setup"))
    assert response.status_code == 200
    assert response.context["qr_data_uri"].startswith("data:image/svg+xml;base64,")


def test_otp_setup_confirms_with_a_good_code(client_for, org_admin):
    client = client_for(org_admin)
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=org_admin)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    response = client.post(reverse("accounts:otp_setup"), {"token": code})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_otp_setup_refuses_a_bad_code(client_for, org_admin):
    client = client_for(org_admin)
    response = client.post(reverse("accounts:otp_setup"), {"token": "000000"})
    assert response.status_code == 200
    assert "token" in response.context["form"].errors


def test_user_with_a_device_must_verify(client_for, org_admin):
    TOTPDevice.objects.create(user=org_admin, name="Atout", confirmed=True)
    client = client_for(org_admin)
    response = client.get(reverse("participants:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    assert client.get(reverse("accounts:otp_verify")).status_code == 200


def test_otp_verify_ignores_an_outside_next(client_for, org_admin):
    device = TOTPDevice.objects.create(user=org_admin, name="Atout", confirmed=True)
    client = client_for(org_admin)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    response = client.post(
        reverse("accounts:otp_verify"), {"token": code, "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
