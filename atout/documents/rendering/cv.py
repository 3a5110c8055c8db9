"""The CV as printed (PDF through Typst) and as an editable Word file (DOCX).

`render_cv` takes the display-ready payload the resumes app builds (one language, one
layout, consented contact only, accepted records only) and adds the fixed labels in the
CV's language. User text travels as JSON values and prints literally.

Pagination: a section heading never ends a page (the heading is `sticky`, kept with the
entry under it) and an entry never splits across pages (each is an unbreakable block). A CV
longer than its limit (one or two pages) is laid out again in a compact setting; if it is
still too long, the warning says so and the person shortens it.
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from atout.accounts.validators import format_phone
from atout.documents.rendering.engine import RenderedDocument, render_typst
from atout.documents.rendering.passport import typographic, without_emoji
from atout.documents.rendering.qr import QR_FILE, qr_svg

TEMPLATE = "cv.typ"
VARIANTS = ("colour", "copy")
FORMATS = ("pdf", "docx")
CONTACT_ORDER = ("mobile_phone", "home_phone", "email", "address")
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def _labels() -> dict[str, str]:
    return {
        "document": pgettext("printed CV", "CV"),
        "objective": pgettext("printed CV", "Career objective"),
        "experiences": pgettext("printed CV", "Work experience"),
        "employment": pgettext("printed CV", "Employment history"),
        "volunteering": pgettext("printed CV", "Volunteering and community involvement"),
        "education": pgettext("printed CV", "Education and training"),
        "certificates": pgettext("printed CV", "Certificates and licences"),
        "skills": pgettext("printed CV", "Skills"),
        "key_skills": pgettext("printed CV", "Key skills"),
        "languages": pgettext("printed CV", "Languages"),
        "interests": pgettext("printed CV", "Interests"),
        "references": pgettext("printed CV", "References"),
        "on_request": pgettext("printed CV", "References available on request."),
        "mobile_phone": pgettext("printed CV", "Cell"),
        "home_phone": pgettext("printed CV", "Home"),
        "email": "",
        "address": "",
        "draft": pgettext("printed CV", "DRAFT"),
        "draft_note": pgettext("printed CV", "Draft — not yet approved by the participant"),
        "qr_caption": pgettext("printed CV", "My Passeport-emploi online"),
        "page": pgettext("printed CV", "Page"),
        "of": pgettext("printed CV", "of"),
    }


def cv_labels(lang: str) -> dict[str, str]:
    with translation.override("en" if lang == "en" else "fr-ca"):
        return _labels()


def _typographic_all(value: Any) -> Any:
    if isinstance(value, str):
        return typographic(value)
    if isinstance(value, list):
        return [_typographic_all(item) for item in value]
    if isinstance(value, dict):
        return {key: _typographic_all(item) for key, item in value.items()}
    return value


def document_payload(payload: dict[str, Any], *, variant: str, compact: bool = False) -> dict:
    """The template's data: the CV payload, its labels, the contact line, the footer."""
    lang = "en" if payload.get("lang") == "en" else "fr"
    labels = cv_labels(lang)
    data = _typographic_all(dict(payload))
    contact = []
    values = payload.get("contact") or {}
    for field in CONTACT_ORDER:
        value = (values.get(field) or "").strip()
        if not value:
            continue
        if field.endswith("_phone"):
            value = format_phone(value)
        contact.append({"label": labels[field], "value": typographic(value)})
    name = data.get("name") or ""
    short_name = name if len(name) <= 70 else name[:69].rstrip() + "…"
    data.update(
        {
            "lang": lang,
            "variant": variant if variant in VARIANTS else "colour",
            "compact": compact,
            "title": f"{labels['document']} — {name}" if name else labels["document"],
            "author": name,
            "contact": contact,
            "labels": labels,
            "footer": f"{short_name} · {labels['document']}" if name else labels["document"],
        }
    )
    data.setdefault("references", {"mode": "on_request", "items": []})
    dropped: list[bool] = []
    data = without_emoji(data, dropped)
    data["emoji_dropped"] = bool(dropped)
    return data


def page_count(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))


