"""The CV: one per participant, its settings, and the content frozen when it is approved.

The CV itself is drawn from the evidence base each time it is shown (`selectors.cv_payload`);
what this model keeps is how to lay it out, where it stands (draft → approved → printed,
with the `DocumentState` values every document shows), and the exact payload the
participant approved, so that printing gives what they saw.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.documents.kinds import DocumentState
from atout.participants.models import ContactField, Participant, ParticipantChildQuerySet


class Cv(models.Model):
    class Layout(models.TextChoices):
        CHRONOLOGICAL = "chronological", _("Chronological (work history first)")
        FUNCTIONAL = "functional", _("Skills-based (skills first)")

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    class References(models.TextChoices):
        ON_REQUEST = "on_request", _("“Available on request”")
        LISTED = "listed", _("Listed (only references who agreed to it)")

    class MaxPages(models.IntegerChoices):
        ONE = 1, _("One page")
        TWO = 2, _("Two pages")

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="cv")
    layout = models.CharField(
        _("layout"), max_length=15, choices=Layout.choices, default=Layout.CHRONOLOGICAL
    )
    language = models.CharField(
        _("language of the CV"), max_length=2, choices=Language.choices, default="fr"
    )
    include_interests = models.BooleanField(_("include interests"), default=False)
    references = models.CharField(
        _("references"), max_length=12, choices=References.choices, default="on_request"
    )
    max_pages = models.PositiveSmallIntegerField(
        _("length"), choices=MaxPages.choices, default=MaxPages.TWO
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DocumentState.choices, default=DocumentState.DRAFT
    )
    # Exactly what prints once approved (one language, one layout, display-ready values).
    approved_payload = models.JSONField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_in_person = models.BooleanField(default=False)
    printed_at = models.DateTimeField(null=True, blank=True)
    # Contact details whose employer consent was withdrawn since the last approval.
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
        verbose_name = _("CV")
        verbose_name_plural = _("CVs")

    def __str__(self) -> str:
        return f"{self.participant} ({self.get_state_display()})"

    @property
    def is_approved(self) -> bool:
        """Approved (or printed since) with a frozen payload: what prints is what was approved."""
        return (
            self.state in (DocumentState.APPROVED, DocumentState.PRINTED)
            and self.approved_payload is not None
        )

    @property
    def awaits_approval(self) -> bool:
        return self.state in (DocumentState.DRAFT, DocumentState.READY, DocumentState.REAPPROVAL)

    @property
    def reapproval_details(self) -> list[str]:
        labels = dict(ContactField.choices)
        return [str(labels.get(field, field)) for field in self.reapproval_fields]
