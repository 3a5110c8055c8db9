"""The session row is written at most once a minute; 30 idle minutes still log out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atout.common import sessions

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


class Clock:
    """A clock the test moves by hand (no clock library in the dependencies)."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock(timezone.now().timestamp())
    monkeypatch.setattr(sessions, "_now", fake)
    return fake


def session_writes(client, url: str) -> int:
    """Requests `url` and counts the statements that write the session table."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(
        1
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_no_write_within_a_minute_then_one_after(client_for, counsellor, clock):
    client = client_for(counsellor)
    url = reverse("participants:caseload")
    # force_login wrote the row without a touch stamp: the first page stamps it.
    assert session_writes(client, url) == 1
    first = expiry(client)
    clock.now += 30
    assert session_writes(client, url) == 0
    clock.now += 29
    assert session_writes(client, url) == 0
    assert expiry(client) == first
    clock.now += 1  # a minute since the last write
    assert session_writes(client, url) == 1
    assert session_writes(client, url) == 0


def test_the_write_pushes_the_expiry_back_thirty_minutes(client_for, counsellor, clock):
    client = client_for(counsellor)
    client.get(reverse("participants:caseload"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    clock.now += 61
    assert client.get(reverse("participants:caseload")).status_code == 200
    remaining = expiry(client) - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_thirty_idle_minutes_still_log_out(client_for, counsellor, clock):
    client = client_for(counsellor)
    client.get(reverse("participants:caseload"))
    # Activity within the minute wrote nothing, so the expiry still counts from the last
    # write: 30 minutes after it the session is gone.
    clock.now += 20
    client.get(reverse("participants:caseload"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("participants:caseload"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_anonymous_visitors_get_no_session(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert not Session.objects.exists()
