"""Retention: what was destroyed (never its content), what is held, and what reports keep."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.models import Organisation
from atout.participants.models import Participant, ParticipantChildQuerySet


class FileStatistic(models.Model):
    """What reports need of a destroyed file, de-identified: no id of the person, no text.

    Dates are kept to the month; counts and outcomes are choice values only, so a total
    published before the destruction can still be produced after it.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    referring_cle = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("referring CLE"),
    )
    kind = models.CharField(_("kind of organisation"), max_length=20)
    opened_month = models.CharField(_("opened (month)"), max_length=7)
    closed_month = models.CharField(_("closed (month)"), max_length=7, blank=True)
    participations = models.PositiveIntegerField(default=0)
    service_requests = models.PositiveIntegerField(default=0)
    dossiers = models.PositiveIntegerField(default=0)
    # {"participation:completed": 1, "request:accepted": 1, "dossier:decided": 1, …}
    outcomes = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("statistics of a destroyed file")
        verbose_name_plural = _("statistics of destroyed files")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.opened_month}–{self.closed_month}"


class DestructionLogQuerySet(models.QuerySet):
    def visible_to(self, user, organisation: Organisation | None) -> DestructionLogQuerySet:
        """An organisation's rows to its admins and person in charge; platform-wide rows
        (sessions, task results…) only to platform staff."""
        if user.is_superuser or user.is_staff:
            return self if organisation is None else self.filter(organisation=organisation)
        if organisation is None:
            return self.none()
        return self.filter(organisation=organisation)


class DestructionLog(models.Model):
    """One line per rule, organisation and run: how many records of a kind went, and how
    many were held. Never the destroyed content, never a name; a file number only in the
    command's output."""

    class Action(models.TextChoices):
        DESTROY = "destroy", _("Destroyed")
        ANONYMISE = "anonymise", _("Anonymised")

    run_id = models.UUIDField(_("run"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    rule_key = models.CharField(_("rule"), max_length=60)
    record_kind = models.CharField(_("kind of record"), max_length=60)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    count = models.PositiveIntegerField(_("records"), default=0)
    held = models.PositiveIntegerField(_("held"), default=0)
    blocked = models.PositiveIntegerField(_("not destroyed (blocked)"), default=0)

    objects = DestructionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("destruction log entry")
        verbose_name_plural = _("destruction log")
        ordering = ["-at", "rule_key", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.rule_key} {self.count}"


class LegalHold(models.Model):
    """A file that must not be destroyed (a dispute, an access request in progress, an
    inquiry): the retention job skips it while the hold is active."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="legal_holds"
    )
    reason = models.TextField(_("reason"), max_length=2000)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed on"), default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(_("lifted on"), null=True, blank=True)
    lift_reason = models.TextField(_("reason for lifting"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(lifted_at__isnull=True),
                name="legalhold_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} ({self.placed_at:%Y-%m-%d})"

    @property
    def active(self) -> bool:
        return self.lifted_at is None
