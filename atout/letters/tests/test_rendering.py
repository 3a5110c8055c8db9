"""The letter as printed: text read back from the PDF, the Word file opened with python-docx."""

import datetime
import io

import docx
import pdfplumber
import pytest

from atout.documents.rendering.letter import render_letter
from atout.letters import selectors
from atout.letters.models import BODY_MAX
from atout.letters.tests.factories import CoverLetterFactory


def _text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _pages(content: bytes) -> list:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [(page.width, page.height, page.chars) for page in pdf.pages]


@pytest.fixture
def french(employer_consents):
    return CoverLetterFactory(
        participant=employer_consents,
        contact_name="Madame Julie Roy",
        posting_title="Préposée aux chambres",
        posting_reference="2026-114",
        letter_date=datetime.date(2026, 12, 1),
    )


@pytest.fixture
def english(employer_consents):
    return CoverLetterFactory(
        participant=employer_consents,
        language="en",
        place="Quebec City",
        body="I am writing to offer my services.\n\nI welcomed forty families every Friday.",
        letter_date=datetime.date(2026, 11, 30),
    )


@pytest.mark.parametrize("variant", ["colour", "copy"])
def test_french_letter(french, variant):
    document = render_letter(selectors.letter_payload(french, draft=False), variant=variant)
    assert document.content_type == "application/pdf"
    assert document.name == (
        "lettre-emilie-gagnon-hotel-le-concorde.pdf"
        if variant == "colour"
        else "lettre-emilie-gagnon-hotel-le-concorde-copie.pdf"
    )
    text = _text(document.content)
    for expected in (
        "Émilie Gagnon",
        "418 555-0142",
        "emilie.gagnon@exemple.ca",
        "Québec, le 1er décembre 2026",
        "Madame Julie Roy",
        "Hôtel Le Concorde",
        "Québec (Québec) G1R 4W6",
        "Objet : Candidature au poste de préposée aux chambres (référence 2026-114)",
        "Madame, Monsieur,",
        "Je vous écris pour vous offrir mes services.",
        "mes salutations distinguées.",
    ):
        assert expected in text.replace("\u00a0", " "), expected
    assert "BROUILLON" not in text
    ((width, height, chars),) = _pages(document.content)
    assert (round(width), round(height)) == (612, 792)  # US Letter
    colours = {tuple(c["non_stroking_color"] or ()) for c in chars}
    greys = all(len(set(colour)) <= 1 for colour in colours)
    assert greys == (variant == "copy")


@pytest.mark.parametrize("variant", ["colour", "copy"])
def test_english_letter(english, variant):
    document = render_letter(selectors.letter_payload(english, draft=True), variant=variant)
    assert document.name.startswith("letter-emilie-gagnon-hotel-le-concorde-draft")
    text = _text(document.content)
    for expected in (
        "Quebec City, November 30, 2026",
        "Subject: Offer of services",
        "Dear Hiring Manager,",
        "I welcomed forty families every Friday.",
        "Sincerely,",
        "DRAFT — NOT APPROVED",
    ):
        assert expected in text, expected
    assert "Objet" not in text


def test_word_file(french):
    payload = selectors.letter_payload(french, draft=True)
    document = render_letter(payload, fmt="docx")
    assert document.name.endswith("-brouillon.docx")
    opened = docx.Document(io.BytesIO(document.content))
    texts = [p.text for p in opened.paragraphs]
    assert texts[0] == "Émilie Gagnon"
    assert "Québec, le 1er\u00a0décembre 2026" in texts
    assert (
        "Madame Julie Roy\nHôtel Le Concorde\n"
        "1225, cours du Général-De Montcalm\nQuébec (Québec)  G1R 4W6" in texts
    )
    assert any(t.startswith("Objet\u00a0: Candidature") for t in texts)
    assert "Je vous écris pour vous offrir mes services." in texts
    assert texts[-1] == "Émilie Gagnon"
    footer = opened.sections[0].footer.paragraphs[0].text
    assert footer == "BROUILLON — NON APPROUVÉ"
    section = opened.sections[0]
    assert (section.page_width.inches, section.page_height.inches) == (8.5, 11)
    assert opened.core_properties.language == "fr-CA"


HOSTILE = [
    "#set page(width: 1pt)",
    '#read("/etc/passwd")',
    '#import "/etc/passwd": *',
    "<script>alert(1)</script>",
    "$x^2$ *gras* _souligné_ [lien] \\ `code` @ref <label>",
    "} ] ) #{",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_prints_literally(letter, value):
    letter.employer_name = value
    letter.subject = value
    letter.body = f"{value}\n\nDeuxième {value}"
    payload = selectors.letter_payload(letter)
    pdf = render_letter(payload)
    text = _text(pdf.content)
    assert text.count(value) >= 3, text
    ((width, _height, _chars),) = _pages(pdf.content)
    assert round(width) == 612  # `#set page(width: 1pt)` changed nothing
    word = docx.Document(io.BytesIO(render_letter(payload, fmt="docx").content))
    assert any(p.text == value for p in word.paragraphs)


def test_control_characters_and_emoji_are_left_out(letter):
    letter.body = "Bonjour\x00\x07\x1b[31m tout le monde \u202eà l’envers 😀"
    payload = selectors.letter_payload(letter)
    text = _text(render_letter(payload).content)
    assert "Bonjour[31m tout le monde à l’envers" in text
    word = docx.Document(io.BytesIO(render_letter(payload, fmt="docx").content))
    assert any("Bonjour[31m tout le monde" in p.text for p in word.paragraphs)


def test_the_longest_body_breaks_onto_numbered_pages(letter):
    letter.body = "\n\n".join(["Une phrase assez longue pour remplir la ligne. " * 8] * 20)[
        :BODY_MAX
    ]
    document = render_letter(selectors.letter_payload(letter, draft=False))
    pages = _pages(document.content)
    assert len(pages) >= 2
    text = _text(document.content)
    assert f"Page 1 de {len(pages)}" in text
    assert "Émilie Gagnon" in text.split("\n")[-1] or "Émilie Gagnon" in text


def test_a_word_longer_than_a_line_stays_within_the_margins(letter):
    letter.employer_name = "X" * 200
    letter.body = "https://exemple.ca/" + "a" * 300
    document = render_letter(selectors.letter_payload(letter))
    with pdfplumber.open(io.BytesIO(document.content)) as pdf:
        for page in pdf.pages:
            assert all(c["x0"] >= 72 - 1 and c["x1"] <= page.width - 72 + 1 for c in page.chars)