def file_name(payload: dict[str, Any], variant: str, suffix: str) -> str:
    lang = "en" if payload.get("lang") == "en" else "fr"
    base = slugify(payload.get("name") or "") or "cv"
    copy = "" if variant != "copy" or suffix != "pdf" else ("-copie" if lang == "fr" else "-copy")
    draft = "-brouillon" if payload.get("draft") and lang == "fr" else ""
    draft = draft or ("-draft" if payload.get("draft") else "")
    return f"cv-{base}-{lang}{draft}{copy}.{suffix}"


def render_cv_with_warnings(
    payload: dict[str, Any],
    *,
    variant: str = "colour",
    fmt: str = "pdf",
    qr_url: str | None = None,
) -> tuple[RenderedDocument, list[str]]:
    """The document and what the person building it should know (too long, emoji).

    `qr_url`, when given, prints a QR code to that address beside the name (an employer
    share link to the person's passport); PDF only.
    """
    if fmt == "docx":
        data = document_payload(payload, variant="colour")
        document = RenderedDocument(file_name(payload, "colour", "docx"), DOCX_TYPE, _docx(data))
        return document, _emoji_warning(data)
    files = {QR_FILE: qr_svg(qr_url, colour=variant != "copy")} if qr_url else {}
    data = {**document_payload(payload, variant=variant), "qr": QR_FILE if files else ""}
    pdf = render_typst(TEMPLATE, data, files=files)
    limit = data.get("max_pages") or 2
    warnings = _emoji_warning(data)
    pages = page_count(pdf)
    if pages > 1:
        # Too long, or a last page holding a line or two: the compact setting is kept when
        # it saves a page (an employer should not turn a page for one heading).
        compact_data = document_payload(payload, variant=variant, compact=True)
        compact = render_typst(TEMPLATE, {**compact_data, "qr": data["qr"]}, files=files)
        if page_count(compact) < pages:
            pdf, pages = compact, page_count(compact)
        if pages > limit:
            warnings.append(
                _(
                    "The CV runs to %(pages)d pages, more than the %(limit)d chosen: "
                    "shorten descriptions or leave out older entries."
                )
                % {"pages": pages, "limit": limit}
            )
    return RenderedDocument(file_name(payload, variant, "pdf"), PDF_TYPE, pdf), warnings


def render_cv(
    payload: dict[str, Any], *, variant: str = "colour", fmt: str = "pdf", qr_url: str | None = None
) -> RenderedDocument:
    """The CV as a PDF (colour or plain copy) or as a DOCX file."""
    document, _warnings = render_cv_with_warnings(payload, variant=variant, fmt=fmt, qr_url=qr_url)
    return document


def render_cv_preview(payload: dict[str, Any], *, ppi: float = 50) -> list[bytes]:
    """PNG page images from the same engine and template: the preview is what prints."""
    data = document_payload(payload, variant="colour")
    pages = render_typst(TEMPLATE, data, fmt="png", ppi=ppi)
    if isinstance(pages, bytes):
        pages = [pages]
    if len(pages) > 1:
        compact = render_typst(
            TEMPLATE, document_payload(payload, variant="colour", compact=True), fmt="png", ppi=ppi
        )
        compact = [compact] if isinstance(compact, bytes) else compact
        if len(compact) < len(pages):
            pages = compact
    return list(pages)


def _emoji_warning(data: dict[str, Any]) -> list[str]:
    if data.get("emoji_dropped"):
        return [_("Emoji cannot be printed; they were left out of the document.")]
    return []


# --- Word -----------------------------------------------------------------------------


