"""Business cards: placed to a fraction of a point, text kept inside each card, plain copy."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.utils import translation

from atout.documents.rendering.cards import (
    LAYOUTS,
    PT_PER_MM,
    LayoutError,
    layout_from_values,
    render_business_cards,
)
from atout.documents.tests.test_passport_pdf import is_grey

TOLERANCE = 0.1  # points


def card_content(**changes) -> dict:
    content = {
        "languages": "both",
        "given_names": "Émilie",
        "family_name": "Gagnon",
        "objective": {
            "fr": "Commis d’entrepôt de jour, fiable et minutieuse.",
            "en": "Day-shift warehouse clerk, reliable and careful.",
        },
        "competencies": [
            {"title": {"fr": "Travailler en équipe", "en": "Teamwork"}},
            {"title": {"fr": "Respecter les consignes", "en": "Following instructions"}},
            {"title": {"fr": "Gérer son temps", "en": "Managing time"}},
        ],
        "contact": {
            "email": "emilie.gagnon@exemple.ca",
            "mobile_phone": "4185551234",
            "address": "12, rue des Érables, Québec",
        },
        "logo": {"builtin": "star", "uploaded": False},
    }
    content.update(changes)
    return content


def render(content=None, **options):
    options.setdefault("lang", "fr")
    options.setdefault("variant", "colour")
    options.setdefault("layout", LAYOUTS["perforated-10"])
    with translation.override("en"):
        return render_business_cards(content or card_content(), **options)


def first_page(document):
    pdf = pdfplumber.open(io.BytesIO(document.content))
    return pdf, pdf.pages[0]


def text_of(document) -> str:
    pdf, page = first_page(document)
    with pdf:
        return page.extract_text() or ""


def outlines(document) -> list[tuple[float, float, float, float]]:
    pdf, page = first_page(document)
    with pdf:
        return sorted(
            (r["x0"], r["top"], r["x1"] - r["x0"], r["bottom"] - r["top"]) for r in page.rects
        )


def assert_boxes(found, expected):
    assert len(found) == len(expected)
    for got, want in zip(found, sorted(expected), strict=True):
        assert all(abs(a - b) <= TOLERANCE for a, b in zip(got, want, strict=True)), (got, want)


def test_sheet_is_us_letter_with_ten_cards():
    document, warnings = render()
    assert document.content_type == "application/pdf"
    assert document.name == "emilie-gagnon-cartes-fr.pdf"
    assert warnings == []
    pdf, page = first_page(document)
    with pdf:
        assert len(pdf.pages) == 1
        assert (page.width, page.height) == (612, 792)
    assert text_of(document).count("Émilie Gagnon") == 10


def test_presets_are_two_by_five_cards_of_3_5_by_2_inches():
    perforated = LAYOUTS["perforated-10"]
    assert (perforated.card_w, perforated.card_h) == (252, 144)
    assert (perforated.columns, perforated.rows) == (2, 5)
    assert (perforated.margin_top, perforated.margin_left) == (36, 54)
    assert (perforated.gap_x, perforated.gap_y) == (0, 0)
    assert perforated.unconfirmed == ()
    clean = LAYOUTS["clean-edge-10"]
    assert (clean.card_w, clean.card_h, clean.per_sheet) == (252, 144, 10)
    assert set(clean.unconfirmed) <= {"margin_top", "margin_left", "gap_x", "gap_y"}


@pytest.mark.parametrize("name", ["perforated-10", "clean-edge-10"])
def test_test_page_outlines_are_where_the_layout_says(name):
    layout = LAYOUTS[name]
    document, _warnings = render(layout=layout, test_page=True)
    assert_boxes(outlines(document), layout.boxes())
    assert outlines(document)[0][:2] == pytest.approx((54, 36), abs=TOLERANCE)
    assert "100\u00a0%" in text_of(document) or "100 %" in text_of(document)
    assert "Émilie" not in text_of(document)


def test_printer_offset_in_mm_shifts_every_outline():
    layout = LAYOUTS["perforated-10"]
    document, _warnings = render(layout=layout, test_page=True, offset_mm=(2.5, -1.0))
    shifted = [(x + 2.5 * PT_PER_MM, y - 1.0 * PT_PER_MM, w, h) for x, y, w, h in layout.boxes()]
    assert_boxes(outlines(document), shifted)
    assert outlines(document)[0][:2] == pytest.approx((61.0866, 33.1654), abs=TOLERANCE)


def test_an_organisations_own_layout_is_placed_exactly():
    layout = layout_from_values(
        name="own",
        card_w=243,
        card_h=139.5,
        columns=2,
        rows=5,
        margin_top=40.5,
        margin_left=49.5,
        gap_x=27,
        gap_y=9,
    )
    document, _warnings = render(layout=layout, test_page=True)
    assert_boxes(outlines(document), layout.boxes())
    cards, _warnings = render(layout=layout)
    assert text_of(cards).count("Émilie Gagnon") == 10


@pytest.mark.parametrize(
    "changes",
    [
        {"card_w": 0},
        {"card_h": -1},
        {"columns": 0},
        {"rows": 2.5},
        {"margin_top": -3},
        {"gap_x": float("nan")},
        {"columns": 3},  # 3 × 252 pt is wider than the sheet
        {"margin_top": 100},  # the fifth row falls off the sheet
    ],
)
def test_own_layout_values_are_checked(changes):
    values = dict(
        name="own",
        card_w=252,
        card_h=144,
        columns=2,
        rows=5,
        margin_top=36,
        margin_left=54,
    )
    with pytest.raises(LayoutError):
        layout_from_values(**(values | changes))


def test_cards_show_name_objective_competencies_and_contact_in_french_and_english():
    french = text_of(render(lang="fr")[0])
    assert "Commis d’entrepôt de jour" in french
    assert "Travailler en équipe" in french and "Gérer son temps" in french
    assert "emilie.gagnon@exemple.ca" in french
    assert "Cellulaire 418 555-1234" in french
    english_document, _warnings = render(lang="en")
    english = text_of(english_document)
    assert english_document.name == "emilie-gagnon-business-cards-en.pdf"
    assert "Day-shift warehouse clerk" in english and "Teamwork" in english
    assert "Mobile 418 555-1234" in english


def test_only_the_contact_given_prints():
    content = card_content()
    del content["contact"]["email"]
    text = text_of(render(content)[0])
    assert "exemple.ca" not in text
    assert "418 555-1234" in text


def chars_outside_their_card(document, layout) -> list[str]:
    boxes = layout.boxes()
    pdf, page = first_page(document)
    with pdf:
        outside = []
        for char in page.chars:
            if not char["text"].strip():
                continue
            inside = any(
                x - TOLERANCE <= char["x0"]
                and char["x1"] <= x + w + TOLERANCE
                and y - TOLERANCE <= char["top"]
                and char["bottom"] <= y + h + TOLERANCE
                for x, y, w, h in boxes
            )
            if not inside:
                outside.append(char["text"])
        return outside


@pytest.mark.parametrize("variant", ["colour", "copy"])
def test_very_long_texts_stay_inside_each_card_and_say_what_was_shortened(variant):
    content = card_content(
        given_names=("Marie-Ève " * 15).strip()[:150].ljust(150, "x"),
        family_name="Gagnon",
        objective={"fr": ("travailler " * 100)[:1000], "en": ""},
        competencies=[{"title": {"fr": "Compétence " * 12, "en": ""}}] * 5,
        contact={"email": "x" * 120 + "@exemple.ca", "address": "rue " * 40},
    )
    layout = LAYOUTS["perforated-10"]
    document, warnings = render(content, variant=variant, layout=layout)
    assert chars_outside_their_card(document, layout) == []
    assert "The name is too long for a card; it was shortened." in warnings
    assert "The objective is too long for a card; it was shortened." in warnings
    assert "The title of key competency 1 was shortened to fit the card." in warnings
    assert "A contact detail was shortened to fit the card." in warnings
    assert "…" in text_of(document)


def test_one_unbroken_long_name_wraps_inside_the_card():
    layout = LAYOUTS["clean-edge-10"]
    document, warnings = render(card_content(given_names="A" * 150), layout=layout)
    assert chars_outside_their_card(document, layout) == []
    assert warnings


def test_wide_capitals_everywhere_stay_inside_each_card():
    wide = "WMWM " * 300
    content = card_content(
        given_names=wide[:150],
        objective={"fr": wide[:1000], "en": ""},
        competencies=[{"title": {"fr": wide[:200], "en": ""}}] * 3,
        contact={
            "email": "W" * 60 + "@EXEMPLE.CA",
            "mobile_phone": "4185551234",
            "home_phone": "4185559876",
            "address": wide[:200],
        },
    )
    layout = LAYOUTS["perforated-10"]
    for variant in ("colour", "copy"):
        document, warnings = render(content, variant=variant, layout=layout)
        assert chars_outside_their_card(document, layout) == []
        assert len(warnings) == 6


def test_warnings_are_translated():
    content = card_content(given_names="Marie " * 30)
    with translation.override("fr-ca"):
        _document, warnings = render_business_cards(
            content, lang="fr", variant="colour", layout=LAYOUTS["perforated-10"]
        )
    assert "Le nom est trop long pour une carte; il a été raccourci." in warnings


def colours_of(document) -> list:
    pdf, page = first_page(document)
    with pdf:
        found = [c["non_stroking_color"] for c in page.chars]
        for shape in page.rects + page.curves + page.lines:
            found += [shape.get("non_stroking_color"), shape.get("stroking_color")]
        return found


def test_plain_copy_has_no_colour_and_the_original_has():
    assert all(is_grey(c) for c in colours_of(render(variant="copy")[0]))
    assert not all(is_grey(c) for c in colours_of(render(variant="colour")[0]))
    assert all(is_grey(c) for c in colours_of(render(test_page=True)[0]))


def test_hostile_text_prints_literally():
    markup = '#import "x" <script>alert(1)</script> $x$ *b* ]'
    content = card_content(
        given_names="ليلى",
        family_name="حداد",
        objective={"fr": markup, "en": ""},
        competencies=[{"title": {"fr": '#read("/etc/passwd") 😀', "en": ""}}],
    )
    document, warnings = render(content)
    text = text_of(document)
    assert "#import" in text and '"x"' in text
    assert "<script>alert(1)</script>" in text
    assert "$x$" in text and "*b*" in text
    assert '#read("/etc/passwd")' in text
    assert "root:" not in text
    pdf, page = first_page(document)
    with pdf:
        letters = "".join(c["text"] for c in page.chars)
    assert all(letter in letters for letter in "ليلىحداد")
    assert "Emoji cannot be printed; they were left out of the cards." in warnings


def test_an_uploaded_logo_prints_and_a_broken_one_is_left_out_with_a_warning():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), (200, 30, 30)).save(buffer, format="PNG")
    content = card_content(logo={"builtin": "", "uploaded": True})
    document, warnings = render(content, logo=buffer.getvalue(), logo_type="png")
    assert warnings == []
    pdf, page = first_page(document)
    with pdf:
        assert len(page.images) == 10
    document, warnings = render(content, logo=b"not an image", logo_type="png")
    assert warnings == ["The logo could not be printed (damaged or unsupported file)."]
    assert text_of(document).count("Émilie Gagnon") == 10
