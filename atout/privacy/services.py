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
from atout.privacy.models import PARTICIPANT_ROLE, AccessLogEntry, file_label

_ROLE_ORDER = [value for value, _label in Role.choices]


def reader_of(user: Any, organisation: Any) -> tuple[str, int | None]:
    """The reader's role and organisation as the log keeps them (not their name)."""
    if not getattr(user, "is_authenticated", False):
        return "", None
    memberships = user_memberships(user)
    if not memberships:
        # Platform staff hold no membership either; they are not the participant.
        return ("" if user.is_staff or user.is_superuser else PARTICIPANT_ROLE), None
    org_id = getattr(organisation, "pk", None) or memberships[0][0]
    roles = [role for oid, role in memberships if oid == org_id]
    roles.sort(key=lambda role: _ROLE_ORDER.index(role) if role in _ROLE_ORDER else 99)
    return (roles[0] if roles else ""), org_id


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
    role, org_id = reader_of(user, organisation)
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
        for file_id in sorted(set(participant_ids))
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
