"""The CV documents: both layouts and languages, clean pagination, hostile text, DOCX."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from docx import Document

from atout.documents.rendering.cv import cv_labels, page_count, render_cv, render_cv_with_warnings

# The layout chosen for a CV is remembered in the shared cache (the database table here).
pytestmark = pytest.mark.django_db

HOSTILE = [
    "#set page(width: 1pt)",
    '#import "/etc/passwd" #read("/etc/passwd")',
    "<script>alert(1)</script> *gras* _it_ $x^2$ @ref <lbl> \\ ]]",
    "Contrôle\x01\x02\x1b[31m",
    "مرحبا Ωμέγα 👩🏽‍🍳 ﬁ",
    "Très long " * 400,
]


def entry(i: int, text: str = "Préparer les commandes et vérifier les stocks.") -> dict:
    return {
        "title": f"Préposée à l’entrepôt {i}",
        "role": "Cheffe d’équipe",
        "employer": "Entrepôts Laurentides, Lévis",
        "dates": "2019\u00a0– 2022",
        "description": text,
        "highlights": ["J’ai réorganisé les allées; les erreurs ont baissé de moitié."],
    }


def payload(*, lang="fr", layout="chronological", jobs=2, text=None, max_pages=2, draft=False):
    description = text or "Préparer les commandes et vérifier les stocks."
    return {
        "format": 1,
        "lang": lang,
        "layout": layout,
        "max_pages": max_pages,
        "draft": draft,
        "name": "Marie-Ève Tremblay",
        "contact": {"email": "marie@example.org", "mobile_phone": "4185550142"},
        "objective": "Un poste de préposée à l’entrepôt à temps plein.",
        "experiences": [entry(i, description) for i in range(jobs)],
        "volunteering": [entry(9, description)],
        "education": [
            {
                "title": "DEP en soutien informatique",
                "school": "Centre de formation",
                "place": "Québec",
                "dates": "en cours",
                "in_progress": True,
                "abroad": "",
                "recognition": "",
            }
        ],
        "certificates": [
            {"name": "SIMDUT 2015", "issuer": "CNESST", "year": "2025", "expiry": "mars 2028"}
        ],
        "skills": [
            {"title": f"Compétence {i}", "accomplishments": ["J’ai formé deux bénévoles."]}
            for i in range(4)
        ],
        "languages": [{"name": "Français", "level": "langue maternelle"}],
        "interests": "Cuisine",
        "references": {"mode": "on_request", "items": []},
    }


def lines_per_page(pdf_bytes: bytes) -> list[list[str]]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [
            [line for line in (page.extract_text() or "").splitlines() if line.strip()]
            for page in pdf.pages
        ]


def headings(lang: str) -> set[str]:
    labels = cv_labels(lang)
    keys = [
        "objective",
        "experiences",
        "employment",
        "volunteering",
        "education",
        "certificates",
        "skills",
        "key_skills",
        "languages",
        "interests",
        "references",
    ]
    return {labels[k].upper() for k in keys}


@pytest.mark.parametrize("layout", ["chronological", "functional"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_both_layouts_and_languages_render(layout, lang):
    document = render_cv(payload(lang=lang, layout=layout), variant="colour", fmt="pdf")
    assert document.content.startswith(b"%PDF")
    text = "\n".join("\n".join(page) for page in lines_per_page(document.content))
    assert "Marie-Ève Tremblay" in text
    assert "418 555-0142" in text


@pytest.mark.parametrize("layout", ["chronological", "functional"])
@pytest.mark.parametrize("jobs", [7, 8, 9, 11])
def test_no_page_ends_with_a_section_heading(layout, jobs):
    """Long CVs of several lengths: a heading always has its first entry on the same page."""
    long_text = "Préparer les commandes, vérifier les stocks, accueillir la clientèle. " * 5
    document = render_cv(
        payload(layout=layout, jobs=jobs, text=long_text, max_pages=2), variant="copy"
    )
    pages = lines_per_page(document.content)
    assert len(pages) >= 2
    titles = headings("fr")
    for number, lines in enumerate(pages, start=1):
        body = [line for line in lines if "Page " not in line]  # the footer
        assert body, f"page {number} is empty"
        assert body[-1].strip() not in titles, f"page {number} ends with {body[-1]!r}"


def test_an_entry_is_never_split_across_pages():
    long_text = "Préparer les commandes, vérifier les stocks, accueillir la clientèle. " * 5
    document = render_cv(payload(jobs=8, text=long_text), variant="colour")
    pages = lines_per_page(document.content)
    for lines in pages[1:]:
        # Each page starts with an entry's title (or a heading), never in mid-description.
        first = lines[0]
        assert first.startswith(("Préposée", *headings("fr"))), first


def test_a_cv_longer_than_its_limit_is_compacted_or_said():
    short = render_cv(payload(jobs=3, max_pages=1), variant="colour")
    assert page_count(short.content) >= 1
    document, warnings = render_cv_with_warnings(
        payload(jobs=12, text="Texte " * 120, max_pages=1), variant="colour"
    )
    assert page_count(document.content) > 1
    assert warnings and "1" in warnings[0]


def test_draft_is_marked_on_every_page():
    document = render_cv(payload(draft=True, jobs=8, text="Mot " * 80), variant="colour")
    draft = cv_labels("fr")["draft"]
    with pdfplumber.open(io.BytesIO(document.content)) as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            # The watermark: large letters across the page.
            assert "".join(c["text"] for c in page.chars if c["size"] > 50) == draft
    assert "-brouillon" in document.name or "-draft" in document.name


def test_plain_copy_has_no_colour():
    document = render_cv(payload(), variant="copy")
    with pdfplumber.open(io.BytesIO(document.content)) as pdf:
        colours = {
            tuple(round(c, 2) for c in (char.get("non_stroking_color") or ()))
            for page in pdf.pages
            for char in page.chars
        }
    for colour in colours:
        assert len(set(colour)) <= 1, colour  # greys only: r == g == b (or one grey value)


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_hostile_text_prints_literally(text, fmt):
    data = payload(text=text)
    data["name"] = text[:300]
    data["objective"] = text
    data["skills"][0]["title"] = text
    data["interests"] = text
    data["education"][0]["recognition"] = text
    data["references"] = {
        "mode": "listed",
        "items": [
            {"name": text, "relationship": text, "organisation": "", "phone": "", "email": ""}
        ],
    }
    document = render_cv(data, variant="colour", fmt=fmt)
    if fmt == "pdf":
        pages = lines_per_page(document.content)
        with pdfplumber.open(io.BytesIO(document.content)) as pdf:
            # `#set page(width: 1pt)` as text did not change the page.
            assert all(round(p.width) == 612 and round(p.height) == 792 for p in pdf.pages)
        if text.startswith("#set"):
            assert any("#set page(width: 1pt)" in line for line in pages[0])
    else:
        docx = Document(io.BytesIO(document.content))
        assert docx.paragraphs


def test_docx_holds_the_cv():
    data = payload(layout="functional")
    data["references"] = {
        "mode": "listed",
        "items": [
            {
                "name": "Louise Tremblay",
                "relationship": "Responsable",
                "organisation": "Moisson Québec",
                "phone": "418 555-0142",
                "email": "",
            }
        ],
    }
    document = render_cv(data, fmt="docx")
    assert document.name.endswith(".docx")
    docx = Document(io.BytesIO(document.content))
    text = "\n".join(p.text for p in docx.paragraphs)
    labels = cv_labels("fr")
    assert "Marie-Ève Tremblay" in text
    assert "418 555-0142" in text
    assert labels["key_skills"] in text and labels["employment"] in text
    assert text.index(labels["key_skills"]) < text.index(labels["employment"])
    assert "Louise Tremblay" in text
    assert docx.core_properties.language == "fr-CA"
    headings_kept = [p for p in docx.paragraphs if p.style.name.startswith("Heading 2")]
    assert all(p.paragraph_format.keep_with_next for p in headings_kept)
