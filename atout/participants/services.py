"""Writes to participant files. Each runs in one transaction and bumps the file's version."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import Organisation, User
from atout.common.errors import ConflictError
from atout.participants.models import (
    Attachment,
    Audience,
    ContactConsent,
    ContactField,
    JournalNote,
    Participant,
    ParticipantInvitation,
)
from atout.participants.signals import consent_withdrawn
from atout.participants.uploads import check_upload

EDITABLE_FIELDS = [
    "given_names",
    "family_name",
    "preferred_name",
    "pronouns",
    "birth_date",
    "preferred_language",
    "street_address",
    "city",
    "province",
    "postal_code",
    "home_phone",
    "mobile_phone",
    "email",
    "objective",
    "status",
    "counsellor",
    "referring_cle",
    "opened_on",
    "closed_on",
]


class NoteLocked(Exception):
    pass


class InvitationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


ConsentDecisions = dict[tuple[str, str], bool]


@transaction.atomic
def participant_create(
    *,
    organisation: Organisation,
    actor: User,
    data: dict[str, Any],
    consents: ConsentDecisions | None = None,
) -> Participant:
    if perms.PARTICIPANT_CREATE not in perms.organisation_capabilities(actor, organisation.pk):
        raise PermissionDenied(perms.PARTICIPANT_CREATE)
    # Qualifications Québec keeps its recognition candidates' files (issue 12).
    if organisation.kind not in (Organisation.Kind.EMPLOYABILITY, Organisation.Kind.QUALIFICATIONS):
        raise ValidationError(_("Files belong to an employability organisation."))
    participant = Participant(organisation=organisation)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(participant, name, data[name])
    participant.full_clean()
    participant.save()
    if consents:
        consent_set(participant=participant, actor=actor, decisions=consents)
    return participant


@transaction.atomic
def participant_update(
    *,
    participant: Participant,
    actor: User,
    data: dict[str, Any],
    expected_version: int,
    consents: ConsentDecisions | None = None,
) -> Participant:
    """Save the form's values unless the file changed since `expected_version` was read."""
    perms.require(actor, perms.PARTICIPANT_EDIT, participant)
    current = Participant.objects.select_for_update().get(pk=participant.pk)
    if current.version != expected_version:
        raise ConflictError(current)
    changed = []
    for name in EDITABLE_FIELDS:
        if name in data and getattr(current, name) != data[name]:
            setattr(current, name, data[name])
            changed.append(name)
    if current.status == Participant.Status.CLOSED and current.closed_on is None:
        current.closed_on = timezone.localdate()
        changed.append("closed_on")
    current.full_clean()
    current.version += 1
    current.save(update_fields=[*changed, "version"])
    if consents is not None:
        consent_set(participant=current, actor=actor, decisions=consents)
    return current


def consent_matrix(participant: Participant) -> ConsentDecisions:
    """Every (field, audience) pair with its current decision; missing rows mean no consent."""
    matrix = {(f, a): False for f in ContactField.values for a in Audience.values}
    for consent in participant.consents.all():
        matrix[(consent.field, consent.audience)] = consent.granted
    return matrix


@transaction.atomic
def consent_set(*, participant: Participant, actor: User, decisions: ConsentDecisions) -> int:
    """Record changed decisions only, each with its own date; returns how many changed."""
    caps = perms.object_capabilities(actor, participant)
    if perms.PARTICIPANT_EDIT not in caps and perms.PASSPORT_EDIT not in caps:
        raise PermissionDenied(perms.PARTICIPANT_EDIT)
    # Lock the file first: two saves at once (an autosave and a click) would otherwise both
    # find no row and both insert it, and the second would fail on the unique constraint.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    existing = {(c.field, c.audience): c for c in participant.consents.select_for_update()}
    now = timezone.now()
    changed = 0
    withdrawn: dict[str, set[str]] = {}
    for (field, audience), granted in decisions.items():
        if field not in ContactField.values or audience not in Audience.values:
            raise ValidationError(_("Unknown contact detail or audience."))
        consent = existing.get((field, audience))
        if consent is None:
            if not granted:
                continue
            ContactConsent.objects.create(
                participant=participant,
                field=field,
                audience=audience,
                granted=True,
                decided_at=now,
                decided_by=actor,
            )
            changed += 1
        elif consent.granted != granted:
            consent.granted = granted
            consent.decided_at = now
            consent.decided_by = actor
            consent.save(update_fields=["granted", "decided_at", "decided_by"])
            changed += 1
            if not granted:
                withdrawn.setdefault(audience, set()).add(field)
    for audience, fields in withdrawn.items():
        consent_withdrawn.send(
            sender=Participant,
            participant=participant,
            audience=audience,
            fields=fields,
            actor=actor,
        )
    return changed


