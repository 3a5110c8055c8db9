"""Certificates of professional qualification (CQP) and attestations of competency.

The minister issues them on the person's application (Act D-8.3, s. 25.7); Atout records what
was issued, with its legal basis and the competencies it covers, so the person sees their
recognitions. The fields follow what an Open Badges 3.0 credential needs (issuer, subject,
achievement alignment, issue date, identifier) so a later export needs no new data.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.participants.models import Participant
from atout.recognition.models import Dossier, DossierQuerySet
from atout.standards.models import Competency, Standard


class CredentialQuerySet(DossierQuerySet):
    scope = DossierQuerySet.scope
    scope_prefix = "dossier__"


class Credential(models.Model):
    """A CQP or an attestation issued to the person, as recorded by the advisor."""

    class Kind(models.TextChoices):
        CQP = "cqp", _("Certificate of professional qualification")
        ATTESTATION = "attestation", _("Attestation of competency")

    class LegalBasis(models.TextChoices):
        WORKPLACE = "1", _("Act D-8.3, s. 25.7, 1° (workplace apprenticeship)")
        COMMITTEE = "2", _("Act D-8.3, s. 25.7, 2° (confirmation by the committee)")
        RED_SEAL = "3", _("Act D-8.3, s. 25.7, 3° (Red Seal or out-of-province certificate)")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="credentials")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="credentials"
    )
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    issuer = models.CharField(
        _("issuer"), max_length=200, default="Ministère de l'Emploi et de la Solidarité sociale"
    )
    legal_basis = models.CharField(_("legal basis"), max_length=2, choices=LegalBasis.choices)
    competencies = models.ManyToManyField(
        Competency, related_name="+", verbose_name=_("competencies covered")
    )
    applied_on = models.DateField(_("application made on"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"))
    number = models.CharField(_("number"), max_length=50)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CredentialQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate or attestation")
        verbose_name_plural = _("certificates and attestations")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class ApplicationQuerySet(DossierQuerySet):
    scope = DossierQuerySet.scope
    scope_prefix = "dossier__"


class Application(models.Model):
    """The person's application to the ministry, once the committee confirmed (or, by route
    3°, straight after the relevance check). Recorded by the advisor; the credential issued
    later carries the same date."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="application")
    applied_on = models.DateField(_("application made on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application to the ministry")
        verbose_name_plural = _("applications to the ministry")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.applied_on}"
