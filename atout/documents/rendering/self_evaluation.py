"""Self-evaluation results as a one- or two-page PDF."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from atout.documents.rendering.engine import RenderedDocument, render_typst


def render_self_evaluation(payload: dict[str, Any]) -> RenderedDocument:
    """`payload` comes from `competencies.selectors.self_evaluation_payload`: plain values."""
    with translation.override("en" if payload["lang"] == "en" else "fr-ca"):
        pdf = render_typst("self_evaluation.typ", payload)
    return RenderedDocument(name=payload["file_name"], content_type="application/pdf", content=pdf)
