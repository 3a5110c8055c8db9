"""Writes to the access log.

Views do not call these: atout.privacy.middleware records every read of a file that the
request loaded through the scoping (`visible_to`). `access_log` remains for reads outside a
request (a command, a task).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import Membership, Organisation, Role, User
from atout.accounts.scoping import user_memberships
from atout.participants.models import Participant
from atout.privacy.models import PARTICIPANT_ROLE, AccessLogEntry, file_label

_ROLE_ORDER = [value for value, _label in Role.choices]


def _role_in(memberships: list[tuple[int, str]], org_id: int) -> str:
    roles = [role for oid, role in memberships if oid == org_id]
    roles.sort(key=lambda role: _ROLE_ORDER.index(role) if role in _ROLE_ORDER else 99)
    return roles[0] if roles else ""


def readers_of(
    user: Any, organisation: Any, participant_ids: Iterable[int]
) -> dict[int, tuple[str, int | None]]:
    """File id -> the reader's role and organisation as the log keeps them (not their name).

    The organisation is the one through which the reader sees the file (its serving
    organisation or its referring CLE); only someone with several organisations costs a query.
    """
    ids = sorted(set(participant_ids))
    if not getattr(user, "is_authenticated", False):
        return dict.fromkeys(ids, ("", None))
    memberships = user_memberships(user)
    if not memberships:
        # Platform staff hold no membership either; they are not the participant.
        role = "" if user.is_staff or user.is_superuser else PARTICIPANT_ROLE
        return dict.fromkeys(ids, (role, None))
    mine = {oid for oid, _role in memberships}
    active = getattr(organisation, "pk", None)
    default = active if active in mine else memberships[0][0]
    through = dict.fromkeys(ids, default)
    if len(mine) > 1:
        ties = Participant._base_manager.filter(pk__in=ids).values_list(
            "pk", "organisation_id", "referring_cle_id"
        )
        for pk, serving, cle in ties:
            through[pk] = next((oid for oid in (serving, cle) if oid in mine), default)
    return {pk: (_role_in(memberships, org_id), org_id) for pk, org_id in through.items()}


def reads_record(
    *,
    user: Any,
    organisation: Any,
    participant_ids: Iterable[int],
    action: str,
    attachment_id: int | None = None,
    document_format: str = "",
    ip_address: str | None = None,
) -> list[AccessLogEntry]:
    """One row per file read, in one INSERT."""
    readers = readers_of(user, organisation, participant_ids)
    reader = user if getattr(user, "is_authenticated", False) else None
    rows = [
        AccessLogEntry(
            user=reader,
            reader_role=role,
            reader_organisation_id=org_id,
            participant_id=file_id,
            participant_ref=file_id,
            participant_label=file_label(file_id),
            attachment_id=attachment_id,
            action=action,
            document_format=document_format,
            ip_address=ip_address or None,
        )
        for file_id, (role, org_id) in readers.items()
    ]
    return AccessLogEntry.objects.bulk_create(rows)


def access_log(
    *,
    user: Any,
    participant: Any,
    action: str,
    attachment: Any = None,
    request: HttpRequest | None = None,
) -> AccessLogEntry:
    """Record one read by hand, for reads that happen outside a web request."""
    (entry,) = reads_record(
        user=user,
        organisation=getattr(request, "organisation", None),
        participant_ids=[participant.pk],
        action=action,
        attachment_id=getattr(attachment, "pk", None),
        ip_address=request.META.get("REMOTE_ADDR") if request is not None else None,
    )
    return entry


# The reader of a share link: an employer, who has no login (atout.sharing).
EMPLOYER_READER = "employer"


def reader_entry(
    *, participant_id: int, reader_role: str, action: str, document_format: str = ""
) -> AccessLogEntry:
    """One read by someone without a login (an employer through a share link): the role only,
    no user, no organisation, no address."""
    return AccessLogEntry.objects.create(
        user=None,
        reader_role=reader_role,
        participant_id=participant_id,
        participant_ref=participant_id,
        participant_label=file_label(participant_id),
        action=action,
        document_format=document_format,
    )


# --- The person in charge of the protection of personal information (Law 25, s. 3.1) -------

OFFICER_FIELDS = (
    "privacy_officer_name",
    "privacy_officer_title",
    "privacy_officer_email",
    "privacy_officer_phone",
)


def _require_officer_manage(actor: Any, organisation: Any) -> None:
    if perms.PRIVACY_OFFICER_MANAGE not in perms.organisation_capabilities(actor, organisation.pk):
        raise PermissionDenied(perms.PRIVACY_OFFICER_MANAGE)


def privacy_officer_set(*, organisation: Any, actor: Any, data: dict[str, Any]) -> Any:
    """Publish the person in charge's name, title and contact (shown on the privacy notice).

    Only those four fields change; the organisation's history records who changed them."""
    _require_officer_manage(actor, organisation)
    with transaction.atomic():
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changed = [n for n in OFFICER_FIELDS if n in data and getattr(current, n) != data[n]]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, data[name])
        others = [f.name for f in Organisation._meta.concrete_fields if f.name not in changed]
        current.full_clean(exclude=others, validate_unique=False)
        current._history_user = actor
        current.save(update_fields=changed)
        return current


def privacy_officer_members(*, organisation: Any) -> Any:
    """The organisation's staff, among whom the admin chooses who keeps the incident register."""
    return (
        User.objects.filter(memberships__organisation=organisation, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


def privacy_officer_appoint(*, organisation: Any, actor: Any, user: Any) -> Any:
    """Give a member the role of person in charge (the incident register, the destruction
    log). Appointing someone already in the role changes nothing."""
    _require_officer_manage(actor, organisation)
    with transaction.atomic():
        if not privacy_officer_members(organisation=organisation).filter(pk=user.pk).exists():
            raise ValidationError(_("Only a member of the organisation can be appointed."))
        membership = Membership.objects.filter(
            user=user, organisation=organisation, role=Role.PRIVACY_OFFICER
        ).first()
        if membership is None:
            membership = Membership(user=user, organisation=organisation, role=Role.PRIVACY_OFFICER)
            membership._history_user = actor
            membership.save()
        return membership


def privacy_officer_remove(*, organisation: Any, actor: Any, user: Any) -> int:
    """Take the role back (the person keeps their other roles). Returns 1 if they held it."""
    _require_officer_manage(actor, organisation)
    with transaction.atomic():
        removed = 0
        for membership in Membership.objects.filter(
            user=user, organisation=organisation, role=Role.PRIVACY_OFFICER
        ):
            membership._history_user = actor
            membership.delete()
            removed += 1
        return removed
