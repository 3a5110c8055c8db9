"""The portfolio: one per person, a record of learning, experiences and achievements with
their proof, organised by competency, approved by the person and frozen for printing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.validators import no_control_characters
from atout.documents.kinds import DocumentState
from atout.participants.models import ContactField, Participant, ParticipantChildQuerySet

# What the selection can leave out, by kind of record (ids of the evidence base).
SELECTION_KINDS = ("achievement", "experience", "education", "certificate", "proof")


def empty_selection() -> dict[str, list[int]]:
    """Nothing left out: everything accepted prints, with its images."""
    return {kind: [] for kind in SELECTION_KINDS}


class Portfolio(models.Model):
    """What the person's portfolio includes, its cover, and the approved (frozen) content.

    The selection records what is *left out*, so a record accepted later is included
    without anyone having to tick it.
    """

    class Languages(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="portfolio"
    )
    cover_title = models.CharField(
        _("cover title"), max_length=120, blank=True, validators=[no_control_characters]
    )
    cover_subtitle = models.CharField(
        _("cover subtitle"), max_length=200, blank=True, validators=[no_control_characters]
    )
    language = models.CharField(
        _("language of the portfolio"), max_length=2, choices=Languages.choices, default="fr"
    )
    selection = models.JSONField(default=empty_selection, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=DocumentState.choices, default=DocumentState.DRAFT
    )
    # The display-ready content as approved: images by attachment id and digest, no bytes.
    approved_payload = models.JSONField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_in_person = models.BooleanField(default=False)
    printed_at = models.DateTimeField(null=True, blank=True)
    # Contact details whose employer consent was withdrawn since the approval.
    reapproval_fields = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")

    def __str__(self) -> str:
        return f"{self.participant} ({self.get_state_display()})"

    @property
    def is_approved(self) -> bool:
        return self.state in (DocumentState.APPROVED, DocumentState.PRINTED)

    @property
    def reapproval_details(self) -> list[str]:
        labels = dict(ContactField.choices)
        return [str(labels.get(field, field)) for field in self.reapproval_fields]

    def left_out(self, kind: str) -> set[int]:
        """Ids of `kind` the selection leaves out (malformed entries ignored)."""
        values = (self.selection or {}).get(kind) or []
        return {v for v in values if isinstance(v, int) and not isinstance(v, bool)}
