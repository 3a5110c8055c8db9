"""Writes to the access log.

Views do not call these: atout.privacy.middleware records every read of a file that the
request loaded through the scoping (`visible_to`). `access_log` remains for reads outside a
request (a command, a task).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from atout.accounts.models import Role
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
