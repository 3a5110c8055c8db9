"""The committee's letters render hostile text literally, in French and English."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atout.committees import selectors
from atout.committees.models import Decision
from atout.committees.tests.factories import decided_transmission, parties
from atout.documents.rendering.committee_confirmation import render_committee_confirmation
from atout.documents.rendering.recognition_result import render_result_letter

pytestmark = pytest.mark.django_db

HOSTILE = [
    '#set page(width: 1pt) #place(dx: 9in)[x] $ x^2 $ <b>gras</b> "guillemets"',
    "ligne\u202eRTL\u200b\ufeff",
    "é" * 6000,
    "\\ ] ) } // /* @ #let x = 1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_prints_in_both_letters(text):
    transmission = decided_transmission(parties(), Decision.Outcome.PARTIAL)
    Decision.objects.filter(pk=transmission.decision.pk).update(
        gaps=text, pointers=text, explanation=text
    )
    decision = Decision.objects.get(pk=transmission.decision.pk)
    for lang in ("fr", "en"):
        letter = render_result_letter(selectors.result_letter_payload(decision, lang))
        assert letter.content.startswith(b"%PDF")
        confirmation = render_committee_confirmation(selectors.confirmation_payload(decision, lang))
        assert confirmation.content.startswith(b"%PDF")


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(min_size=1, max_size=300))
def test_any_pointers_text_renders(text):
    payload = {
        "lang": "fr",
        "labels": {
            k: k
            for k in (
                "title", "greeting", "mastered", "gaps", "pointers", "explanation",
                "standard", "committee", "decided_on", "closing", "page", "of",
            )
        },
        "file_name": "x.pdf",
        "date": "1 janvier 2026",
        "name": text,
        "standard": text,
        "committee": text,
        "decided_on": text,
        "result": text,
        "mastered": [text],
        "gaps": text,
        "pointers": text,
        "explanation": text,
        "next_step": text,
        "advisor": text,
    }  # fmt: skip
    assert render_result_letter(payload).content.startswith(b"%PDF")
