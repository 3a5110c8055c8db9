"""The letter to the candidate on the committee's decision (result, gaps, next step).

The payload comes from `committees.selectors.result_letter_payload`; see
`committee_confirmation.py` for how text is cleaned.
"""

from __future__ import annotations

from typing import Any

from atout.documents.rendering.committee_confirmation import clean
from atout.documents.rendering.engine import RenderedDocument, render_typst
from atout.documents.rendering.passport import without_emoji

TEMPLATE = "recognition_result.typ"


def render_result_letter(payload: dict[str, Any]) -> RenderedDocument:
    """PDF of the letter to the candidate."""
    data = without_emoji(clean(payload), [])
    pdf = render_typst(TEMPLATE, data)
    return RenderedDocument(name=payload["file_name"], content_type="application/pdf", content=pdf)
