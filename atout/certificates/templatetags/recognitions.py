from typing import Any

from django import template

from atout.certificates import selectors

register = template.Library()


@register.simple_tag
def has_recognitions(user: Any) -> bool:
    """For the menu: the person has a recognition dossier (one small query)."""
    return selectors.has_recognitions(user)
