"""The welcome letter and the feedback report as PDFs: hostile text prints literally, huge
text flows onto more pages, control characters are left out."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from atout.documents.rendering.feedback import render_feedback
from atout.documents.rendering.mobilisation import render_mobilisation
from atout.participations.selectors import FEEDBACK_LABELS, MOBILISATION

HOSTILE = [
    "#set page(width: 1pt)",
    "<script>alert(1)</script>",
    "$ x^2 $ *gras* _italique_ @ref",
    "Ligne\x00avec\x1bcontrôle\u202eà l’envers",
    "mot" * 300,
    "Une phrase assez longue pour remplir la page. " * 60,
]


def text_of(content: bytes) -> tuple[str, int]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        words = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
        return words, len(pdf.pages)


def feedback(value: str) -> dict:
    labels = FEEDBACK_LABELS["fr"]
    return {
        "lang": "fr", "draft": False, "title": labels["title"], "labels": labels,
        "person": value[:150], "organisation": "Carrefour emploi Limoilou", "cle": "CLE",
        "agreement": "SAE", "request": "", "entry_route": "Organisme", "tool": "CV",
        "tool_reason": value, "status": "Terminée", "planned": "—", "actual": "—",
        "end_reason": value, "activity_count": "1", "attended": "1", "hours": "1,5",
        "documents": [{"title": value[:200], "state": "Approuvé"}],
        "service_given": value, "appropriation": value, "next_steps": value,
        "outcome": "Autre", "outcome_detail": value[:300], "sent": "Envoyé le 1er décembre",
        "file_name": "retroinformation-1.pdf",
    }  # fmt: skip


def mobilisation(value: str) -> dict:
    text = MOBILISATION["fr"]
    return {
        "lang": "fr", "title": text["title"], "kicker": text["kicker"], "organisation": value[:200],
        "hello": text["hello"].format(name=value[:150]), "intro": text["intro"].format(org=value),
        "steps_title": text["steps_title"], "steps": text["steps"],
        "bring_title": text["bring_title"], "bring": text["bring"],
        "meetings_title": text["meetings_title"], "first_meeting_label": text["first_meeting"],
        "first_meeting": text["no_meeting"], "meetings": [{"when": "lundi", "what": value[:80]}],
        "planned_label": text["planned"], "planned": "", "counsellor_label": text["counsellor"],
        "counsellor": value[:150], "closing": text["closing"], "date_line": "1er décembre 2026",
        "file_name": "bienvenue-1.pdf", "labels": {"page": "Page", "of": "de"},
    }  # fmt: skip


@pytest.mark.parametrize("value", HOSTILE)
def test_feedback_prints_hostile_text_literally(value):
    document = render_feedback(feedback(value))
    assert document.content_type == "application/pdf"
    text, pages = text_of(document.content)
    assert "\x00" not in text and "\u202e" not in text
    if value.startswith(("#", "<", "$")):
        assert value in text
    if len(value) > 2000:
        assert pages >= 2


@pytest.mark.parametrize("value", HOSTILE)
def test_welcome_letter_prints_hostile_text_literally(value):
    document = render_mobilisation(mobilisation(value))
    text, _pages = text_of(document.content)
    assert "\x00" not in text and "\u202e" not in text
    assert "Quoi apporter" in text
    if value.startswith(("#", "<", "$")):
        assert value in text


def test_a_draft_report_is_marked_and_named_so():
    document = render_feedback(feedback("Texte") | {"draft": True})
    assert document.name.endswith("-brouillon.pdf")
    assert "BROUILLON" in text_of(document.content)[0]
