"""Cover letters (lettres de présentation): several per participant, one per employer.

The sender block (name and the contact details employers may see) is not stored: it is built
from the file when a draft renders, and frozen with the rest in `approved_payload` when the
participant approves the letter, so the approved letter prints exactly what they approved.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.documents.kinds import DocumentState
from atout.participants.models import ContactField, Participant, ParticipantChildQuerySet

BODY_MAX = 8000


def _today() -> datetime.date:
    return timezone.localdate()


class CoverLetter(models.Model):
    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="cover_letters"
    )
    language = models.CharField(
        _("language of the letter"), max_length=2, choices=Language.choices, default="fr"
    )
    employer_name = models.CharField(_("employer"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    employer_address = models.TextField(_("employer's address"), max_length=600, blank=True)
    posting_title = models.CharField(_("job posted"), max_length=200, blank=True)
    posting_reference = models.CharField(_("posting reference"), max_length=100, blank=True)
    place = models.CharField(_("written in (city)"), max_length=100, blank=True)
    letter_date = models.DateField(_("date of the letter"), default=_today)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    salutation = models.CharField(_("salutation"), max_length=200, blank=True)
    body = models.TextField(_("body of the letter"), max_length=BODY_MAX, blank=True)
    closing = models.CharField(_("closing"), max_length=300, blank=True)
    signature_name = models.CharField(_("signature"), max_length=200, blank=True)

    state = models.CharField(
        _("state"), max_length=10, choices=DocumentState.choices, default=DocumentState.DRAFT
    )
    # What the participant approved, exactly as it prints (sender block included).
    approved_payload = models.JSONField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_in_person = models.BooleanField(default=False)
    printed_at = models.DateTimeField(null=True, blank=True)
    # Contact details whose employer consent was withdrawn after the approval.
    reapproval_fields = models.JSONField(default=list, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("cover letter")
        verbose_name_plural = _("cover letters")
        ordering = ["participant", "-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.employer_name

    @property
    def is_frozen(self) -> bool:
        """Approved or printed: downloads print the frozen payload."""
        return self.state in (DocumentState.APPROVED, DocumentState.PRINTED) and bool(
            self.approved_payload
        )

    @property
    def awaits_approval(self) -> bool:
        return self.state in (DocumentState.DRAFT, DocumentState.READY, DocumentState.REAPPROVAL)

    @property
    def subject_shown(self) -> str:
        """The subject as it prints: an empty one means the usual subject."""
        from atout.letters.selectors import default_subject

        return self.subject or default_subject(self.language, self.posting_title)

    @property
    def reapproval_details(self) -> list[str]:
        labels = dict(ContactField.choices)
        return [str(labels.get(field, field)) for field in self.reapproval_fields]