def _docx(data: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.shared import Inches, Pt

    from atout.documents.rendering.docx import ACCENT, SOFT, _clean, _run, _set_language

    labels = data["labels"]
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(0.8)
    section.top_margin, section.bottom_margin = Inches(0.7), Inches(0.8)
    normal = document.styles["Normal"]
    normal.font.name = "Inter"
    normal.font.size = Pt(10)
    _set_language(document, data["lang"])
    # Word's properties hold 255 characters at most, and no control character.
    document.core_properties.title = _clean(data["title"])[:250]
    document.core_properties.author = _clean(data["author"])[:250]
    document.core_properties.language = "fr-CA" if data["lang"] == "fr" else "en-CA"
    _run(section.footer.paragraphs[0], data["footer"], size=8, colour=SOFT)
    if data.get("draft"):
        _run(document.add_paragraph(), labels["draft_note"].upper(), bold=True, size=9)

    heading = document.add_heading(level=1)
    _run(heading, data["name"], size=22)
    if data["contact"]:
        line = document.add_paragraph()
        for index, item in enumerate(data["contact"]):
            if index:
                _run(line, "  ·  ", colour=SOFT)
            if item["label"]:
                _run(line, f"{item['label']} ", bold=True, colour=SOFT)
            _run(line, item["value"])

    def section_heading(text: str) -> None:
        paragraph = document.add_heading(level=2)
        paragraph.paragraph_format.keep_with_next = True
        _run(paragraph, text, colour=ACCENT)

    def keep(paragraph: Any) -> Any:
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True
        return paragraph

    def entry(title: str, dates: str, subtitle: str, body: str = "", bullets=()) -> None:
        head = keep(document.add_paragraph())
        _run(head, title, bold=True)
        if dates:
            _run(head, f"\t{dates}", colour=SOFT)
            head.paragraph_format.tab_stops.add_tab_stop(Inches(6.9), alignment=2)
        if subtitle:
            _run(keep(document.add_paragraph()), subtitle, colour=SOFT)
        if body:
            _run(keep(document.add_paragraph()), body)
        for bullet in bullets:
            _run(keep(document.add_paragraph(style="List Bullet")), bullet)
        # The last paragraph of an entry lets the next one go to another page.
        document.paragraphs[-1].paragraph_format.keep_with_next = False

    def subtitle_of(item: dict[str, Any], *keys: str) -> str:
        return " · ".join(item[k] for k in keys if item.get(k))

    if data["objective"]:
        section_heading(labels["objective"])
        _run(document.add_paragraph(), data["objective"], size=11)

    functional = data["layout"] == "functional"
    if functional and data["skills"]:
        section_heading(labels["key_skills"])
        for skill in data["skills"]:
            entry(skill["title"], "", "", bullets=skill["accomplishments"])
    if data["experiences"]:
        section_heading(labels["employment"] if functional else labels["experiences"])
        for item in data["experiences"]:
            entry(
                item["title"],
                item["dates"],
                subtitle_of(item, "employer", "role"),
                item["description"],
                item["highlights"],
            )
    if not functional and data["skills"]:
        section_heading(labels["skills"])
        for skill in data["skills"]:
            _run(document.add_paragraph(style="List Bullet"), skill["title"])
    if data["education"]:
        section_heading(labels["education"])
        for item in data["education"]:
            entry(
                item["title"],
                item["dates"],
                subtitle_of(item, "school", "place", "abroad"),
                item["recognition"],
            )
    if data["certificates"]:
        section_heading(labels["certificates"])
        for item in data["certificates"]:
            entry(item["name"], item["year"], subtitle_of(item, "issuer", "expiry"))
    if data["languages"]:
        section_heading(labels["languages"])
        for item in data["languages"]:
            paragraph = document.add_paragraph()
            _run(paragraph, item["name"], bold=True)
            _run(paragraph, f" — {item['level']}")
    if data["volunteering"]:
        section_heading(labels["volunteering"])
        for item in data["volunteering"]:
            entry(
                item["title"],
                item["dates"],
                subtitle_of(item, "employer", "role"),
                item["description"],
                item["highlights"],
            )
    if data.get("interests"):
        section_heading(labels["interests"])
        _run(document.add_paragraph(), data["interests"])
    section_heading(labels["references"])
    references = data["references"]
    if references["mode"] == "listed" and references["items"]:
        for item in references["items"]:
            entry(
                item["name"],
                "",
                subtitle_of(item, "relationship", "organisation"),
                subtitle_of(item, "phone", "email"),
            )
    else:
        _run(document.add_paragraph(), labels["on_request"])

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
