"""The readable summary of a person's data (`resume.pdf` in their copy of their data).

The payload is display-ready (built by atout.portability.summary): labels in the person's
language, values as text. User text travels only as JSON values, never as Typst source, so a
note that looks like markup prints as typed. Long lists break across pages; the PDF is tagged
(headings, tables with header rows) by the engine.
"""

from __future__ import annotations

from typing import Any

from atout.documents.rendering.engine import RenderedDocument, render_typst

TEMPLATE = "personal_data.typ"


def render_personal_data(payload: dict[str, Any]) -> RenderedDocument:
    """The summary PDF; `payload` as `summary_payload` builds it."""
    content = render_typst(TEMPLATE, payload)
    return RenderedDocument(
        name="resume.pdf", content_type="application/pdf", content=bytes(content)
    )
