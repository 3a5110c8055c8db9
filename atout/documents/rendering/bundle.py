"""The print bundle's own pieces: the contents page, the merge, an image as a page, the ZIP.

The bundles app chooses and renders the parts (through the registry and its own reads);
this module only turns bytes into bytes: it never imports a feature app. The contents page
is a Typst template (`bundle_contents.typ`) fed with JSON values; merging uses PDFium
(pypdfium2): it copies pages in C, about six times faster than pypdf did here, which is most
of what a bundle costs besides the renders. PDFium cannot write bookmarks: the contents page
is the bundle's table of contents.
"""

from __future__ import annotations

import io
import threading
import zipfile
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
from django.utils import translation
from django.utils.translation import pgettext
from PIL import Image, ImageOps

from atout.documents.rendering.engine import RenderedDocument, RenderError, render_typst

TEMPLATE = "bundle_contents.typ"
# An attached image becomes one US Letter page at this resolution (white margins of 0.5 in).
PAGE_DPI = 150
PAGE_PX = (int(8.5 * PAGE_DPI), int(11 * PAGE_DPI))
MARGIN_PX = PAGE_DPI // 2


@dataclass(frozen=True)
class BundlePart:
    """One document of the bundle: its title on the contents page, its file, its copies."""

    title: str
    document: RenderedDocument
    copies: int = 1
    detail: str = ""


def _labels() -> dict[str, str]:
    return {
        "kicker": pgettext("print bundle", "Print bundle"),
        "number": pgettext("print bundle", "No."),
        "document": pgettext("print bundle", "Document"),
        "pages": pgettext("print bundle", "Pages"),
        "copies": pgettext("print bundle", "Copies"),
        "left_out": pgettext("print bundle", "Asked for but not included:"),
        "page": pgettext("print bundle", "Page"),
        "of": pgettext("print bundle", "of"),
        "for_counsellor": pgettext("print bundle", "For the counsellor — not for the employer"),
        "prepared": pgettext("print bundle", "Prepared on %(date)s by %(who)s"),
        "how_to_pdf": pgettext(
            "print bundle",
            "Print this file in full: the copies are already repeated in it. Print the "
            "colour original on glossy paper and the business cards on card stock, at "
            "actual size (100 %).",
        ),
        "how_to_zip": pgettext(
            "print bundle",
            "Each document is a separate file in the ZIP. Print each the number of times "
            "shown; the colour original on glossy paper, the business cards on card stock at "
            "actual size (100 %).",
        ),
    }


def bundle_labels(lang: str) -> dict[str, str]:
    with translation.override("en" if lang == "en" else "fr-ca"):
        return _labels()


# PDFium is not thread-safe: one call at a time per process (the worker runs one job at a
# time anyway; this guards a threaded server or a command run from one).
_pdfium = threading.Lock()


def _open(content: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(content)
    except pdfium.PdfiumError as error:
        raise RenderError(f"unreadable PDF: {error}") from error


def page_count(content: bytes) -> int:
    """How many pages; an unreadable PDF (an upload, a broken file) is a RenderError."""
    return page_counts([content])[0]


def page_counts(contents: list[bytes]) -> list[int]:
    with _pdfium:
        counts = []
        for content in contents:
            document = _open(content)
            counts.append(len(document))
            document.close()
        return counts


def render_contents(
    *,
    name: str,
    lang: str,
    prepared_on: str,
    prepared_by: str,
    rows: list[dict[str, Any]],
    notes: list[str],
    fmt: str,
) -> RenderedDocument:
    """The contents page: rows of {title, detail, pages (text), copies}; notes are left-outs."""
    lang = "en" if lang == "en" else "fr"
    labels = bundle_labels(lang)
    data = {
        "lang": lang,
        "title": f"{labels['kicker']} — {name}",
        "author": name,
        "name": name,
        "subtitle": labels["prepared"] % {"date": prepared_on, "who": prepared_by},
        "footer": labels["for_counsellor"],
        "rows": [
            {
                "title": str(row["title"]),
                "detail": str(row.get("detail", "")),
                "pages": str(row["pages"]),
                "copies": int(row["copies"]),
            }
            for row in rows
        ],
        "notes": [str(note) for note in notes],
        "how_to": labels["how_to_zip" if fmt == "zip" else "how_to_pdf"],
        "labels": labels,
    }
    content = render_typst(TEMPLATE, data)
    stem = "sommaire" if lang == "fr" else "contents"
    return RenderedDocument(name=f"00-{stem}.pdf", content_type="application/pdf", content=content)


def merge(contents: bytes, parts: list[BundlePart]) -> bytes:
    """One PDF: the contents page, then each part as many times as its copies."""
    with _pdfium:
        merged = _open(contents)
        opened = [merged]
        try:
            for part in parts:
                source = _open(part.document.content)
                opened.append(source)
                for _copy in range(part.copies):
                    merged.import_pages(source)
            out = io.BytesIO()
            merged.save(out)
            return out.getvalue()
        finally:
            for document in opened:
                document.close()


def zip_files(contents: RenderedDocument, parts: list[BundlePart]) -> bytes:
    """A ZIP of separate files, numbered in the contents page's order; names are ASCII."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(contents.name, contents.content)
        for number, part in enumerate(parts, start=1):
            archive.writestr(f"{number:02d}-{part.document.name}", part.document.content)
    return out.getvalue()


def image_as_page(content: bytes, *, name: str) -> RenderedDocument:
    """An attached image (a scanned letter) as one US Letter page, fitted inside margins."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            box = (PAGE_PX[0] - 2 * MARGIN_PX, PAGE_PX[1] - 2 * MARGIN_PX)
            image.thumbnail(box)
            page = Image.new("RGB", PAGE_PX, "white")
            page.paste(image, ((PAGE_PX[0] - image.width) // 2, MARGIN_PX))
            out = io.BytesIO()
            page.save(out, format="PDF", resolution=PAGE_DPI)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise RenderError(f"unreadable image: {error}") from error
    return RenderedDocument(name=name, content_type="application/pdf", content=out.getvalue())
