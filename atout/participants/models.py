"""The participant file: identity, consented contact details, journal and attachments."""

from __future__ import annotations

import unicodedata
import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.models import Organisation, Role
from atout.accounts.scoping import ScopedQuerySet

_FILE_ROLES = frozenset({Role.ORG_ADMIN, Role.COUNSELLOR, Role.RECOGNITION_ADVISOR})
_REFERRAL_ROLES = frozenset({Role.CLE_AGENT})
_SHARED_ROLES = frozenset({Role.RECOGNITION_ADVISOR})
# What Qualifications Québec may do, with the person's consent, in a file it does not own:
# read it (the evidence base and documents reused for a recognition dossier), never write.
SHARED_FILE_CAPABILITIES = frozenset(
    {"participant.view", "attachment.view", "passport.view", "document.view"}
)


class SharedPart(models.TextChoices):
    """What the person consented to communicate to the organisation a file is shared with."""

    EVIDENCE = "evidence", _("Experiences, achievements and education")
    DOCUMENTS = "documents", _("Approved documents (Passeport-emploi, CV…)")
    ATTACHMENTS = "attachments", _("Documents and proofs on file")


# The receiving side sees the identity of the file, and of the rest only what was consented.
_PART_CAPABILITIES = {
    SharedPart.EVIDENCE: "passport.view",
    SharedPart.DOCUMENTS: "document.view",
    SharedPart.ATTACHMENTS: "attachment.view",
}


def shared_file_capabilities(participant: Any) -> frozenset[str]:
    """The most the organisation a file is shared with may do in it: read the consented parts."""
    parts = getattr(participant, "shared_parts", None) or []
    return (
        frozenset(
            {"participant.view"}
            | {cap for part, cap in _PART_CAPABILITIES.items() if part in parts}
        )
        & SHARED_FILE_CAPABILITIES
    )


