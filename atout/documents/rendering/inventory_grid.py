"""The competency inventory grid as the committee reads it: a landscape table per competency.

The payload comes from `recognition.selectors.inventory_payload` (display-ready, labels in
the requested language). User text travels as JSON values, so markup or Typst-looking text
prints literally; emoji are left out and apostrophes become typographic.
"""

from __future__ import annotations

from typing import Any

from atout.documents.rendering.engine import RenderedDocument, render_typst
from atout.documents.rendering.passport import typographic, without_emoji

TEMPLATE = "inventory_grid.typ"

# The model caps each text at 3,000 characters; this only guards a hostile payload's length.
_LIMIT = 3000


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        text = typographic(value)
        return text if len(text) <= _LIMIT else text[: _LIMIT - 1] + "…"
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def render_inventory_grid(payload: dict[str, Any], *, variant: str = "colour") -> RenderedDocument:
    """PDF of the grid; `variant` "plain" prints black on white (photocopies)."""
    data = without_emoji(_clean(payload), [])
    data["plain"] = variant == "plain"
    pdf = render_typst(TEMPLATE, data)
    return RenderedDocument(name=payload["file_name"], content_type="application/pdf", content=pdf)
