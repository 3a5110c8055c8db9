"""Logo uploads: PNG, JPEG or a sanitised SVG, sniffed from the content."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 (DTDs are refused before parsing)

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_LOGO_BYTES = 2 * 1024 * 1024
SVG_NS = "http://www.w3.org/2000/svg"
XLINK = "{http://www.w3.org/1999/xlink}href"
_FORBIDDEN_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "use", "style"}


class LogoRejected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _unsafe_attribute(name: str, value: str) -> bool:
    """Event handlers, styles, and any reference that leaves the file."""
    local = name.rsplit("}", 1)[-1].lower()
    if local.startswith("on") or local == "style":
        return True
    if local == "href":
        return not (value.startswith("#") or value.startswith("data:image/"))
    return bool(re.search(r"url\s*\(\s*['\"]?(?!#)", value))


def sanitise_svg(raw: bytes) -> bytes:
    """Keep shapes only: no script, no styles, no reference outside the file itself."""
    lowered = raw.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise LogoRejected(_("This SVG file declares entities; save it again as plain SVG."))
    try:
        root = ET.fromstring(raw)  # noqa: S314 (no DTD, see above)
    except ET.ParseError:
        raise LogoRejected(_("This SVG file is damaged.")) from None
    if root.tag not in (f"{{{SVG_NS}}}svg", "svg"):
        raise LogoRejected(_("This file is not an SVG image."))
    for parent in root.iter():
        for child in list(parent):
            local = child.tag.rsplit("}", 1)[-1]
            href = child.get("href") or child.get(XLINK) or ""
            if local in _FORBIDDEN_TAGS or (
                local == "image" and not href.startswith("data:image/")
            ):
                parent.remove(child)
        for name in list(parent.attrib):
            if _unsafe_attribute(name, parent.attrib[name]):
                del parent.attrib[name]
    ET.register_namespace("", SVG_NS)
    return ET.tostring(root, encoding="utf-8")


def check_logo(upload: UploadedFile) -> tuple[str, bytes]:
    """(storage name, bytes) of an acceptable logo, or LogoRejected with a clear message."""
    if upload.size is None or upload.size == 0:
        raise LogoRejected(_("The file is empty."))
    if upload.size > MAX_LOGO_BYTES:
        raise LogoRejected(_("The logo is too large (2 MB at most)."))
    raw = upload.read()
    kind = filetype.guess(raw[:8192])
    if kind is not None and kind.mime == "image/png":
        return "logo.png", raw
    if kind is not None and kind.mime == "image/jpeg":
        return "logo.jpg", raw
    if kind is None and b"<svg" in raw[:4096].lower():
        return "logo.svg", sanitise_svg(raw)
    raise LogoRejected(_("The logo must be a PNG, JPEG or SVG image."))
