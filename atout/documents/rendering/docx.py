"""The passport as a Word document, for people who must edit it in Word.

Same content and order as the PDF (built from the same payload): identification, objective,
basic skills, the three-column table, then the help text and the CLE address.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from atout.documents.rendering.engine import RenderedDocument
from atout.documents.rendering.passport import _file_name, passport_payload

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ACCENT = RGBColor(0x0E, 0x6E, 0x8C)
SOFT = RGBColor(0x58, 0x61, 0x73)


def _clean(text: str) -> str:
    """XML 1.0 forbids most control characters; Word would refuse the file."""
    return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 0x20)


def _run(paragraph: Any, text: str, *, bold: bool = False, size: float | None = None, colour=None):
    run = paragraph.add_run(_clean(text))
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    _keep_row_together(row)


def _keep_row_together(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    properties.append(cant_split)


def _heading(document: Any, text: str) -> None:
    paragraph = document.add_heading(level=2)
    _run(paragraph, text, colour=ACCENT)


def _set_language(document: Any, lang: str) -> None:
    """One document language: the printed one, on the default run properties and nowhere else.

    Word's blank template says en-US (and ja-JP, ar-SA for other scripts) in its styles and
    settings; a screen reader or spelling checker would read a French passport as English.
    """
    code = "fr-CA" if lang == "fr" else "en-CA"
    styles = document.styles.element
    for old in styles.iter(qn("w:lang")):
        old.getparent().remove(old)
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None:
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), code)
        rpr.append(language)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.attrib.clear()
        theme_lang.set(qn("w:val"), code)
    # The template's Word 2010 copy of the styles (stylesWithEffects) repeats en-US; Word
    # rebuilds it when needed, so the file goes without it.
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel_id)


def _build(data: dict[str, Any]) -> bytes:
    labels = data["labels"]
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(0.85)
    section.top_margin, section.bottom_margin = Inches(0.8), Inches(0.9)
    normal = document.styles["Normal"]
    normal.font.name = "Inter"
    normal.font.size = Pt(10)
    _set_language(document, data["lang"])
    document.core_properties.title = data["title"]
    document.core_properties.author = data["author"]
    document.core_properties.language = "fr-CA" if data["lang"] == "fr" else "en-CA"
    footer = section.footer.paragraphs[0]
    _run(footer, data["footer"], size=8, colour=SOFT)

    # Identification.
    _run(document.add_paragraph(), labels["kicker"].upper(), bold=True, size=9, colour=ACCENT)
    name = document.add_heading(level=1)
    _run(name, data["name"], size=24)
    for item in data["contact"]:
        paragraph = document.add_paragraph()
        sep = "\u00a0: " if data["lang"] == "fr" else ": "
        _run(paragraph, f"{item['label']}{sep}", bold=True)
        _run(paragraph, item["value"])

    # Objective, addressed to the employer.
    _heading(document, labels["objective"])
    _run(document.add_paragraph(), data["objective_quoted"], size=12)
    if data["signature"]:
        document.add_paragraph()
        _run(document.add_paragraph(), "_" * 40)
        _run(document.add_paragraph(), f"{labels['signature']} — {data['name']}", size=8)

    # Basic skills.
    if data["basic_skills"]:
        _heading(document, labels["basic_skills"])
        for item in data["basic_skills"]:
            paragraph = document.add_paragraph()
            sep = "\u00a0: " if data["lang"] == "fr" else ": "
            _run(paragraph, f"{item['label']}{sep}", bold=True)
            _run(paragraph, item["value"])

    # Competencies and their evidence.
    if data["competencies"]:
        document.add_page_break()
        _heading(document, labels["key_competencies"])
        recall = document.add_paragraph()
        _run(recall, f"{labels['objective_recall']}", bold=True, size=8, colour=SOFT)
        recall.add_run().add_break()
        _run(recall, data["objective"]).italic = True
        table = document.add_table(rows=1, cols=3)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        widths = (Inches(1.6), Inches(3.0), Inches(2.2))
        header = table.rows[0]
        for cell, text, width in zip(
            header.cells,
            (labels["col_competency"], labels["col_evidence"], labels["col_link"]),
            widths,
            strict=True,
        ):
            cell.width = width
            _run(cell.paragraphs[0], text, bold=True, colour=ACCENT)
        _repeat_header(header)
        for competency in data["competencies"]:
            row = table.add_row()
            _keep_row_together(row)
            first, evidence, link = row.cells
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
            _run(first.paragraphs[0], competency["number"], bold=True, size=8, colour=ACCENT)
            _run(first.add_paragraph(), competency["title"], bold=True)
            paragraph = evidence.paragraphs[0]
            for index, item in enumerate(competency["evidence"]):
                if index:
                    paragraph = evidence.add_paragraph()
                if item["situation"]:
                    _run(paragraph, item["situation"], bold=True)
                    paragraph = evidence.add_paragraph()
                if item["action"]:
                    _run(paragraph, item["action"])
                    paragraph = evidence.add_paragraph()
                if item["result"]:
                    _run(paragraph, f"{labels['result']} ", bold=True, colour=ACCENT)
                    _run(paragraph, item["result"])
            _run(link.paragraphs[0], competency["link"])

    # Help from the public employment service.
    document.add_page_break()
    _heading(document, labels["help_heading"])
    document.add_paragraph(_clean(labels["help_text"]))
    box = document.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    cell = box.rows[0].cells[0]
    _run(cell.paragraphs[0], labels["cle_heading"].upper(), bold=True, size=8, colour=SOFT)
    cle = data["cle"]
    if cle["name"]:
        _run(cell.add_paragraph(), cle["name"], bold=True)
        for line in cle["lines"]:
            _run(cell.add_paragraph(), line)
        if cle["phone"]:
            _run(cell.add_paragraph(), cle["phone"])
    else:
        _run(cell.add_paragraph(), labels["cle_blank"], size=8, colour=SOFT)
        for _line in range(3):
            cell.add_paragraph()
    if data["measures"]:
        document.add_paragraph()
        paragraph = document.add_paragraph()
        _run(paragraph, data["measures_heading"], bold=True)
        if data["measures_intro"]:
            _run(document.add_paragraph(), data["measures_intro"])
        for measure in data["measures"]:
            paragraph = document.add_paragraph()
            if measure["title"]:
                _run(paragraph, measure["title"], bold=True)
                if measure["period"]:
                    _run(paragraph, f" — {measure['period']}")
                if measure["conditions"]:
                    paragraph.add_run().add_break()
            if measure["conditions"]:
                _run(paragraph, measure["conditions"])
        if data["measures_note"]:
            _run(document.add_paragraph(), data["measures_note"], size=9)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_passport_docx(content: dict[str, Any], *, lang: str) -> RenderedDocument:
    """The passport in Word format (no logo: Word users add their own if they wish)."""
    data = passport_payload(content, lang=lang, variant="copy")
    data["variant"] = "colour"  # the file name of an editable document has no "copy" suffix
    return RenderedDocument(
        name=_file_name(data, "docx"), content_type=DOCX_TYPE, content=_build(data)
    )
