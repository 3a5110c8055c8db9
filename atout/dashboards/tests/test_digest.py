import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from atout.dashboards import services, tasks
from atout.dashboards.models import DigestSent
from atout.dashboards.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_request(deal, cle_agent):
    return builders.request(
        deal, cle_agent, status="sent", sent_days_ago=9, given_names="Ahmed", family_name="Benali"
    )


def test_digest_goes_once_a_day_with_a_count_and_a_link(counsellor, late_request):
    services.digest_preference_set(user=counsellor, daily=True)
    day = datetime.date(2026, 11, 30)
    assert services.digests_send_all(day=day) == 1
    assert services.digests_send_all(day=day) == 0  # idempotent per user and day
    (message,) = mail.outbox
    assert message.to == [counsellor.email]
    text = message.subject + message.body
    assert "1" in message.subject
    assert "/tableaux/organisme/" in message.body
    # No personal information: neither the person's names nor the counsellor's surname.
    for word in ["Benali", "Ahmed", counsellor.full_name.split(" ", 1)[1]]:
        assert word not in text
    assert counsellor.get_short_name() in message.body
    assert DigestSent.objects.get(user=counsellor).total == 1
    assert services.digests_send_all(day=day + datetime.timedelta(days=1)) == 1


def test_no_digest_without_the_preference_or_without_reminders(counsellor, cle_agent, deal):
    services.digest_preference_set(user=cle_agent, daily=True)
    assert services.digests_send_all() == 0  # nothing waiting
    builders.request(deal, cle_agent, status="sent", sent_days_ago=9)
    assert services.digests_send_all() == 1  # the agent; the counsellor did not ask
    assert mail.outbox[0].to == [cle_agent.email]


def test_a_failed_send_records_nothing_and_is_retried(counsellor, late_request, monkeypatch):
    services.digest_preference_set(user=counsellor, daily=True)

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(services, "send_mail", broken)
    assert services.digests_send_all() == 0
    assert not DigestSent.objects.exists()
    monkeypatch.undo()
    assert services.digests_send_all() == 1


def test_digest_in_english_for_an_english_speaker(counsellor, late_request):
    counsellor.preferred_language = "en"
    counsellor.save()
    services.digest_preference_set(user=counsellor, daily=True)
    services.digests_send_all()
    assert "Hello" in mail.outbox[0].body


def test_the_command_and_the_task_send_the_digests(counsellor, late_request):
    services.digest_preference_set(user=counsellor, daily=True)
    out = io.StringIO()
    call_command("send_digests", stdout=out)
    assert "1" in out.getvalue()
    assert len(mail.outbox) == 1
    # The task (immediate backend in tests) finds it already sent today.
    result = tasks.send_digests.enqueue()
    assert result.return_value == 0
    call_command("send_digests", "--enqueue", stdout=io.StringIO())
    assert len(mail.outbox) == 1
