"""TOTP two-factor: enrolment, the verification step after login, and the admin requirement."""

import re
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from atout.accounts.tests.factories import TEST_PASSWORD

SETUP = reverse("accounts:otp_setup")
VERIFY = reverse("accounts:otp_verify")
LOGIN = reverse("accounts:login")


def code_for(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    right = int(code_for(device))
    return f"{(right + 500_000) % 10**device.digits:0{device.digits}d}"


@pytest.fixture
def confirmed_device(counsellor):
    return TOTPDevice.objects.create(user=counsellor, name="Atout", confirmed=True)


def password_login(client, user, next_url=None):
    data = {"username": user.email, "password": TEST_PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


# Enrolment


def test_setup_page_shows_qr_code_as_data_uri(client_for, counsellor):
    client = client_for(counsellor)
    response = client.get(SETUP)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html)
    device = TOTPDevice.objects.get(user=counsellor)
    assert not device.confirmed


def test_setup_page_keeps_the_same_secret_on_reload(client_for, counsellor):
    client = client_for(counsellor)
    client.get(SETUP)
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=counsellor).count() == 1


def test_staff_user_enrols_with_a_valid_code(client_for, counsellor):
    client = client_for(counsellor)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=counsellor)
    response = client.post(SETUP, {"token": code_for(device)})
    assert response.status_code == 302
    assert response.url == reverse("home")
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    # The next page load is verified and not sent back to the code page.
    response = client.get(reverse("participants:caseload"))
    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()


def test_enrolment_refuses_a_wrong_code(client_for, counsellor):
    client = client_for(counsellor)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=counsellor)
    response = client.post(SETUP, {"token": wrong_code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_re_enrolment_replaces_the_old_device(client_for, counsellor, confirmed_device):
    client = client_for(counsellor)
    client.post(VERIFY, {"token": code_for(confirmed_device)})
    client.get(SETUP)
    pending = TOTPDevice.objects.get(user=counsellor, confirmed=False)
    client.post(SETUP, {"token": code_for(pending)})
    assert list(TOTPDevice.objects.filter(user=counsellor)) == [pending]


def test_setup_requires_login(client):
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


# The requirement for organisation admins


@pytest.mark.parametrize("url", [reverse("home"), reverse("participants:caseload")])
def test_org_admin_without_device_is_sent_to_setup(settings, client_for, org_admin, url):
    settings.ATOUT_REQUIRE_2FA = True
    response = client_for(org_admin).get(url)
    assert response.status_code == 302
    assert response.url == SETUP


def test_org_admin_may_open_setup_and_log_out(settings, client_for, org_admin):
    settings.ATOUT_REQUIRE_2FA = True
    client = client_for(org_admin)
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_org_admin_passes_after_enrolling(settings, client_for, org_admin):
    settings.ATOUT_REQUIRE_2FA = True
    client = client_for(org_admin)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=org_admin)
    client.post(SETUP, {"token": code_for(device)})
    assert client.get(reverse("participants:caseload")).status_code == 200


def test_superuser_without_device_is_sent_to_setup(settings, client_for, db):
    from atout.accounts.tests.factories import UserFactory

    settings.ATOUT_REQUIRE_2FA = True
    admin = UserFactory(is_staff=True, is_superuser=True)
    response = client_for(admin).get("/admin/")
    assert response.status_code == 302
    assert response.url == SETUP


def test_counsellor_without_device_is_not_sent_to_setup(settings, client_for, counsellor):
    settings.ATOUT_REQUIRE_2FA = True
    response = client_for(counsellor).get(reverse("participants:caseload"))
    assert response.status_code == 200


def test_org_admin_is_not_forced_when_requirement_is_off(settings, client_for, org_admin):
    settings.ATOUT_REQUIRE_2FA = False
    response = client_for(org_admin).get(reverse("participants:caseload"))
    assert response.status_code == 200


# Verification after password login


def test_password_login_leads_to_verification(client, counsellor, confirmed_device):
    response = password_login(client, counsellor)
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert client.get(reverse("participants:caseload")).url.startswith(VERIFY)


def test_verification_passes_with_correct_code(client, counsellor, confirmed_device):
    password_login(client, counsellor)
    caseload = reverse("participants:caseload")
    response = client.post(VERIFY, {"token": code_for(confirmed_device), "next": caseload})
    assert response.status_code == 302
    assert response.url == caseload
    response = client.get(caseload)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()


def test_verification_fails_with_wrong_code(client, counsellor, confirmed_device):
    password_login(client, counsellor)
    response = client.post(VERIFY, {"token": wrong_code_for(confirmed_device)})
    assert response.status_code == 200
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("participants:caseload")).url.startswith(VERIFY)


