"""The practice line of the file page: a link and, per key competency, how ready the person
feels (a shape and a word, never colour alone)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from atout.accounts import permissions as perms
from atout.practice import selectors
from atout.practice.models import Readiness

register = template.Library()


@register.inclusion_tag("practice/_file_summary.html", takes_context=True)
def practice_summary(context: template.Context, participant: Any) -> dict[str, Any]:
    user = context["request"].user
    if perms.PRACTICE_VIEW not in perms.object_capabilities(user, participant):
        return {"show": False}
    lang = "en" if (translation.get_language() or "fr").startswith("en") else "fr"
    cards = selectors.practice_cards(user=user, participant=participant, lang=lang)
    return {
        "show": True,
        "participant": participant,
        "cards": [
            {
                "title": item["title"],
                "readiness": item["card"].readiness if item["card"] else "",
                "label": Readiness(item["card"].readiness).label
                if item["card"] and item["card"].readiness
                else "",
            }
            for item in cards
        ],
    }