@transaction.atomic
def note_add(
    *, participant: Participant, author: User, text: str, working_note: bool = False
) -> JournalNote:
    """A working note stays the counsellor's; the others go with the person's copy of data."""
    perms.require(author, perms.JOURNAL_ADD, participant)
    note = JournalNote(participant=participant, author=author, text=text, working_note=working_note)
    note.full_clean()
    note.save()
    return note


def note_is_editable(note: JournalNote, user: Any) -> bool:
    limit = timedelta(hours=settings.ATOUT_NOTE_EDIT_HOURS)
    return note.author_id == user.pk and timezone.now() - note.created_at < limit


@transaction.atomic
def note_update(
    *,
    note: JournalNote,
    actor: User,
    text: str,
    expected_version: int,
    working_note: bool | None = None,
) -> JournalNote:
    perms.require(actor, perms.JOURNAL_ADD, note)
    current = JournalNote.objects.select_for_update().get(pk=note.pk)
    if not note_is_editable(current, actor):
        raise NoteLocked()
    if current.version != expected_version:
        raise ConflictError(current)
    current.text = text
    if working_note is not None:
        current.working_note = working_note
    current.version += 1
    current.full_clean()
    current.save(update_fields=["text", "working_note", "version", "updated_at"])
    return current


@transaction.atomic
def attachment_add(
    *,
    participant: Participant,
    actor: User,
    upload: UploadedFile,
    kind: str,
    description: str = "",
) -> Attachment:
    """Store a checked upload in private storage under a random name."""
    perms.require(actor, perms.ATTACHMENT_ADD, participant)
    checked = check_upload(upload)
    attachment = Attachment(
        participant=participant,
        kind=kind,
        description=description,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    attachment.full_clean(exclude=["file"])
    upload.seek(0)
    attachment.file.save(checked.name, upload, save=False)
    # If the row cannot be written, the stored file must not linger.
    stored_name = attachment.file.name
    storage = attachment.file.storage
    try:
        attachment.save()
    except Exception:
        storage.delete(stored_name)
        raise
    return attachment


def _token_hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode("utf-8", "replace")).hexdigest()


@transaction.atomic
def invitation_create(
    *, participant: Participant, actor: User, email: str
) -> tuple[ParticipantInvitation, str]:
    """Create a single-use link; the e-mail leaves only if the transaction commits."""
    perms.require(actor, perms.PARTICIPANT_INVITE, participant)
    if participant.user_id:
        raise InvitationError(_("This person already has a login."))
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise InvitationError(_("An account already uses this e-mail address."))
    ParticipantInvitation.objects.filter(participant=participant, used_at__isnull=True).update(
        expires_at=timezone.now()
    )
    raw_token = secrets.token_urlsafe(32)
    invitation = ParticipantInvitation(
        participant=participant,
        email=email,
        token_hash=_token_hash(raw_token),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.ATOUT_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    link = settings.SITE_URL.rstrip("/") + reverse(
        "participants:invitation_accept", kwargs={"token": raw_token}
    )
    language = "en" if participant.preferred_language == "en" else "fr-ca"

    def send() -> None:
        with translation.override(language):
            context = {
                "participant": participant,
                "organisation": participant.organisation,
                "link": link,
                "days": settings.ATOUT_INVITATION_DAYS,
            }
            send_mail(
                subject=_("Your Atout account"),
                message=render_to_string("participants/email/invitation.txt", context),
                from_email=None,
                recipient_list=[email],
            )

    transaction.on_commit(send)
    return invitation, raw_token


def invitation_find_usable(*, raw_token: str) -> ParticipantInvitation | None:
    invitation = (
        ParticipantInvitation.objects.select_related("participant", "participant__organisation")
        .filter(token_hash=_token_hash(raw_token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_usable else None


@transaction.atomic
def invitation_accept(*, raw_token: str, password: str) -> User:
    invitation = (
        ParticipantInvitation.objects.select_for_update()
        .filter(token_hash=_token_hash(raw_token))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        raise InvitationError(_("This invitation link has expired or was already used."))
    participant = Participant.objects.select_for_update().get(pk=invitation.participant_id)
    if participant.user_id:
        raise InvitationError(_("This person already has a login."))
    if User.objects.filter(email=invitation.email).exists():
        raise InvitationError(_("An account already uses this e-mail address."))
    user = User.objects.create_user(
        invitation.email,
        password,
        full_name=participant.display_name,
        preferred_language="en" if participant.preferred_language == "en" else "fr-ca",
    )
    participant.user = user
    participant.save(update_fields=["user"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return user
