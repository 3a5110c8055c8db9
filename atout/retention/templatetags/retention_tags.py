from __future__ import annotations

from django import template

from atout.accounts import permissions as perms

register = template.Library()


@register.inclusion_tag("retention/_status.html", takes_context=True)
def retention_status(context, participant) -> dict:
    """The file's retention state and the hold link, for those who may place a hold."""
    from atout.retention.services import active_hold, file_due_on

    request = context.get("request")
    user = getattr(request, "user", None)
    if (
        participant is None
        or user is None
        or not perms.has_capability(user, perms.RETENTION_HOLD, participant)
    ):
        return {"show": False}
    return {
        "show": True,
        "participant": participant,
        "hold": active_hold(participant),
        "due_on": file_due_on(participant),
    }
