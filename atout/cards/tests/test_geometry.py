"""An organisation's own card stock prints where its data says, to ± 0.3 pt, and the
organisation's printer offset shifts every card by exactly that offset."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.urls import reverse

from atout.cards import documents
from atout.documents.rendering.cards import PT_PER_MM

pytestmark = pytest.mark.django_db

TOLERANCE = 0.3  # points


def expected_origins(dx_mm: float = 0.0, dy_mm: float = 0.0) -> list[tuple[float, float]]:
    """From the fixture's data in mm, computed here by hand, not by the code under test."""
    xs = [12.5, 12.5 + 89 + 6]
    ys = [20 + k * (51 + 10) for k in range(4)]
    return sorted(((x + dx_mm) * PT_PER_MM, (y + dy_mm) * PT_PER_MM) for y in ys for x in xs)


def outlines(content: bytes) -> list[tuple[float, float, float, float]]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert (page.width, page.height) == (612, 792)
        return sorted(
            (r["x0"], r["top"], r["x1"] - r["x0"], r["bottom"] - r["top"]) for r in page.rects
        )


def card_boxes(content: bytes) -> list[tuple[float, float]]:
    """Card origins of a sheet of cards: the top-left of each card's clipping box, read as
    the top-left of the words of each card (the name starts 12 pt right, 10 pt down)."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        words = pdf.pages[0].extract_words()
    names = sorted(
        {(round(w["x0"], 2), round(w["top"], 2)) for w in words if w["text"] == "Émilie"}
    )
    return names


def assert_origins(found, expected):
    assert len(found) == len(expected)
    for (x, y, *_size), (ex, ey) in zip(found, expected, strict=True):
        assert abs(x - ex) <= TOLERANCE and abs(y - ey) <= TOLERANCE, ((x, y), (ex, ey))


def test_test_page_of_an_own_layout_matches_its_data(client_for, org_admin, own_layout):
    response = client_for(org_admin).get(reverse("cards:test_page"), {"layout": own_layout.key})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    found = outlines(response.content)
    assert_origins(found, expected_origins())
    for _x, _y, w, h in found:
        assert w == pytest.approx(89 * PT_PER_MM, abs=TOLERANCE)
        assert h == pytest.approx(51 * PT_PER_MM, abs=TOLERANCE)


def test_the_organisations_offset_shifts_every_card_by_exactly_that(
    client_for, org_admin, own_layout, offset
):
    response = client_for(org_admin).get(reverse("cards:test_page"), {"layout": own_layout.key})
    assert_origins(outlines(response.content), expected_origins(1.5, -2.0))


def test_cards_of_an_own_layout_sit_in_their_cards_with_the_offset(
    participant, passport, own_layout, offset
):
    plain = documents.render(
        participant, lang="fr", variant="copy", fmt="pdf", layout=own_layout.name
    )
    names = card_boxes(plain.content)
    assert len(names) == 8
    for (x, y), (ex, ey) in zip(names, expected_origins(1.5, -2.0), strict=True):
        # The name starts at the card's inner padding (12 pt across, about 10 pt down).
        assert ex + 11 <= x <= ex + 14
        assert ey + 9 <= y <= ey + 16