def test_verification_refuses_non_digits(client, counsellor, confirmed_device):
    password_login(client, counsellor)
    response = client.post(VERIFY, {"token": "abcdef"})
    assert response.status_code == 200
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_code_cannot_be_used_twice(client, counsellor, confirmed_device):
    code = code_for(confirmed_device)
    password_login(client, counsellor)
    client.post(VERIFY, {"token": code})
    client.post(reverse("accounts:logout"))
    password_login(client, counsellor)
    response = client.post(VERIFY, {"token": code})
    assert response.status_code == 200
    assert DEVICE_ID_SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "https://evil.example/compte/",
        "//evil.example",
        "///evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
)
def test_verify_next_does_not_allow_open_redirects(client, counsellor, confirmed_device, target):
    password_login(client, counsellor)
    response = client.post(f"{VERIFY}?next={target}", {"token": code_for(confirmed_device)})
    assert response.status_code == 302
    assert response.url == "/"
    # Already verified: the GET shortcut must not redirect off-site either.
    response = client.get(VERIFY, {"next": target})
    assert response.status_code == 302
    assert response.url == "/"


def test_verify_page_does_not_echo_an_unsafe_next(client, counsellor, confirmed_device):
    password_login(client, counsellor)
    response = client.get(VERIFY, {"next": "https://evil.example"})
    assert response.status_code == 200
    assert response.context["next"] == "/"
    assert b'value="https://evil.example"' not in response.content


def test_login_next_survives_verification(client, counsellor, confirmed_device):
    caseload = reverse("participants:caseload")
    response = password_login(client, counsellor, next_url=caseload)
    assert response.url == caseload
    response = client.get(caseload)
    assert response.url == f"{VERIFY}?{urlencode({'next': caseload})}"
    response = client.post(response.url, {"token": code_for(confirmed_device)})
    assert response.url == caseload


def test_user_without_device_is_not_asked_for_a_code(client, counsellor):
    response = password_login(client, counsellor)
    response = client.get(response.url, follow=True)
    assert response.status_code == 200
    assert not response.redirect_chain or all(
        not url.startswith(VERIFY) for url, _status in response.redirect_chain
    )


def test_unverified_user_cannot_replace_their_device(client, counsellor, confirmed_device):
    # Knowing only the password must not let anyone enrol a new authenticator: that
    # would delete the real one and skip the second factor.
    password_login(client, counsellor)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    rogue = TOTPDevice.objects.create(user=counsellor, name="Atout", confirmed=False)
    response = client.post(SETUP, {"token": code_for(rogue)})
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    confirmed_device.refresh_from_db()
    rogue.refresh_from_db()
    assert confirmed_device.confirmed
    assert not rogue.confirmed
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_verified_user_may_replace_their_device(client, counsellor, confirmed_device):
    password_login(client, counsellor)
    client.post(VERIFY, {"token": code_for(confirmed_device)})
    assert client.get(SETUP).status_code == 200


def test_verify_redirect_keeps_the_whole_path_encoded(client, counsellor, confirmed_device):
    password_login(client, counsellor)
    response = client.get("/dossiers/%26next%3Dhttps%3A%2F%2Fevil.example/", {"q": "a b"})
    assert response.status_code == 302
    assert response.url.startswith(f"{VERIFY}?next=")
    query = response.url.split("?", 1)[1]
    assert QueryDict(query).getlist("next") == ["/dossiers/&next%3Dhttps://evil.example/?q=a+b"]
    # After the code, the person lands back on the same site.
    response = client.post(response.url, {"token": code_for(confirmed_device)})
    assert response.url == "/dossiers/&next%3Dhttps://evil.example/?q=a+b"
