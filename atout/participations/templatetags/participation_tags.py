"""The participation block of the file page and of the person's own page.

Staff see the current participation (status, link) or, for the organisation, a link to start
one; the person sees the mobilisation: the first meeting and the steps page.
"""

from __future__ import annotations

from typing import Any

from django import template

from atout.accounts import permissions as perms
from atout.participations import selectors

register = template.Library()


@register.inclusion_tag("participations/_file_block.html", takes_context=True)
def participation_block(context: template.Context, participant: Any) -> dict[str, Any]:
    user = context["request"].user
    caps = perms.object_capabilities(user, participant)
    if perms.PARTICIPATION_VIEW not in caps:
        return {"show": False}
    rows = list(
        selectors.participations_of_file(user=user, participant=participant).select_related(
            "organisation", "cle"
        )[:5]
    )
    current = next((p for p in rows if not p.is_ended), None)
    is_owner = participant.user_id == user.pk and not (
        caps & {perms.PARTICIPATION_MANAGE, perms.PARTICIPATION_FOLLOW}
    )
    return {
        "show": bool(rows) or perms.PARTICIPATION_MANAGE in caps,
        "participant": participant,
        "rows": rows,
        "current": current,
        "is_owner": is_owner,
        "can_start": perms.PARTICIPATION_MANAGE in caps and current is None,
    }
