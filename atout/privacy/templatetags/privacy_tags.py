"""Links to the privacy pages for templates that do not know the viewer's capabilities."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse

from atout.accounts import permissions as perms

register = template.Library()


@register.simple_tag
def privacy_notice_url() -> str:
    """The notice's full address, for e-mails (which have no request to build it from)."""
    return settings.SITE_URL.rstrip("/") + reverse("privacy:notice")


@register.simple_tag
def may_export_access_log(user: Any, participant: Any) -> bool:
    return perms.ACCESS_LOG_EXPORT in perms.object_capabilities(user, participant)
