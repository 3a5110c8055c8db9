"""Writes to the access log. Every view that shows a person's file calls this."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from atout.privacy.models import AccessLogEntry


def access_log(
    *,
    user: Any,
    participant: Any,
    action: str,
    attachment: Any = None,
    request: HttpRequest | None = None,
) -> AccessLogEntry:
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    return AccessLogEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        participant=participant,
        attachment=attachment,
        action=action,
        ip_address=ip or None,
    )
