"""The passport in Word: same content and order as the PDF, editable."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from atout.documents.rendering.docx import DOCX_TYPE, render_passport_docx
from atout.documents.tests.test_passport_pdf import normalise, sample_content


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def body_text(document) -> str:
    """Paragraphs and table cells in document order."""
    parts = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            parts.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
        elif block.tag == qn("w:tbl"):
            for cell in block.iter(qn("w:tc")):
                parts.append("".join(t.text or "" for t in cell.iter(qn("w:t"))))
    return "\n".join(parts)


def test_docx_has_the_content_in_the_printed_order():
    document = render_passport_docx(sample_content(3), lang="fr")
    assert document.content_type == DOCX_TYPE
    assert document.name == "emilie-gagnon-passeport-emploi-fr.docx"
    text = normalise(body_text(open_docx(document.content)))
    order = [
        "Émilie Gagnon",
        "418 555-0142",
        "« Je souhaite travailler comme préposée",
        "Compétences de base",
        "Autorécureuse, produits SIMDUT",
        "Compétences",
        "Expériences et réalisations",
        "Liens avec le profil de main-d’œuvre recherché",
        "K01 Travailler avec soin",
        "K03 Travailler avec soin",
        "Embaucher avec l’appui du service public d’emploi",
        "Centre local d’emploi de Québec-Centre",
        "Subventions salariales",
    ]
    position = 0
    for fragment in order:
        found = text.find(fragment, position)
        assert found >= 0, f"{fragment!r} missing or out of order"
        position = found + len(fragment)


def test_docx_table_has_three_columns_no_borders_and_a_repeated_header():
    word = open_docx(render_passport_docx(sample_content(2), lang="fr").content)
    table = word.tables[0]
    assert len(table.columns) == 3
    assert len(table.rows) == 3
    assert table.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    evidence = table.rows[1].cells[1].text
    assert "Résultat" in evidence and "R01" in evidence


def test_english_docx_uses_english_headings():
    word = open_docx(render_passport_docx(sample_content(1), lang="en").content)
    text = body_text(word)
    assert "Experiences and achievements" in text
    assert "K01 Careful work" in text
    assert "Expériences et réalisations" not in text
    assert word.core_properties.title == "Employment Passport — Émilie Gagnon"


def test_docx_leaves_out_what_is_not_in_the_content():
    content = sample_content(1)
    content["contact"] = {"email": "emilie.gagnon@exemple.ca"}
    content["wage_subsidy"] = False
    text = body_text(open_docx(render_passport_docx(content, lang="fr").content))
    assert "555-0142" not in text
    assert "Subventions salariales" not in text
    assert "emilie.gagnon@exemple.ca" in text
