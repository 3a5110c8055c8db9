"""The mobilisation (welcome) letter: the steps of the passport process, what to bring and
the meeting dates, in the person's language.

The payload comes from `participations.selectors.mobilisation_payload` (plain values, one
language); user text reaches Typst only as JSON values, so markup prints literally.
"""

from __future__ import annotations

from typing import Any

from atout.documents.rendering.engine import RenderedDocument, render_typst
from atout.documents.rendering.letter import _breakable, _clean
from atout.documents.rendering.passport import typographic, without_emoji

TEMPLATE = "mobilisation.typ"


def _typographic(value: Any) -> Any:
    if isinstance(value, str):
        return typographic(value)
    if isinstance(value, list):
        return [_typographic(v) for v in value]
    if isinstance(value, dict):
        return {k: _typographic(v) for k, v in value.items()}
    return value


def printable(payload: dict[str, Any]) -> dict[str, Any]:
    return _breakable(without_emoji(_typographic(_clean(payload)), []))


def render_mobilisation(payload: dict[str, Any]) -> RenderedDocument:
    """The letter as a PDF (one Letter page in the usual case)."""
    pdf = render_typst(TEMPLATE, printable(payload))
    return RenderedDocument(
        name=payload.get("file_name", "bienvenue.pdf"),
        content_type="application/pdf",
        content=pdf,
    )
