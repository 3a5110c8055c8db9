"""The feedback report (rétroinformation) the organisation sends to the CLE.

The payload comes from `participations.selectors.feedback_payload` (frozen when sent): every
label is in it, so the template only lays it out. User text reaches Typst only as JSON values.
"""

from __future__ import annotations

from typing import Any

from atout.documents.rendering.engine import RenderedDocument, render_typst
from atout.documents.rendering.letter import _breakable, _clean
from atout.documents.rendering.mobilisation import _typographic
from atout.documents.rendering.passport import without_emoji

TEMPLATE = "feedback.typ"


def printable(payload: dict[str, Any]) -> dict[str, Any]:
    data = _breakable(without_emoji(_typographic(_clean(payload)), []))
    data.setdefault("draft", False)
    return data


def render_feedback(payload: dict[str, Any]) -> RenderedDocument:
    pdf = render_typst(TEMPLATE, printable(payload))
    name = payload.get("file_name", "retroinformation.pdf")
    if payload.get("draft"):
        name = name.replace(".pdf", "-brouillon.pdf")
    return RenderedDocument(name=name, content_type="application/pdf", content=pdf)
