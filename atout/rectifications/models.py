"""A person's request to correct information about them, and the organisation's answer.

Quebec's private-sector act (s. 27-32, as amended by Law 25) gives the person the right to
have inaccurate, incomplete or equivocal information corrected, and the organisation 30 days
to answer; a refusal gives its reason. The request names the field by a stable reference and
keeps the value the person saw, so it still reads after the record changes.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.validators import no_control_characters
from atout.participants.models import Participant, ParticipantChildQuerySet

# The law's deadline to answer a request (private-sector act, s. 32).
RESPONSE_DAYS = 30


def due_date(requested_at: datetime.datetime) -> datetime.date:
    return timezone.localdate(requested_at) + datetime.timedelta(days=RESPONSE_DAYS)


class RectificationRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting an answer")
        ACCEPTED = "accepted", _("Corrected")
        REFUSED = "refused", _("Refused")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="rectification_requests"
    )
    # The field asked about: `app_label.model`, the record's id and the field's name; empty
    # for « other information », which the counsellor corrects by hand.
    model_label = models.CharField(max_length=100, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    field_name = models.CharField(max_length=100, blank=True)
    field_label = models.CharField(_("information"), max_length=400)
    value_shown = models.TextField(_("value shown"), blank=True, max_length=10000)
    what_is_wrong = models.TextField(
        _("what is wrong"), max_length=2000, validators=[no_control_characters]
    )
    should_be = models.TextField(
        _("what it should be"), max_length=5000, blank=True, validators=[no_control_characters]
    )
    # Blank: a login may be deleted later (SET_NULL); the request stays valid.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("asked on"), default=timezone.now)
    due_on = models.DateField(_("answer due by"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    # Why a request was refused, or how a correction made by hand was made: the person reads it.
    reason = models.TextField(
        _("reason"), max_length=2000, blank=True, validators=[no_control_characters]
    )
    # Whether Atout changed the field itself (False: corrected by hand, or refused).
    applied = models.BooleanField(_("changed in the file"), default=False)
    applied_value = models.TextField(_("new value"), blank=True, max_length=10000)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="rectification_status_due")]

    def __str__(self) -> str:
        return self.field_label

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_other(self) -> bool:
        return not self.model_label

    @property
    def field_key(self) -> str:
        if self.is_other:
            return ""
        return f"{self.model_label}:{self.object_id}:{self.field_name}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_pending and (today or timezone.localdate()) > self.due_on

    def days_left(self, today: datetime.date | None = None) -> int:
        return (self.due_on - (today or timezone.localdate())).days
