import logging
import subprocess
import sys

from atout.common.logging import EventFormatter


def _record(**extra) -> logging.LogRecord:
    record = logging.makeLogRecord(
        {"name": "atout.x", "levelname": "ERROR", "msg": "render failed"}
    )
    record.__dict__.update(extra)
    return record


def test_event_fields_follow_the_message_as_json():
    line = EventFormatter("%(levelname)s %(name)s %(message)s").format(
        _record(event="render_failed", version=12, reason="boom «é»")
    )
    fields = '{"event": "render_failed", "reason": "boom «é»", "version": 12}'
    assert line == f"ERROR atout.x render failed {fields}"


def test_a_plain_message_stays_plain():
    assert EventFormatter("%(message)s").format(_record()) == "render failed"


def test_lockouts_are_logged(caplog):
    from axes.signals import user_locked_out

    with caplog.at_level("WARNING", logger="atout.accounts"):
        user_locked_out.send(sender=None, request=None, username="a@b.ca", ip_address="127.0.0.1")
    (record,) = [r for r in caplog.records if getattr(r, "event", "") == "lockout"]
    assert record.username == "a@b.ca"


def test_proxy_header_is_trusted_only_when_configured():
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    env_off = {"DJANGO_SETTINGS_MODULE": "atout.settings", "PATH": "/usr/bin:/bin"}
    env_on = {**env_off, "ATOUT_BEHIND_TLS_PROXY": "1"}
    run = [sys.executable, "-c", "import django; django.setup(); " + code]
    off = subprocess.run(run, env=env_off, capture_output=True, text=True)  # noqa: S603
    assert off.stdout.strip() == "None"
    on = subprocess.run(run, env=env_on, capture_output=True, text=True).stdout.strip()  # noqa: S603
    assert on == "('HTTP_X_FORWARDED_PROTO', 'https')"
