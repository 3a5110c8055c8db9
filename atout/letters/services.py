"""Writes to cover letters. Each runs in one transaction; edits bump the version number.

The counsellor writes (DOCUMENT_EDIT); the participant approves from their own login
(DOCUMENT_APPROVE) or the counsellor records an approval given in person. Approval freezes
the printed payload; an edit afterwards sends the letter back for approval.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.common.errors import ConflictError
from atout.documents.kinds import DocumentState
from atout.letters.models import CoverLetter
from atout.letters.selectors import letter_payload
from atout.participants.models import Audience, Participant

logger = logging.getLogger(__name__)

LETTER_FIELDS = [
    "language",
    "employer_name",
    "contact_name",
    "employer_address",
    "posting_title",
    "posting_reference",
    "place",
    "letter_date",
    "subject",
    "salutation",
    "body",
    "closing",
    "signature_name",
]
FROZEN = (DocumentState.APPROVED, DocumentState.PRINTED)


@transaction.atomic
def letter_create(*, participant: Participant, actor: Any, data: dict[str, Any]) -> CoverLetter:
    perms.require(actor, perms.DOCUMENT_EDIT, participant)
    letter = CoverLetter(participant=participant, created_by=actor, updated_by=actor)
    for name in LETTER_FIELDS:
        if name in data:
            setattr(letter, name, data[name])
    letter.full_clean()
    letter.save()
    return letter


def _unfreeze(letter: CoverLetter) -> None:
    """An approved letter that changes needs the participant's approval again."""
    if letter.state in FROZEN:
        letter.state = DocumentState.REAPPROVAL
    letter.approved_payload = None
    letter.approved_at = None
    letter.approved_by = None
    letter.approved_in_person = False


@transaction.atomic
def letter_update(
    *, letter: CoverLetter, actor: Any, data: dict[str, Any], expected_version: int | None
) -> CoverLetter:
    """Save the form; a newer version saved by someone else is a conflict.

    An unchanged form touches nothing (opening and saving an approved letter keeps it approved).
    """
    perms.require(actor, perms.DOCUMENT_EDIT, letter)
    current = CoverLetter.objects.select_for_update().get(pk=letter.pk)
    if (
        expected_version is not None
        and current.version != expected_version
        and current.updated_by_id != actor.pk
    ):
        raise ConflictError(current)
    changes = {
        name: data[name]
        for name in LETTER_FIELDS
        if name in data and getattr(current, name) != data[name]
    }
    if not changes:
        return current
    for name, value in changes.items():
        setattr(current, name, value)
    _unfreeze(current)
    current.version += 1
    current.updated_by = actor
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def letter_delete(*, letter: CoverLetter, actor: Any) -> None:
    """Only a draft is deleted; what was approved or printed stays, with its history."""
    perms.require(actor, perms.DOCUMENT_EDIT, letter)
    current = CoverLetter.objects.select_for_update().get(pk=letter.pk)
    if current.state not in (DocumentState.DRAFT, DocumentState.READY):
        raise ValidationError(
            _("Only a draft can be deleted. This letter was approved or printed; edit it instead.")
        )
    current.delete()


@transaction.atomic
def letter_submit(*, letter: CoverLetter, actor: Any) -> CoverLetter:
    """The counsellor hands the letter to the participant for approval."""
    perms.require(actor, perms.DOCUMENT_EDIT, letter)
    current = CoverLetter.objects.select_for_update().get(pk=letter.pk)
    if current.state != DocumentState.DRAFT:
        raise ValidationError(_("Only a draft can be submitted for approval."))
    if not current.body.strip():
        raise ValidationError(_("Write the body of the letter before submitting it."))
    current.state = DocumentState.READY
    current.save(update_fields=["state", "updated_at"])
    return current


@transaction.atomic
def letter_approve(*, letter: CoverLetter, actor: Any, in_person: bool = False) -> CoverLetter:
    """The participant approves in their own login, or the counsellor records it in person.

    The printed payload (sender block included) is frozen: the approved letter prints the
    same tomorrow, whatever changes in the file.
    """
    perms.require(actor, perms.DOCUMENT_EDIT if in_person else perms.DOCUMENT_APPROVE, letter)
    current = (
        CoverLetter.objects.select_for_update().select_related("participant").get(pk=letter.pk)
    )
    if not current.awaits_approval:
        raise ValidationError(_("This letter is already approved."))
    if not current.body.strip():
        raise ValidationError(_("The letter has no body yet; it cannot be approved."))
    current.approved_payload = letter_payload(current, draft=False)
    current.state = DocumentState.APPROVED
    current.approved_at = timezone.now()
    current.approved_by = actor
    current.approved_in_person = in_person
    current.reapproval_fields = []
    current.save()
    return current


@transaction.atomic
def letter_mark_printed(*, letter: CoverLetter, actor: Any) -> CoverLetter:
    """The counsellor printed the approved letter (or handed it over): record when."""
    perms.require(actor, perms.DOCUMENT_EDIT, letter)
    current = CoverLetter.objects.select_for_update().get(pk=letter.pk)
    if current.state not in FROZEN or not current.approved_payload:
        raise ValidationError(_("The participant approves the letter before it is printed."))
    current.state = DocumentState.PRINTED
    current.printed_at = timezone.now()
    current.save(update_fields=["state", "printed_at", "updated_at"])
    return current


@transaction.atomic
def letters_withdraw(
    *, participant: Participant, audience: str, fields: set[str], actor: Any = None
) -> list[CoverLetter]:
    """Consent to show `fields` to employers was withdrawn: no approved letter may show them.

    Each approved or printed letter whose frozen sender block shows one of the details loses
    its frozen payload and goes back to the participant for approval.
    """
    if audience != Audience.EMPLOYER:
        return []
    changed = []
    letters = CoverLetter.objects.select_for_update().filter(
        participant=participant, approved_payload__isnull=False
    )
    for letter in letters:
        shown = set((letter.approved_payload or {}).get("contact", {})) & set(fields)
        if not shown:
            continue
        letter.approved_payload = None
        letter.approved_at = None
        letter.approved_by = None
        letter.approved_in_person = False
        letter.state = DocumentState.REAPPROVAL
        letter.reapproval_fields = sorted(set(letter.reapproval_fields) | shown)
        letter.save()
        changed.append(letter)
    if changed:
        logger.info(
            "cover letters withdrawn",
            extra={
                "event": "consent_withdrawn",
                "letters": [letter.pk for letter in changed],
                "fields": sorted(fields),
            },
        )
    return changed
