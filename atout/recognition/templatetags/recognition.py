"""The file page's block listing its recognition dossiers (read through `visible_to`)."""

from django import template

from atout.accounts import permissions as perms
from atout.recognition import selectors

register = template.Library()


@register.inclusion_tag("recognition/_participant_dossiers.html", takes_context=True)
def recognition_dossiers(context, participant):
    request = context["request"]
    user = request.user
    can_open = perms.RECOGNITION_MANAGE in getattr(request, "capabilities", frozenset())
    dossiers = list(selectors.dossiers_of_file(user=user, participant=participant))
    can_open_dossiers = can_open and all(
        perms.RECOGNITION_MANAGE in perms.object_capabilities(user, d) for d in dossiers
    )
    return {
        "participant": participant,
        "recognition_dossiers": dossiers,
        "can_open_dossiers": can_open_dossiers,
        "request": request,
    }
