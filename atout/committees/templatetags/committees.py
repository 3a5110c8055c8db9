"""`{% committee_block dossier %}`: the transmissions of a dossier, for the advisor's page.

The dossier page (atout.recognition) loads this tag so it needs no context of ours: the tag
reads through the scoping with the request's user.
"""

from __future__ import annotations

from typing import Any

from django import template

from atout.accounts import permissions as perms
from atout.committees import selectors
from atout.recognition.models import Dossier, Phase

register = template.Library()


@register.inclusion_tag("committees/_dossier_block.html", takes_context=True)
def committee_block(context: dict[str, Any], dossier: Dossier) -> dict[str, Any]:
    user = context["request"].user
    caps = perms.object_capabilities(user, dossier)
    manages = perms.RECOGNITION_MANAGE in caps
    transmissions = selectors.transmissions_of_dossier(user, dossier) if manages else []
    return {
        "dossier": dossier,
        "transmissions": [
            (t, getattr(t, "decision", None), selectors.age_in_days(t)) for t in transmissions
        ],
        "can_send": manages and dossier.phase == Phase.INVENTORY_DONE,
        "has_decision": any(getattr(t, "decision", None) for t in transmissions),
    }