def search_key(text: str) -> str:
    """Lower-case, accent-free form used for caseload search on every database."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


class ParticipantQuerySet(ScopedQuerySet):
    scope = {
        "organisation": _FILE_ROLES,
        "referring_cle": _REFERRAL_ROLES,
        "shared_with": _SHARED_ROLES,
    }
    scope_limits = {"shared_with": shared_file_capabilities}
    owner_field = "user"


class ParticipantChildQuerySet(ScopedQuerySet):
    scope = ParticipantQuerySet.scope
    scope_limits = ParticipantQuerySet.scope_limits
    owner_field = ParticipantQuerySet.owner_field
    scope_prefix = "participant__"


class Participant(models.Model):
    """A person served by an employability organisation or Qualifications Québec (one file
    per person and organisation). A recognition candidate's file belongs to Qualifications
    Québec; it is linked to the person's file elsewhere only with their recorded consent."""

    class LinkConsent(models.TextChoices):
        SIGNED_FORM = "signed_form", _("Signed consent form")
        IN_PERSON = "in_person", _("Given in person, noted by the advisor")
        ONLINE = "online", _("Given by the person from their own account")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="participants",
        limit_choices_to={
            "kind__in": [Organisation.Kind.EMPLOYABILITY, Organisation.Kind.QUALIFICATIONS]
        },
        verbose_name=_("organisation"),
    )
    # Set on a file only while the person consents to Qualifications Québec reading it (their
    # passport's evidence base reused for a recognition dossier); read-only to that party.
    shared_with = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="shared_participants",
        limit_choices_to={"kind": Organisation.Kind.QUALIFICATIONS},
        null=True,
        blank=True,
        verbose_name=_("shared with"),
    )
    # On a Qualifications Québec file: the person's file in an employability organisation,
    # linked with the consent recorded below (history keeps every change).
    linked_file = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        related_name="recognition_files",
        null=True,
        blank=True,
        verbose_name=_("linked file"),
    )
    # Kept by atout.disclosures with `shared_with`: the parts the person consented to share.
    shared_parts = models.JSONField(_("shared parts"), default=list, blank=True)
    link_consent = models.CharField(
        _("consent to link the files"), max_length=20, choices=LinkConsent.choices, blank=True
    )
    link_consent_at = models.DateTimeField(_("consent recorded on"), null=True, blank=True)
    link_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("consent recorded by"),
    )
    referring_cle = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="referred_participants",
        limit_choices_to={"kind": Organisation.Kind.CLE},
        null=True,
        blank=True,
        verbose_name=_("referring CLE"),
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="caseload",
        null=True,
        blank=True,
        verbose_name=_("counsellor"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="participant_file",
        null=True,
        blank=True,
        verbose_name=_("participant login"),
    )

    given_names = models.CharField(_("given names"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    preferred_name = models.CharField(_("preferred name"), max_length=150, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=50, blank=True)
    # Optional; it tells two people of the same name apart (the duplicate check).
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.FRENCH
    )

    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=50, blank=True, default="Québec")
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    home_phone = models.CharField(_("home phone"), max_length=20, blank=True)
    mobile_phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objective = models.TextField(_("professional objective (draft)"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Bumped on every save; a form carries the version it started from (conflict check).
    version = models.PositiveIntegerField(default=1)
    search_text = models.CharField(max_length=500, editable=False, default="")

    objects = ParticipantQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("participant file")
        verbose_name_plural = _("participant files")
        ordering = ["family_name", "given_names", "pk"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="participant_org_status"),
            models.Index(fields=["organisation", "counsellor"], name="participant_org_counsellor"),
            # The home page (a counsellor's own files in name order) walks this and stops
            # after its 25 rows, instead of the whole organisation's name index (issue 14).
            models.Index(
                fields=["organisation", "counsellor", "family_name", "given_names"],
                name="participant_mine_by_name",
            ),
            models.Index(fields=["referring_cle", "status"], name="participant_cle_status"),
            models.Index(fields=["family_name", "given_names"], name="participant_name"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"search_text", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("participants:detail", kwargs={"pk": self.pk})

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.given_names
        return f"{first} {self.family_name}".strip()

    def refresh_search_text(self) -> None:
        self.search_text = search_key(
            " ".join([self.given_names, self.preferred_name, self.family_name, self.email or ""])
        )[:500]


class ContactField(models.TextChoices):
    ADDRESS = "address", _("Address")
    HOME_PHONE = "home_phone", _("Home phone")
    MOBILE_PHONE = "mobile_phone", _("Mobile phone")
    EMAIL = "email", _("E-mail")


class Audience(models.TextChoices):
    EMPLOYER = "employer", _("Employer documents")
    CLE = "cle", _("CLE")
    COMMITTEE = "committee", _("Sectoral committee")


class ContactConsent(models.Model):
    """Whether one contact detail may be shown to one audience, and since when."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    field = models.CharField(_("contact detail"), max_length=20, choices=ContactField.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    granted = models.BooleanField(_("consent given"), default=False)
    decided_at = models.DateTimeField(_("date of decision"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact consent")
        verbose_name_plural = _("contact consents")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "field", "audience"], name="consent_unique_field_audience"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}:{self.field}:{self.audience}={self.granted}"


class JournalNote(models.Model):
    """A dated note in the file; its author may correct it for 24 hours, nobody deletes it."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"), max_length=10000)
    # A counsellor's working note (hypotheses, reminders to self) is not communicated to the
    # person with their data; every other note is part of what they may obtain (Law 25, s. 27).
    working_note = models.BooleanField(_("working note"), default=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    updated_at = models.DateTimeField(_("corrected"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.author}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """Random storage name: the user's filename never touches the file system."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{instance.participant_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        CV = "cv", _("CV")
        PHOTO = "photo", _("Photo")
        APPRAISAL = "appraisal", _("Appraisal report")
        TRANSCRIPT = "transcript", _("Transcript")
        PORTFOLIO = "portfolio", _("Portfolio")
        OTHER = "other", _("Other document")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind of document"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = ParticipantChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_inline(self) -> bool:
        """Images and PDF may open in the browser; anything else is downloaded."""
        return self.content_type in {"application/pdf", "image/png", "image/jpeg", "image/webp"}


class ParticipantInvitation(models.Model):
    """Single-use, expiring link that lets a participant create their own login."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d})"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
