"""What assistive technology reads in the documents: the logo's alternative text in the
tagged PDF, and one document language in the Word file."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pdfplumber
import pytest
from django.utils import translation
from docx.oxml.ns import qn

from atout.documents.rendering.docx import render_passport_docx
from atout.documents.rendering.passport import BUILTIN_LOGOS, passport_payload, render_passport
from atout.documents.tests.test_passport_pdf import sample_content


def figures(pdf_bytes: bytes) -> list[dict]:
    """Every Figure element of the PDF's structure tree."""
    found = []

    def walk(node: dict) -> None:
        if node.get("type") == "Figure":
            found.append(node)
        for child in node.get("children", []):
            walk(child)

    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for node in pdf.structure_tree:
            walk(node)
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_builtin_logo_has_alternative_text_in_the_documents_language(lang):
    content = sample_content(1)
    content["logo"] = {"builtin": "star", "uploaded": False}
    pdf = render_passport(content, lang=lang, variant="colour").content
    alts = [f.get("alt_text") for f in figures(pdf)]
    assert len(alts) == 1, alts
    with translation.override("en" if lang == "en" else "fr-ca"):
        star = translation.gettext("Star")
    assert alts[0] and star in alts[0]
    if lang == "en":
        assert alts[0] == "Logo: Star"


def test_uploaded_logo_is_called_a_logo(tmp_path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buffer, "PNG")
    content = sample_content(1)
    content["logo"] = {"builtin": "", "uploaded": True}
    pdf = render_passport(
        content, lang="en", variant="colour", logo=buffer.getvalue(), logo_type="image/png"
    ).content
    assert [f.get("alt_text") for f in figures(pdf)] == ["Logo"]


def test_payload_alt_text_wins_and_is_plain_text():
    content = sample_content(1)
    content["logo"] = {"builtin": "leaf", "uploaded": False, "alt": " Logo : Les #Pousses] "}
    alt = passport_payload(content, lang="fr", variant="colour")["logo_alt"]
    assert alt.startswith("Logo") and alt.endswith("#Pousses]")
    pdf = render_passport(content, lang="fr", variant="colour").content
    (figure,) = figures(pdf)
    assert figure["alt_text"] == alt  # data, never Typst markup


@pytest.mark.parametrize("name", BUILTIN_LOGOS)
def test_every_builtin_logo_is_named(name):
    content = sample_content(1)
    content["logo"] = {"builtin": name, "uploaded": False}
    alt = passport_payload(content, lang="en", variant="colour")["logo_alt"]
    assert re.fullmatch(r"Logo: [A-Z][a-z ]+", alt), alt


def test_no_logo_no_figure():
    content = sample_content(1)
    content["logo"] = {"builtin": "", "uploaded": False}
    assert figures(render_passport(content, lang="fr", variant="colour").content) == []


def _languages(docx_bytes: bytes) -> set[str]:
    """Every language named anywhere in the Word package's XML."""
    found = set()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        for name in package.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            xml = package.read(name).decode("utf-8")
            for tag in re.findall(r"<w:(?:lang|themeFontLang)\b[^>]*>", xml):
                found |= set(re.findall(r'w:(?:val|eastAsia|bidi)="([^"]+)"', tag))
            found |= set(re.findall(r"<dc:language>([^<]*)<", xml))
    return found


@pytest.mark.parametrize(("lang", "code"), [("fr", "fr-CA"), ("en", "en-CA")])
def test_docx_declares_one_language(lang, code):
    content = render_passport_docx(sample_content(2), lang=lang).content
    assert _languages(content) == {code}
    document = docx.Document(io.BytesIO(content))
    defaults = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"
    )
    (language,) = defaults.findall(qn("w:lang"))
    assert language.get(qn("w:val")) == code
    assert document.core_properties.language == code
