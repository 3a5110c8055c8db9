"""Logo uploads: PNG, JPEG or a sanitised SVG, sniffed from the content."""

from __future__ import annotations

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from atout.common.images import check_image
from atout.documents.rendering.passport import sanitise_svg

MAX_LOGO_BYTES = 2 * 1024 * 1024


class LogoRejected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_logo(upload: UploadedFile) -> tuple[str, bytes]:
    """(storage name, bytes) of an acceptable logo, or LogoRejected with a clear message.

    SVG is stored sanitised (no script, nothing that points outside the file); the
    renderer sanitises again before printing.
    """
    if upload.size is None or upload.size == 0:
        raise LogoRejected(_("The file is empty."))
    if upload.size > MAX_LOGO_BYTES:
        raise LogoRejected(_("The logo is too large (2 MB at most)."))
    raw = upload.read()
    # The pixel cap, from the header (PNG/JPEG) or width/height/viewBox (SVG), no decoding.
    checked = check_image(raw)
    if checked.problem:
        raise LogoRejected(checked.problem)
    kind = filetype.guess(raw[:8192])
    if kind is not None and kind.mime == "image/png":
        return "logo.png", raw
    if kind is not None and kind.mime == "image/jpeg":
        return "logo.jpg", raw
    if kind is None and b"<svg" in raw[:4096].lower():
        clean = sanitise_svg(raw)
        if clean is None:
            raise LogoRejected(_("This SVG file is damaged."))
        return "logo.svg", clean
    raise LogoRejected(_("The logo must be a PNG, JPEG or SVG image."))
