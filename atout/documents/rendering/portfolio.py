"""The portfolio as printed: a cover, the *bilan de compétences*, one section per competency
with its stories and their proof (photos placed, other proof listed), then the person's
learning and experiences. PDF only, US Letter, colour original and plain copy.

The payload is built (and frozen at approval) by the portfolio app; this module adds the
fixed labels in the payload's language and compiles `portfolio.typ`. Images arrive as
prepared JPEG bytes under generated names; user text only as JSON values.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import pgettext

from atout.documents.rendering.engine import RenderedDocument, render_typst

TEMPLATE = "portfolio.typ"
VARIANTS = ("colour", "copy")


def _labels() -> dict[str, str]:
    return {
        "kicker": pgettext("printed portfolio", "Portfolio"),
        "draft": pgettext("printed portfolio", "Draft — not approved"),
        "bilan": pgettext("printed portfolio", "Skills assessment"),
        "bilan_intro": pgettext(
            "printed portfolio",
            "Who I am at work: my competencies, what I know well, what interests me and "
            "what matters to me.",
        ),
        "competencies": pgettext("printed portfolio", "My key competencies"),
        "strengths": pgettext("printed portfolio", "Strengths from my self-evaluation"),
        "expertise": pgettext("printed portfolio", "Areas of expertise"),
        "interests": pgettext("printed portfolio", "Interests"),
        "values": pgettext("printed portfolio", "Values"),
        "by_competency": pgettext("printed portfolio", "Achievements by competency"),
        "situation": pgettext("printed portfolio", "Situation"),
        "action": pgettext("printed portfolio", "What I did"),
        "result": pgettext("printed portfolio", "Result"),
        "also": pgettext("printed portfolio", "Also shows:"),
        "documents": pgettext("printed portfolio", "Other proof (available on request)"),
        "learning": pgettext("printed portfolio", "Learning"),
        "education": pgettext("printed portfolio", "Education and training"),
        "certificates": pgettext("printed portfolio", "Certificates and licences"),
        "experiences": pgettext("printed portfolio", "Experiences"),
        "contents": pgettext("printed portfolio", "Contents"),
        "page": pgettext("printed portfolio", "Page"),
        "of": pgettext("printed portfolio", "of"),
    }


def portfolio_labels(lang: str) -> dict[str, str]:
    with translation.override("en" if lang == "en" else "fr-ca"):
        return _labels()


def file_name(payload: dict[str, Any], variant: str) -> str:
    lang = payload.get("lang", "fr")
    base = slugify(f"portfolio {payload.get('name', '')}") or "portfolio"
    state = ("-brouillon" if lang == "fr" else "-draft") if payload.get("draft") else ""
    copy = "" if variant == "colour" else ("-copie" if lang == "fr" else "-copy")
    return f"{base[:80]}-{lang}{state}{copy}.pdf"


def render_portfolio(
    payload: dict[str, Any], *, variant: str, images: dict[str, bytes]
) -> RenderedDocument:
    """The PDF. Every image the payload names must be in `images` (others are dropped)."""
    variant = variant if variant in VARIANTS else "colour"
    lang = "en" if payload.get("lang") == "en" else "fr"
    data = {
        **payload,
        "lang": lang,
        "variant": variant,
        "draft": bool(payload.get("draft")),
        "labels": portfolio_labels(lang),
    }
    # An image whose file is not supplied is left out rather than failing the compile.
    data["sections"] = [
        {
            **section,
            "stories": [
                {**story, "images": [i for i in story["images"] if i.get("file") in images]}
                for story in section["stories"]
            ],
        }
        for section in payload.get("sections", [])
    ]
    pdf = render_typst(TEMPLATE, data, files=images, fmt="pdf")
    return RenderedDocument(
        name=file_name(data, variant), content_type="application/pdf", content=pdf
    )
