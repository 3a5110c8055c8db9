"""The practice sheet: one Letter page with a card per key competency, to rehearse aloud.

The payload comes from `practice.selectors.sheet_payload` (plain, already shortened values):
up to six cards fit one page in two columns; a seventh and more run onto a second page
(the web page says so before printing). Emoji are left out (the embedded fonts have none);
apostrophes become typographic.
"""

from __future__ import annotations

from typing import Any

from atout.documents.rendering.engine import RenderedDocument, render_typst
from atout.documents.rendering.passport import typographic, without_emoji

TEMPLATE = "practice.typ"


def _typographic(value: Any) -> Any:
    if isinstance(value, str):
        return typographic(value)
    if isinstance(value, list):
        return [_typographic(v) for v in value]
    if isinstance(value, dict):
        return {k: _typographic(v) for k, v in value.items()}
    return value


def render_practice_sheet(payload: dict[str, Any]) -> RenderedDocument:
    """PDF of the sheet; `payload["variant"]` is "colour" or "copy" (black and greys)."""
    data = without_emoji(_typographic(payload), [])
    pdf = render_typst(TEMPLATE, data)
    return RenderedDocument(name=payload["file_name"], content_type="application/pdf", content=pdf)
