"""Writes of the dashboards app: the digest preference, and sending the daily digest.

The digest says how many reminders wait and links to the dashboard: no name, no file, only
the user's own first name in the greeting. Sending is idempotent per user and day: the
`DigestSent` row is written in the same transaction as the e-mail goes out, so a second run
(another worker, a retry, the command run twice) sends nothing.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from atout.accounts.models import User
from atout.accounts.scoping import user_memberships
from atout.dashboards.models import DigestPreference, DigestSent
from atout.dashboards.selectors import reminders

logger = logging.getLogger(__name__)


@transaction.atomic
def digest_preference_set(*, user: Any, daily: bool) -> DigestPreference:
    preference, _created = DigestPreference.objects.select_for_update().get_or_create(user=user)
    if preference.daily != daily:
        preference.daily = daily
        preference.full_clean()
        preference.save()
    return preference


def digest_wanted(user: Any) -> bool:
    return DigestPreference.objects.filter(user=user, daily=True).exists()


def digest_send(*, user: User, day: datetime.date | None = None) -> bool:
    """Send today's digest to one user if they asked for it, have reminders and did not get
    it yet today. True when an e-mail went out."""
    day = day or timezone.localdate()
    if not user.is_active or not user.email or not user_memberships(user):
        return False
    if DigestSent.objects.filter(user=user, day=day).exists():
        return False
    language = "en" if user.preferred_language == "en" else "fr-ca"
    with translation.override(language):
        found = reminders(user)  # its sentences in the user's language
        if not found.total:
            return False
        link = settings.ATOUT_PUBLIC_BASE_URL.rstrip("/") + (found.url or "/")
        context = {"first_name": user.get_short_name(), "reminders": found, "link": link}
        subject = render_to_string("dashboards/email/digest_subject.txt", context).strip()
        body = render_to_string("dashboards/email/digest_body.txt", context)
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, day=day, total=found.total)
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return False  # another worker sent it a moment ago
    logger.info(
        "digest sent", extra={"event": "digest_sent", "user": user.pk, "total": found.total}
    )
    return True


def digests_send_all(*, day: datetime.date | None = None) -> int:
    """Send the day's digest to every user who asked for it; the number of e-mails sent."""
    sent = 0
    users = User.objects.filter(digest_preference__daily=True, is_active=True).order_by("pk")
    for user in users.iterator():
        try:
            sent += digest_send(user=user, day=day)
        except Exception:  # noqa: BLE001 - one bad address must not stop the others
            logger.exception("digest failed", extra={"event": "digest_failed", "user": user.pk})
    return sent
