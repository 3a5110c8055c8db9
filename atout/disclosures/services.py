"""Writes to consents to communicate; the only code that changes a file's `shared_with`.

A file's `shared_with` / `shared_parts` are derived, never edited: after every change,
`sharing_sync` sets them to the union of the parts of the active consents (to the one
organisation they name), so withdrawing a consent ends the reading at once (the scoping reads
those two fields on every request).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import Organisation, User
from atout.common.errors import ConflictError
from atout.disclosures.models import Disclosure, Method, Purpose
from atout.participants.models import Participant, SharedPart

# The only kind of organisation the scoping lets read another organisation's file (its
# recognition advisors, read only): see atout.participants.models.ParticipantQuerySet.
RECIPIENT_KINDS = (Organisation.Kind.QUALIFICATIONS,)
PURPOSE_TEXT_MAX = 1000


def recipients_for(participant: Participant) -> Any:
    """The organisations a consent to communicate this file may name."""
    return Organisation.objects.filter(kind__in=RECIPIENT_KINDS, is_active=True).exclude(
        pk=participant.organisation_id
    )


def _clean_parts(parts: Iterable[str] | None) -> list[str]:
    """Known parts, in their usual order, without repeats; None means all of them."""
    if parts is None:
        return list(SharedPart.values)
    wanted = set(parts)
    return [part for part in SharedPart.values if part in wanted]


def sharing_sync(participant: Participant, *, actor: User | None) -> Participant:
    """Set the file's `shared_with` / `shared_parts` from its active consents (locked).

    The union of the parts of every active consent to the organisation they name; no
    active consent, no sharing. The file's history records the change with its author.
    """
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    active = list(Disclosure.objects.filter(participant=locked).active().order_by("given_at"))
    recipient_id = active[0].recipient_id if active else None
    parts = _clean_parts(
        part for d in active if d.recipient_id == recipient_id for part in (d.parts or [])
    )
    if locked.shared_with_id == recipient_id and list(locked.shared_parts or []) == parts:
        return locked
    locked.shared_with_id = recipient_id
    locked.shared_parts = parts
    locked.version += 1
    locked._history_user = actor
    locked.save(update_fields=["shared_with", "shared_parts", "version"])
    participant.shared_with_id = recipient_id
    participant.shared_parts = parts
    participant.version = locked.version
    return locked


def _create(
    *,
    actor: User,
    participant: Participant,
    recipient: Organisation,
    purpose: str,
    purpose_text: str,
    parts: Iterable[str] | None,
    method: str,
    given_at: datetime.datetime | None,
) -> Disclosure:
    if recipient.pk == participant.organisation_id:
        raise ValidationError(_("The file already belongs to this organisation."))
    if recipient.kind not in RECIPIENT_KINDS:
        raise ValidationError(
            _("Atout can communicate a file only to Qualifications Québec for now.")
        )
    cleaned = _clean_parts(parts)
    if not cleaned:
        raise ValidationError(_("Choose at least one part of the file to communicate."))
    purpose_text = (purpose_text or "").strip()
    if len(purpose_text) > PURPOSE_TEXT_MAX:
        raise ValidationError(
            _("Describe the purpose in %(n)s characters at most.") % {"n": PURPOSE_TEXT_MAX}
        )
    if purpose == Purpose.OTHER and not purpose_text:
        raise ValidationError(_("Describe the purpose of the communication."))
    now = timezone.now()
    if given_at is not None and given_at > now + datetime.timedelta(minutes=5):
        raise ValidationError(_("The date of the consent cannot be in the future."))
    Participant.objects.select_for_update().get(pk=participant.pk)
    other = (
        Disclosure.objects.filter(participant=participant)
        .active()
        .exclude(recipient=recipient)
        .select_related("recipient")
        .first()
    )
    if other is not None:
        raise ValidationError(
            _(
                "The file is already communicated to %(org)s. A file is communicated to one "
                "organisation at a time: withdraw that consent first."
            )
            % {"org": other.recipient.name}
        )
    disclosure = Disclosure(
        participant=participant,
        recipient=recipient,
        purpose=purpose,
        purpose_text=purpose_text,
        parts=cleaned,
        method=method,
        given_at=given_at or now,
        recorded_by=actor,
    )
    disclosure.full_clean()
    disclosure._history_user = actor
    disclosure.save()
    sharing_sync(participant, actor=actor)
    return disclosure


@transaction.atomic
def disclosure_record(
    *,
    actor: User,
    participant: Participant,
    recipient: Organisation,
    purpose: str,
    parts: Iterable[str] | None,
    method: str,
    purpose_text: str = "",
    given_at: datetime.datetime | None = None,
) -> Disclosure:
    """Staff record a consent the person gave on a signed form or in person."""
    perms.require(actor, perms.DISCLOSURE_RECORD, participant)
    if method not in (Method.SIGNED_FORM, Method.IN_PERSON):
        raise ValidationError(_("Choose how the person gave their consent."))
    return _create(
        actor=actor,
        participant=participant,
        recipient=recipient,
        purpose=purpose,
        purpose_text=purpose_text,
        parts=parts,
        method=method,
        given_at=given_at,
    )


@transaction.atomic
def disclosure_give_online(
    *,
    user: User,
    participant: Participant,
    recipient: Organisation,
    purpose: str = Purpose.RECOGNITION,
    parts: Iterable[str] | None = None,
    purpose_text: str = "",
) -> Disclosure:
    """The person consents from their own account (the file link of atout.recognition)."""
    if participant.user_id is None or participant.user_id != user.pk:
        raise PermissionDenied(perms.DISCLOSURE_WITHDRAW)
    return _create(
        actor=user,
        participant=participant,
        recipient=recipient,
        purpose=purpose,
        purpose_text=purpose_text,
        parts=parts,
        method=Method.ONLINE,
        given_at=None,
    )


def _may_withdraw(actor: User, disclosure: Disclosure) -> bool:
    caps = perms.object_capabilities(actor, disclosure)
    return perms.DISCLOSURE_WITHDRAW in caps or perms.DISCLOSURE_RECORD in caps


@transaction.atomic
def disclosure_withdraw(
    *,
    actor: User,
    disclosure: Disclosure,
    expected_version: int | None = None,
    end_links: bool = True,
) -> Disclosure:
    """The person (or staff at their request) withdraws the consent: reading ends at once.

    Withdrawing the last consent for skills recognition also ends the file link of
    Qualifications Québec (and what its dossiers reused from the file), unless the caller is
    that link's own revocation (`end_links=False`)."""
    if not _may_withdraw(actor, disclosure):
        raise PermissionDenied(perms.DISCLOSURE_WITHDRAW)
    current = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(current)
    if current.withdrawn_at is not None:
        return current
    current.withdrawn_at = timezone.now()
    current.withdrawn_by = actor
    current.version += 1
    current._history_user = actor
    current.save()
    participant = sharing_sync(current.participant, actor=actor)
    if end_links and current.purpose == Purpose.RECOGNITION:
        still = Disclosure.objects.filter(
            participant=participant, recipient=current.recipient, purpose=Purpose.RECOGNITION
        ).active()
        if not still.exists():
            from atout.recognition.services import links_end_for_withdrawal

            links_end_for_withdrawal(
                actor=actor, participant=participant, organisation=current.recipient
            )
    return current


@transaction.atomic
def disclosures_withdraw_for_link(
    *, actor: User, participant: Participant, recipient: Organisation
) -> int:
    """The recognition file link ended: its consents for skills recognition end with it."""
    count = 0
    for disclosure in Disclosure.objects.filter(
        participant=participant, recipient=recipient, purpose=Purpose.RECOGNITION
    ).active():
        disclosure.withdrawn_at = timezone.now()
        disclosure.withdrawn_by = actor
        disclosure.version += 1
        disclosure._history_user = actor
        disclosure.save()
        count += 1
    sharing_sync(participant, actor=actor)
    return count
