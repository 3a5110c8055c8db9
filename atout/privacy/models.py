"""The access log: who opened which person's file or document, and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atout.accounts.models import Role
from atout.accounts.scoping import ScopedQuerySet


class AccessLogQuerySet(ScopedQuerySet):
    # Only the serving organisation's admins read who opened a file.
    scope = {"organisation": frozenset({Role.ORG_ADMIN})}
    scope_prefix = "participant__"


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        VIEW_FILE = "view_file", _("Viewed the file")
        VIEW_HISTORY = "view_history", _("Viewed the history")
        VIEW_ATTACHMENT = "view_attachment", _("Opened a document")
        DOWNLOAD_ATTACHMENT = "download_attachment", _("Downloaded a document")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="access_log"
    )
    attachment = models.ForeignKey(
        "participants.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["participant", "-at"], name="accesslog_participant_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"
