"""Security basics: login lockout, hashing, password rules, sessions, deploy settings, CSP."""

from __future__ import annotations

import json
import os
import re
import secrets
import string
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from atout.accounts.forms import SetPasswordForm
from atout.accounts.models import User
from atout.accounts.tests.factories import TEST_PASSWORD, UserFactory
from atout.participants import services as participant_services

ROOT = Path(__file__).resolve().parent.parent
LOGIN = reverse("accounts:login")

# --- helpers for settings read in a fresh interpreter (the test fixture changes some) -----

# Variables that would change what the production checks see; the subprocess starts clean.
_SETTINGS_VARS = (
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "ATOUT_HTTPS",
    "ATOUT_REQUIRE_2FA",
    "ATOUT_AXES_ENABLED",
    "ATOUT_SESSION_IDLE_SECONDS",
    "DJANGO_SETTINGS_MODULE",
)


def random_secret(length: int = 50) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def clean_env(**overrides: str) -> dict[str, str]:
    # The browser tests' process flag must not leak into a "production" process.
    ignored = {*_SETTINGS_VARS, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env["DJANGO_SETTINGS_MODULE"] = "atout.settings"
    env.update(overrides)
    return env


def production_env(**overrides: str) -> dict[str, str]:
    values = {"DEBUG": "0", "SECRET_KEY": random_secret(), "ALLOWED_HOSTS": "atout.example.org"}
    return clean_env(**{**values, **overrides})


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_in(env: dict[str, str], *names: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- django-axes lockout -----------------------------------------------------------------


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings


def bad_login(client, email: str):
    return client.post(LOGIN, {"username": email, "password": "not-the-password"})


def good_login(client, email: str):
    return client.post(LOGIN, {"username": email, "password": TEST_PASSWORD})


def test_axes_reads_our_login_field(axes_on):
    assert django_settings.AXES_USERNAME_FORM_FIELD == "username"
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert django_settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_five_bad_logins_lock_the_account(axes_on, client, counsellor):
    for _ in range(4):
        response = bad_login(client, counsellor.email)
        assert response.status_code == 200
    response = bad_login(client, counsellor.email)
    assert response.status_code == django_settings.AXES_HTTP_RESPONSE_CODE == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    attempt = AccessAttempt.objects.get()
    assert attempt.username == counsellor.email
    assert attempt.failures_since_start == 5

    # The right password is now refused too, and nobody is logged in.
    response = good_login(client, counsellor.email)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_lockout_ignores_case_and_spaces_in_the_email(axes_on, client, counsellor):
    variants = [
        counsellor.email.upper(),
        f"  {counsellor.email}",
        counsellor.email.title(),
        counsellor.email,
        counsellor.email.upper(),
    ]
    for email in variants:
        response = bad_login(client, email)
    assert response.status_code == 429
    assert good_login(client, counsellor.email).status_code == 429


def test_lockout_is_per_account(axes_on, client, counsellor, org_admin):
    for _ in range(5):
        bad_login(client, counsellor.email)
    response = good_login(client, org_admin.email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(org_admin.pk)


def test_success_before_the_limit_resets_the_count(axes_on, client, counsellor):
    for _ in range(4):
        bad_login(client, counsellor.email)
    assert good_login(client, counsellor.email).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert bad_login(client, counsellor.email).status_code == 200


def test_axes_backend_receives_the_request(axes_on, client, counsellor, monkeypatch):
    seen: list = []
    original = AxesStandaloneBackend.authenticate

    def spy(self, request, *args, **kwargs):
        seen.append(request)
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(AxesStandaloneBackend, "authenticate", spy)
    assert good_login(client, counsellor.email).status_code == 302
    assert len(seen) == 1
    assert isinstance(seen[0], HttpRequest)
    assert seen[0].path == LOGIN


# --- password hashing and validation -----------------------------------------------------


def test_argon2_is_the_first_hasher_in_real_settings():
    result = run_python(
        "import django; django.setup(); from django.conf import settings as s; "
        "from django.contrib.auth.hashers import make_password; "
        "print(s.PASSWORD_HASHERS[0]); print(make_password('Atout-demo-2026').split('$')[0])",
        clean_env(),
    )
    assert result.returncode == 0, result.stderr
    first, algorithm = result.stdout.split()
    assert first == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert algorithm == "argon2"


def form_errors(password: str, email: str = "emilie.gagnon@exemple.ca") -> list[str]:
    form = SetPasswordForm({"password1": password, "password2": password}, email=email)
    form.is_valid()
    return form.errors.get("password1", [])


@pytest.mark.parametrize(
    "password",
    [
        "password123",  # a common password
        "Court7!",  # shorter than 10 characters
        "12345678901234",  # digits only
        "emilie.gagnon",  # too close to the e-mail address
    ],
)
def test_password_validators_reject_weak_passwords(db, password):
    assert form_errors(password)


def test_password_validators_accept_a_strong_password(db):
    assert form_errors("Tournesol-Verger-2026") == []


def test_password_validators_are_configured(settings):
    names = [v["NAME"].rsplit(".", 1)[-1] for v in django_settings.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    assert django_settings.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"] >= 10


def test_invitation_page_refuses_a_weak_password(client, counsellor, participant):
    _invitation, token = participant_services.invitation_create(
        participant=participant, actor=counsellor, email="emilie.gagnon@exemple.ca"
    )
    url = reverse("participants:invitation_accept", kwargs={"token": token})
    response = client.post(url, {"password1": "password123", "password2": "password123"})
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="emilie.gagnon@exemple.ca").exists()


# --- sessions ----------------------------------------------------------------------------


def test_session_expires_after_thirty_idle_minutes():
    assert django_settings.SESSION_COOKIE_AGE == 1800
    # The expiry moves with activity through a middleware that writes at most once a minute.
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is False
    assert "atout.common.sessions.SessionTouchMiddleware" in django_settings.MIDDLEWARE
    assert django_settings.SESSION_COOKIE_HTTPONLY is True


def test_activity_pushes_the_expiry_back(client_for, counsellor):
    client = client_for(counsellor)
    # force_login leaves no touch stamp, so the next request writes (see test_sessions.py
    # for the once-a-minute rule).
    session = Session.objects.get(session_key=client.session.session_key)
    session.expire_date = timezone.now() + timedelta(minutes=1)
    session.save()
    assert client.get(reverse("participants:caseload")).status_code == 200
    session.refresh_from_db()
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_idle_session_is_logged_out(client_for, counsellor):
    client = client_for(counsellor)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("participants:caseload"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


# --- production settings -----------------------------------------------------------------


def test_check_deploy_is_clean_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
    assert "?: (" not in result.stdout + result.stderr


def test_check_deploy_catches_a_weak_secret():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(SECRET_KEY="short")
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret():
    result = run_manage("check", env=clean_env(DEBUG="0", ALLOWED_HOSTS="atout.example.org"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_the_dev_secret():
    from atout.settings import DEV_SECRET

    result = run_manage("check", env=clean_env(DEBUG="0", SECRET_KEY=DEV_SECRET))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_secret_can_come_from_a_file(tmp_path):
    secret_file = tmp_path / "secret"
    secret = random_secret()
    secret_file.write_text(secret + "\n", encoding="utf-8")
    env = clean_env(DEBUG="0", SECRET_KEY_FILE=str(secret_file), ALLOWED_HOSTS="atout.example.org")
    assert settings_in(env, "SECRET_KEY") == {"SECRET_KEY": secret}


def test_production_sets_secure_flags():
    values = settings_in(
        production_env(),
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "SESSION_COOKIE_AGE",
        "SESSION_SAVE_EVERY_REQUEST",
        "ATOUT_REQUIRE_2FA",
        "AXES_ENABLED",
        "PASSWORD_HASHERS",
    )
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SESSION_COOKIE_AGE"] == 1800
    assert values["SESSION_SAVE_EVERY_REQUEST"] is False
    # Two-factor is required of organisation admins by default in production.
    assert values["ATOUT_REQUIRE_2FA"] is True
    assert values["AXES_ENABLED"] is True
    assert values["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


def test_development_cookies_work_over_http():
    values = settings_in(clean_env(), "DEBUG", "SESSION_COOKIE_SECURE", "SECURE_SSL_REDIRECT")
    assert values == {"DEBUG": True, "SESSION_COOKIE_SECURE": False, "SECURE_SSL_REDIRECT": False}


def test_secure_cookie_flags_on_the_wire(settings, client, counsellor):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get(LOGIN, secure=True)
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = good_login_secure(client, counsellor.email)
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def good_login_secure(client, email: str):
    return client.post(LOGIN, {"username": email, "password": TEST_PASSWORD}, secure=True)


# --- Content Security Policy -------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, "Content-Security-Policy header missing"
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("who", ["anonymous", "counsellor"])
def test_csp_header_is_strict(client, counsellor, who):
    if who == "counsellor":
        client.force_login(counsellor)
        response = client.get(reverse("participants:caseload"))
    else:
        response = client.get(LOGIN)
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    header = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert "*" not in header


def test_rendered_page_has_no_inline_script(client, counsellor):
    client.force_login(counsellor)
    html = client.get(reverse("participants:caseload")).content.decode()
    for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S | re.I):
        assert "src=" in attrs and not body.strip()


TEMPLATES = sorted((ROOT / "atout").rglob("templates/**/*.html"))
TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.S)
EVENT_HANDLER = re.compile(r"\s(?:on[a-z]+|hx-on[:\-][\w:.\-]*)\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)


def test_there_are_templates_to_check():
    assert len(TEMPLATES) >= 10
    assert ROOT / "atout" / "templates" / "base.html" in TEMPLATES


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_keeps_csp_strict(path):
    text = path.read_text(encoding="utf-8")
    problems = []
    for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", text, flags=re.S | re.I):
        if "src=" not in attrs or body.strip():
            problems.append("inline <script> body")
    if re.search(r"<style\b", text, re.I):
        problems.append("<style> element")
    if re.search(r"javascript:", text, re.I):
        problems.append("javascript: URL")
    for tag in TAG.findall(text):
        if EVENT_HANDLER.search(tag):
            problems.append(f"event handler attribute in {tag[:80]!r}")
        if STYLE_ATTRIBUTE.search(tag):
            problems.append(f"style attribute in {tag[:80]!r}")
    assert not problems, problems


def test_htmx_does_not_inject_inline_styles_or_eval():
    base = (ROOT / "atout" / "templates" / "base.html").read_text(encoding="utf-8")
    match = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', base)
    assert match, "htmx-config meta missing"
    config = json.loads(match.group(1))
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False


def test_user_factory_uses_the_fast_hasher_in_tests(db):
    # Guard for the assumptions above: the autouse fixture switches hashing to MD5.
    assert UserFactory().password.startswith("md5$")
