"""The sectoral committee's confirmation to the ministry of the competencies mastered.

The payload comes from `committees.selectors.confirmation_payload`: display-ready values and
labels in one language. User text travels as JSON values, so markup or Typst-looking text
prints literally; emoji are left out and apostrophes become typographic.
"""

from __future__ import annotations

from typing import Any

from atout.documents.rendering.engine import RenderedDocument, render_typst
from atout.documents.rendering.passport import typographic, without_emoji

TEMPLATE = "committee_confirmation.typ"

# Texts are capped by the models; this only guards the page count of a hostile payload.
_LIMIT = 5000


def clean(value: Any) -> Any:
    if isinstance(value, str):
        text = typographic(value)
        return text if len(text) <= _LIMIT else text[: _LIMIT - 1] + "…"
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    return value


def render_committee_confirmation(payload: dict[str, Any]) -> RenderedDocument:
    """PDF of the confirmation (black on white with one accent: it is filed)."""
    data = without_emoji(clean(payload), [])
    pdf = render_typst(TEMPLATE, data)
    return RenderedDocument(name=payload["file_name"], content_type="application/pdf", content=pdf)
