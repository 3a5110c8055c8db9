"""The register of confidentiality incidents (Quebec's Law 25, s. 3.8, and its Regulation).

Every incident is recorded, even one without a risk of serious injury. A row holds the eight
items the Regulation lists, written by the organisation's person in charge of the protection
of personal information; it names no file and keeps no personal data beyond what they write.
Rows are kept five years after the organisation learned of the incident
(`incidents.services.incidents_purge`, called by the retention job).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.models import Organisation, Role
from atout.accounts.scoping import ScopedQuerySet


class IncidentQuerySet(ScopedQuerySet):
    # The organisation's person in charge keeps its register; platform staff oversee every
    # organisation's register (read only, see services).
    scope = {"organisation": frozenset({Role.PRIVACY_OFFICER})}

    def visible_to(self, user: Any) -> ScopedQuerySet:
        if getattr(user, "is_authenticated", False) and user.is_active and user.is_staff:
            return self.all()
        return super().visible_to(user)


class Incident(models.Model):
    class SeriousRisk(models.TextChoices):
        PENDING = "pending", _("Not assessed yet")
        YES = "yes", _("Yes: risk of serious injury")
        NO = "no", _("No risk of serious injury")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="incidents",
        verbose_name=_("organisation"),
    )
    title = models.CharField(
        _("short description"),
        max_length=200,
        help_text=_("A few words to find the incident in the register, without any name."),
    )
    # 1. The personal information involved, or why it cannot be described.
    information_involved = models.TextField(
        _("personal information involved"),
        blank=True,
        help_text=_("Which kinds of information: identity, contact details, notes, documents…"),
    )
    information_unknown_reason = models.TextField(
        _("why the information cannot be described"), blank=True
    )
    # 2. The circumstances.
    circumstances = models.TextField(_("circumstances of the incident"))
    # 3. The date or period of the incident (approximate if unknown).
    occurred_from = models.DateField(_("date of the incident (or start of the period)"))
    occurred_to = models.DateField(_("end of the period"), null=True, blank=True)
    occurred_approximate = models.BooleanField(_("the date is approximate"), default=False)
    # 4. When the organisation learned of it.
    learned_on = models.DateField(_("date the organisation learned of it"))
    # 5. The number of persons concerned (approximate if unknown).
    persons_concerned = models.PositiveIntegerField(_("number of persons concerned"))
    persons_approximate = models.BooleanField(_("the number is approximate"), default=False)
    # 6. The assessment of the risk of serious injury and its conclusion.
    risk_sensitivity = models.TextField(_("sensitivity of the information"), blank=True)
    risk_malicious_uses = models.TextField(_("possible malicious uses"), blank=True)
    risk_consequences = models.TextField(_("foreseeable consequences"), blank=True)
    risk_likelihood = models.TextField(_("likelihood of injury"), blank=True)
    serious_risk = models.CharField(
        _("risk of serious injury"),
        max_length=10,
        choices=SeriousRisk.choices,
        default=SeriousRisk.PENDING,
    )
    # 7. The notices: to the Commission d'accès à l'information, to the persons, to the public.
    cai_notified_on = models.DateField(
        _("notice sent to the Commission d’accès à l’information on"), null=True, blank=True
    )
    persons_notified_on = models.DateField(
        _("notice sent to the persons concerned on"), null=True, blank=True
    )
    public_notice_on = models.DateField(_("public notice given on"), null=True, blank=True)
    public_notice_reasons = models.TextField(_("why a public notice was given"), blank=True)
    # 8. The measures taken to reduce the risk of injury.
    measures = models.TextField(_("measures taken"), blank=True)

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded on"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("confidentiality incident")
        verbose_name_plural = _("confidentiality incidents")
        ordering = ["-learned_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.information_involved.strip() and not self.information_unknown_reason.strip():
            errors["information_involved"] = _(
                "Describe the information involved, or say why it cannot be described."
            )
        today = timezone.localdate()
        if self.occurred_to and self.occurred_from and self.occurred_to < self.occurred_from:
            errors["occurred_to"] = _("The end of the period comes before its start.")
        for name in (
            "occurred_from",
            "learned_on",
            "cai_notified_on",
            "persons_notified_on",
            "public_notice_on",
        ):
            value = getattr(self, name)
            if value is not None and value > today:
                errors[name] = _("This date is in the future.")
        if self.public_notice_on and not self.public_notice_reasons.strip():
            errors["public_notice_reasons"] = _("Say why a public notice was given.")
        if errors:
            raise ValidationError(errors)

    @property
    def missing_notices(self) -> list[str]:
        """What the law requires and the register does not show yet (serious risk only)."""
        if self.serious_risk != self.SeriousRisk.YES:
            return []
        missing = []
        if self.cai_notified_on is None:
            missing.append(
                str(
                    _(
                        "No notice to the Commission d’accès à l’information is recorded. "
                        "With a risk of serious injury, the law requires it promptly."
                    )
                )
            )
        if self.persons_notified_on is None and self.public_notice_on is None:
            missing.append(
                str(
                    _(
                        "No notice to the persons concerned (nor a public notice) is recorded. "
                        "With a risk of serious injury, the law requires it promptly."
                    )
                )
            )
        return missing

    @property
    def period(self) -> str:
        """The date or period, as the register shows it."""
        start = self.occurred_from.isoformat()
        text = f"{start} – {self.occurred_to.isoformat()}" if self.occurred_to else start
        if self.occurred_approximate:
            return str(_("%(period)s (approximate)") % {"period": text})
        return text
