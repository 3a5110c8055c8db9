"""Upload checks: the content decides the type, never the name; size is capped."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from atout.common.images import ImageUnreadable, raster_size, size_problem, unreadable_message

# Sniffed MIME type -> canonical extension. Anything else is refused.
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/msword": ".doc",
    "text/plain": ".txt",
}
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ODT = "application/vnd.oasis.opendocument.text"


class UploadRejected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int


def safe_filename(name: str, extension: str) -> str:
    """A display name with no path, no control characters and the extension of its content."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(c for c in stem if unicodedata.category(c)[0] not in {"C", "Z"} or c == " ")
    stem = re.sub(r"[\s_]+", " ", stem).strip(" .-")[:120]
    return f"{stem or 'document'}{extension}"


def _sniff_zip(head: bytes, upload: UploadedFile) -> str | None:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return _DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == _ODT.encode():
                return _ODT
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        # A sample cut in the middle of a multi-byte character is still text.
        try:
            text = sample[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n\t\f")
    return controls == 0


def _looks_like_svg(sample: bytes) -> bool:
    """SVG is text, but an image that can carry scripts: refused rather than kept as text."""
    lead = sample.lstrip(b"\xef\xbb\xbf \t\r\n\f").lower()
    return lead.startswith(b"<") and re.search(rb"<svg[\s>/]", lead) is not None


def sniff_content_type(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(head, upload)
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"
    if head and _looks_like_text(head) and not _looks_like_svg(head):
        return "text/plain"
    return None


def _check_image_size(upload: UploadedFile) -> None:
    """Photos are shown and printed: refuse one above the pixel cap, read from its header."""
    try:
        size = raster_size(upload)
    except ImageUnreadable:
        raise UploadRejected(unreadable_message()) from None
    problem = size_problem(size)
    if problem:
        raise UploadRejected(problem)


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept the file or raise UploadRejected with a message for the person."""
    limit = settings.ATOUT_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise UploadRejected(_("The file is empty."))
    if upload.size > limit:
        raise UploadRejected(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise UploadRejected(
            _(
                "This kind of file is not accepted. Send a PDF, a photo (JPEG, PNG, WebP), "
                "a Word or OpenDocument file, or plain text."
            )
        )
    if content_type.startswith("image/"):
        _check_image_size(upload)
    return CheckedUpload(
        name=safe_filename(upload.name, ALLOWED_TYPES[content_type]),
        content_type=content_type,
        size=upload.size,
    )
