"""The CLE's service request as the form the organisation files (one or two Letter pages).

The payload comes from `referrals.selectors.request_payload`: plain, display-ready values
with the labels in the requested language (French by default). User text travels as JSON
values, so markup or Typst-looking text prints literally; emoji are left out (the embedded
fonts have none) and apostrophes become typographic.
"""

from __future__ import annotations

from typing import Any

from atout.documents.rendering.engine import RenderedDocument, render_typst
from atout.documents.rendering.passport import typographic, without_emoji

TEMPLATE = "service_request.typ"

# Long texts are capped by the model; this only guards the page count of a hostile payload.
_LIMIT = 4000


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        text = typographic(value)
        return text if len(text) <= _LIMIT else text[: _LIMIT - 1] + "…"
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def render_service_request(payload: dict[str, Any]) -> RenderedDocument:
    """PDF of the request (black on white: it is filed and photocopied)."""
    data = without_emoji(_clean(payload), [])
    pdf = render_typst(TEMPLATE, data)
    return RenderedDocument(name=payload["file_name"], content_type="application/pdf", content=pdf)
