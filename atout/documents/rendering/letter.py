"""The cover letter as printed (PDF through Typst) and as an editable Word file.

`render_letter` takes the display-ready payload the letters app builds (one language, the
consented sender block, the recipient, the body as paragraphs, the labels) and lays it out;
a draft is marked as such on every page. User text reaches Typst only as JSON values, so
markup or Typst-looking text typed in a letter prints literally.
"""

from __future__ import annotations

import copy
import io
import re
from typing import Any

from django.utils.text import slugify

from atout.documents.rendering.docx import DOCX_TYPE, _set_language
from atout.documents.rendering.engine import RenderedDocument, render_typst
from atout.documents.rendering.passport import without_emoji

TEMPLATE = "letter.typ"
VARIANTS = ("colour", "copy")
FORMATS = ("pdf", "docx")

# Control characters (tabs and newlines are turned into spaces or paragraphs before).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _clean(value: Any) -> Any:
    """Every text of the payload without control or bidi-override characters."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


_LONG_WORD = re.compile(r"\S{41,}")


def _breakable(value: Any) -> Any:
    """Words too long for a line (a pasted link, a held-down key) may break every 20
    characters (zero-width spaces): Typst would otherwise run them past the margin."""
    if isinstance(value, str):
        return _LONG_WORD.sub(
            lambda m: "\u200b".join(m.group(0)[i : i + 20] for i in range(0, len(m.group(0)), 20)),
            value,
        )
    if isinstance(value, list):
        return [_breakable(item) for item in value]
    if isinstance(value, dict):
        return {key: _breakable(item) for key, item in value.items()}
    return value


def printable(payload: dict[str, Any], *, variant: str) -> dict[str, Any]:
    """The payload as the template reads it: cleaned, emoji left out, the variant set."""
    data = _clean(copy.deepcopy(payload))
    data = without_emoji(data, [])
    data["variant"] = variant if variant in VARIANTS else "colour"
    data.setdefault("draft", False)
    data.setdefault("recipient_bold_first", True)
    return data


def file_name(payload: dict[str, Any], suffix: str, variant: str = "colour") -> str:
    lang = payload.get("lang", "fr")
    stem = "lettre" if lang == "fr" else "letter"
    parts = [stem, payload.get("sender", {}).get("name", ""), payload.get("employer", "")]
    base = slugify(" ".join(parts))[:80].strip("-") or stem
    if payload.get("draft"):
        base += "-brouillon" if lang == "fr" else "-draft"
    if variant == "copy" and suffix == "pdf":
        base += "-copie" if lang == "fr" else "-copy"
    return f"{base}.{suffix}"


def render_letter(payload: dict[str, Any], *, variant: str = "colour", fmt: str = "pdf"):
    """The letter as a PDF (colour or plain copy) or a Word file; returns RenderedDocument."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    data = printable(payload, variant=variant)
    if fmt == "docx":
        return RenderedDocument(
            name=file_name(data, "docx"), content_type=DOCX_TYPE, content=_docx(data)
        )
    pdf = render_typst(TEMPLATE, {**_breakable(data), "labels": data["labels"]}, fmt="pdf")
    return RenderedDocument(
        name=file_name(data, "pdf", data["variant"]), content_type="application/pdf", content=pdf
    )


def render_letter_preview(payload: dict[str, Any], *, ppi: float = 60) -> list[bytes]:
    pages = render_typst(
        TEMPLATE, _breakable(printable(payload, variant="colour")), fmt="png", ppi=ppi
    )
    return [pages] if isinstance(pages, bytes) else list(pages)


# --- Word ---------------------------------------------------------------------------------


def _docx(data: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.shared import Inches, Pt, RGBColor

    accent = RGBColor(0x0E, 0x6E, 0x8C)
    soft = RGBColor(0x58, 0x61, 0x73)
    warm = RGBColor(0xD9, 0x7A, 0x1E)
    labels = data["labels"]

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin, section.bottom_margin = Inches(0.8), Inches(0.9)
    normal = document.styles["Normal"]
    normal.font.name = "Inter"
    normal.font.size = Pt(10.5)
    _set_language(document, data["lang"])
    document.core_properties.title = data["title"]
    document.core_properties.author = data["author"]
    document.core_properties.language = "fr-CA" if data["lang"] == "fr" else "en-CA"

    def para(text: str = "", *, bold=False, size=None, colour=None, after=None):
        paragraph = document.add_paragraph()
        if text:
            run = paragraph.add_run(text)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
            if colour is not None:
                run.font.color.rgb = colour
        if after is not None:
            paragraph.paragraph_format.space_after = Pt(after)
        return paragraph

    if data["draft"]:
        footer = section.footer.paragraphs[0]
        run = footer.add_run(labels["draft"].upper())
        run.bold = True
        run.font.size = Pt(8)
        run.font.color.rgb = warm
    name = para(data["sender"]["name"], bold=True, size=20, after=4)
    name.runs[0].font.color.rgb = accent if data["variant"] == "colour" else None
    if data["sender"]["lines"]:
        para("  ·  ".join(data["sender"]["lines"]), size=9, colour=soft, after=18)
    para(data["date_line"], after=14)
    recipient = para(after=14)
    for index, line in enumerate(data["recipient"]):
        if index:
            recipient.add_run().add_break()
        run = recipient.add_run(line)
        run.bold = index == 0 and data["recipient_bold_first"]
    subject = para(after=2 if data["posting"] else 12)
    subject.add_run(f"{labels['subject']}{labels['colon']}{data['subject']}").bold = True
    if data["posting"]:
        para(data["posting"], colour=soft, after=12)
    para(data["salutation"], after=10)
    for paragraph in data["paragraphs"]:
        para(paragraph, after=10)
    para(data["closing"], after=36)
    para(data["signature"], bold=True)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
