"""The printable record of a certificate of professional qualification (CQP) or an
attestation of competency: who holds it, for which standard, on which legal basis, which
competencies it covers, its number and issue date.

The payload comes from `certificates.selectors.credential_payload` (plain values, one
language); user text reaches Typst only as JSON values, so markup prints literally.
"""

from __future__ import annotations

from typing import Any

from atout.documents.rendering.engine import RenderedDocument, render_typst
from atout.documents.rendering.mobilisation import printable

TEMPLATE = "credential.typ"


def render_credential(payload: dict[str, Any]) -> RenderedDocument:
    """The record as a PDF (one Letter page)."""
    pdf = render_typst(TEMPLATE, printable(payload))
    return RenderedDocument(
        name=payload.get("file_name", "releve-reconnaissance.pdf"),
        content_type="application/pdf",
        content=pdf,
    )
