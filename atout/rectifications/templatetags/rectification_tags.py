"""The lead's partials: a count of a file's requests awaiting an answer."""

from __future__ import annotations

from typing import Any

from django import template

from atout.rectifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_rectifications(context: Any, participant: Any) -> int:
    """Requests of this file awaiting an answer, for a user who may answer them (else 0)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if participant is None or user is None:
        return 0
    return selectors.pending_count(user=user, participant=participant)
