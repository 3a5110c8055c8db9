"""What the dashboards keep of their own: who wants the daily digest, and which went out.

The dashboards themselves store nothing: every figure is computed from the referral loop's
records when the page opens. The digest holds no personal information (a count and a link);
`DigestSent` makes sending it idempotent per user and day, whichever worker runs it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestPreference(models.Model):
    """A staff user's choice to receive the daily reminder digest by e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    daily = models.BooleanField(_("send me a daily e-mail of my reminders"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {'daily' if self.daily else 'off'}"


class DigestSent(models.Model):
    """One digest sent to one user on one day (the unique pair makes sending idempotent)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    day = models.DateField()
    total = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_one_per_user_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
