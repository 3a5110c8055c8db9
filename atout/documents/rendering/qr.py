"""QR codes for printed documents (segno): an SVG file the Typst templates place as an image.

The URL becomes modules in an SVG made here; the template only receives the file's name
(data, never Typst source).
"""

from __future__ import annotations

import io

import segno

QR_FILE = "qr.svg"


def qr_svg(url: str, *, colour: bool = True) -> bytes:
    """The QR code of `url` as SVG, without a border (the document leaves the quiet zone)."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        scale=4,
        border=0,
        dark="#1b2230" if colour else "#000000",
        xmldecl=False,
        nl=False,
    )
    return buffer.getvalue()
