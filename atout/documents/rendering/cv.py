"""The CV as printed (PDF through Typst) and as an editable Word file (DOCX).

`render_cv` takes the display-ready payload the resumes app builds (one language, one
layout, consented contact only, accepted records only) and adds the fixed labels in the
CV's language. User text travels as JSON values and prints literally.

Pagination: a section heading never ends a page (the heading is `sticky`, kept with the
entry under it) and an entry never splits across pages (each is an unbreakable block). A CV
longer than its limit (one or two pages) is laid out again in a compact setting; if it is
still too long, the warning says so and the person shortens it. Which setting won is kept
in the shared cache under a digest of what can move the body (`_layout_key`), so printing
the same CV again (the preview then the PDF, the colour original then the copy, another
short name) compiles once, with the same bytes as the first time.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from atout.accounts.validators import format_phone
from atout.documents.rendering import engine
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


# --- Which setting (normal or compact) -------------------------------------------------

NORMAL, COMPACT = "normal", "compact"
# A decision is a word and a page count, not personal data; a template change gives new
# keys (see below).
LAYOUT_TTL_SECONDS = 7 * 24 * 60 * 60
# What `cv.typ` reads that can move the body. The rest of what it reads never does: the
# colours (the copy paginates as the original), the PDF's title and author, the footer line
# (it has its own fixed room) and the draft watermark; keys it does not read cannot either.
_BODY = (
    "lang", "layout", "compact", "qr", "labels", "name", "contact", "objective",
    "experiences", "skills", "education", "certificates", "languages", "volunteering",
    "interests", "references",
)  # fmt: skip
_OUTSIDE_BODY = ("variant", "title", "author", "footer", "draft")
# Inter Bold advance widths (em) of the widest characters, by class: a name of these
# characters only, narrower than its room, is one line whatever they are: same height.
_ONE_LINE_NAME = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ' .\-’]+")
_NAME_ROOM_PT = 6.9 * 72 - 58 - 14  # the text width less the QR code's box and gutter
_NAME_SIZE_PT = 25  # the normal setting's (the compact one is smaller)


def _name_em(char: str) -> float:
    if char in "WÆ":
        return 1.04
    if char in "Mmæw":
        return 0.92
    if char.isupper() or char.isdigit():
        return 0.79
    return 0.67  # any other lower-case letter or punctuation of the pattern


def _name_fits_one_line(name: str) -> bool:
    if not _ONE_LINE_NAME.fullmatch(name):
        return False
    width = sum(_name_em(char) for char in name) * _NAME_SIZE_PT
    return width <= 0.9 * _NAME_ROOM_PT


def _layout_key(data: dict[str, Any]) -> str:
    """A digest of everything that can move the CV's body (`_BODY`) and of the templates.
    A short name in Latin letters prints on one line of the same height whatever it is, so
    such names share a key."""
    body = {key: data.get(key) for key in _BODY}
    if _name_fits_one_line(body["name"] or ""):
        body["name"] = "*"
    digest = hashlib.sha256()
    for template in (TEMPLATE, "common.typ"):
        digest.update((engine.TEMPLATE_ROOT / template).read_bytes())
    digest.update(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())
    # "pages": the entries hold the page count with the choice (see `_laid_out`).
    return f"cv-layout-pages:{digest.hexdigest()}"


def _laid_out(
    key: str, normal: Callable[[], Any], compact: Callable[[], Any], count: Callable[[Any], int]
) -> tuple[Any, int]:
    """The normal or the compact setting's output and its pages.

    A CV over one page is laid out again in the compact setting, kept when it saves a page
    (an employer should not turn a page for one heading). The choice is remembered under
    `key` with the pages it gives, so the next time only the winning setting is compiled,
    and `cv_warnings` compiles nothing.
    """
    remembered = _remembered(key)
    if remembered is not None:
        output = compact() if remembered[0] == COMPACT else normal()
        return output, count(output)
    output = normal()
    pages, choice = count(output), NORMAL
    if pages > 1:
        smaller = compact()
        if count(smaller) < pages:
            output, pages, choice = smaller, count(smaller), COMPACT
    cache.set(key, (choice, pages), LAYOUT_TTL_SECONDS)
    return output, pages


def _remembered(key: str) -> tuple[str, int] | None:
    """The (setting, pages) kept under `key`, or None if unknown or not of that shape."""
    value = cache.get(key)
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and value[0] in (NORMAL, COMPACT)
        and isinstance(value[1], int)
    ):
        return value
    return None


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
    data = _pdf_data(payload, variant, with_qr=bool(files))
    pdf, pages = _laid_out(
        _layout_key(data),
        lambda: render_typst(TEMPLATE, data, files=files),
        lambda: render_typst(
            TEMPLATE,
            {**document_payload(payload, variant=variant, compact=True), "qr": data["qr"]},
            files=files,
        ),
        page_count,
    )
    document = RenderedDocument(file_name(payload, variant, "pdf"), PDF_TYPE, pdf)
    return document, _warnings(data, pages)


def _pdf_data(payload: dict[str, Any], variant: str, *, with_qr: bool) -> dict[str, Any]:
    """What `cv.typ` reads for the PDF: built in one place, so `cv_warnings` finds the layout
    `render_cv_with_warnings` remembered under the same key."""
    return {**document_payload(payload, variant=variant), "qr": QR_FILE if with_qr else ""}


def cv_warnings(payload: dict[str, Any]) -> list[str]:
    """What `render_cv_with_warnings` would warn about the PDF, without compiling it when its
    layout is remembered: the CV page shows them on every visit, and the PDF is not needed
    to know its pages twice."""
    data = _pdf_data(payload, "colour", with_qr=False)
    remembered = _remembered(_layout_key(data))
    if remembered is not None:
        return _warnings(data, remembered[1])
    _document, warnings = render_cv_with_warnings(payload)
    return warnings


def _warnings(data: dict[str, Any], pages: int) -> list[str]:
    limit = data.get("max_pages") or 2
    warnings = _emoji_warning(data)
    if pages > 1 and pages > limit:
        warnings.append(
            ngettext(
                "The CV runs to %(pages)d pages, over the limit of %(limit)d page chosen: "
                "shorten descriptions or leave out older entries.",
                "The CV runs to %(pages)d pages, over the limit of %(limit)d pages chosen: "
                "shorten descriptions or leave out older entries.",
                limit,
            )
            % {"pages": pages, "limit": limit}
        )
    return warnings


def render_cv(
    payload: dict[str, Any], *, variant: str = "colour", fmt: str = "pdf", qr_url: str | None = None
) -> RenderedDocument:
    """The CV as a PDF (colour or plain copy) or as a DOCX file."""
    document, _warnings = render_cv_with_warnings(payload, variant=variant, fmt=fmt, qr_url=qr_url)
    return document


def render_cv_preview(payload: dict[str, Any], *, ppi: float = 50) -> list[bytes]:
    """PNG page images from the same engine and template: the preview is what prints."""
    data = document_payload(payload, variant="colour")

    def png(compact: bool) -> list[bytes]:
        source = document_payload(payload, variant="colour", compact=True) if compact else data
        pages = render_typst(TEMPLATE, source, fmt="png", ppi=ppi)
        return [pages] if isinstance(pages, bytes) else pages

    # The same choice as the PDF's (the same layout): the preview, then the PDF, compile once.
    pages, _count = _laid_out(
        _layout_key({**data, "qr": ""}), lambda: png(False), lambda: png(True), len
    )
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
