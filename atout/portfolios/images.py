"""Proof photos made ready for print: checked from the header, decoded one at a time,
turned upright, stripped of metadata and scaled down to what prints well.

Files are read only through Django's storage API (`attachment.file.open()`). A prepared
image is kept in this process (a short LRU) and in the shared cache for 15 minutes, so the
preview, the approval and the print on any app server decode a phone photo once. The pixel cap
(`atout.common.images`) is checked from the header before Pillow decodes anything, so a
decompression bomb costs a few bytes of reading. A file that fails is left out with a
reason; it never stops the portfolio from printing.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.core.cache import cache

from atout.common.images import bound_pillow, check_image

logger = logging.getLogger(__name__)

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})
# Pixels on the long side. `portfolio.typ` prints a photo at most 3.3 in on its long side
# (half the text width, 2.3 in high at most), so 1,000 px is 300 ppi or more: what prints
# well. Typst decodes every placed image at each compile, so pixels beyond that only cost
# time (1,600 px, the earlier cap, was 2.56 times the pixels for no visible gain).
MAX_SIDE = 1000
JPEG_QUALITY = 82
MAX_FILE_BYTES = 30 * 1024 * 1024  # uploads are capped well below; a stored file above is odd
CACHE_SIZE = 24  # prepared images kept (about 150 KB each): the preview and approval reuse them
# In the shared cache (Redis or the database table) as long as preview pages: a photo is
# personal data, and a destroyed attachment's prepared copy must not outlive it for long.
SHARED_TTL_SECONDS = 15 * 60


@dataclass(frozen=True)
class PreparedImage:
    """A print-ready JPEG and its digest, or why the file cannot print."""

    content: bytes | None
    digest: str = ""
    problem: str = ""  # "unreadable", "too_large" or "missing"
    width: int = 0
    height: int = 0


_cache: OrderedDict[tuple, PreparedImage] = OrderedDict()
_lock = threading.Lock()


def is_image(attachment) -> bool:
    return attachment.content_type in IMAGE_TYPES


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _shared_key(attachment) -> str:
    # The stored name never changes for a given file (a new upload gets a new name); it is
    # hashed so no file name lands in cache keys. MAX_SIDE in the key: a new size, new entries.
    name = hashlib.sha256(attachment.file.name.encode()).hexdigest()[:32]
    return f"portfolio-print:{MAX_SIDE}:{attachment.pk}:{name}"


def prepare(attachment) -> PreparedImage:
    """The attachment's image for print (cached by its stored name, which never changes)."""
    key = (attachment.pk, attachment.file.name)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    shared = cache.get(_shared_key(attachment))
    if shared is not None:
        prepared = PreparedImage(*shared)
    else:
        prepared = _prepare(attachment)
        if prepared.problem != "missing":  # a missing file may come back (restored storage)
            cache.set(
                _shared_key(attachment),
                (
                    prepared.content,
                    prepared.digest,
                    prepared.problem,
                    prepared.width,
                    prepared.height,
                ),
                SHARED_TTL_SECONDS,
            )
    if prepared.problem != "missing":
        with _lock:
            _cache[key] = prepared
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return prepared


def _prepare(attachment) -> PreparedImage:
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError):
        return PreparedImage(None, problem="missing")
    if len(data) > MAX_FILE_BYTES:
        return PreparedImage(None, problem="too_large")
    return downscale(data)


def downscale(data: bytes) -> PreparedImage:
    """PNG, JPEG or WebP bytes to an upright RGB (or grey) JPEG at most MAX_SIDE pixels.

    The header is checked against the pixel cap first; nothing above it is decoded.
    """
    checked = check_image(data)
    if checked.unreadable or checked.size is None:
        return PreparedImage(None, problem="unreadable")
    if checked.problem:
        return PreparedImage(
            None, problem="too_large", width=checked.size.width, height=checked.size.height
        )
    from PIL import Image, ImageOps, UnidentifiedImageError

    bound_pillow()
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG", "WEBP"):
                return PreparedImage(None, problem="unreadable")
            # A JPEG decodes straight at 1/2 to 1/8 scale: a fraction of the memory and
            # time. Only the long side must stay at MAX_SIDE or above (turning the image
            # upright later does not change which side is long).
            wide = image.width >= image.height
            image.draft("RGB", (MAX_SIDE, 1) if wide else (1, MAX_SIDE))
            image.load()
            # exif_transpose returns a new image (turned or not): the file can close.
            flat = _flatten(ImageOps.exif_transpose(image))
            # reducing_gap: a fast box reduction first, then Lanczos (the same in print).
            flat.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=2.0)
            out = io.BytesIO()
            # No exif, no ICC profile, no comment: only pixels leave.
            flat.save(out, format="JPEG", quality=JPEG_QUALITY)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return PreparedImage(None, problem="unreadable")
    content = out.getvalue()
    return PreparedImage(content, digest(content), width=flat.width, height=flat.height)


def _flatten(image):
    """RGB (or grey) on white: JPEG has no transparency, and a transparent photo prints white."""
    from PIL import Image

    if image.mode in ("RGB", "L"):
        return image
    if image.mode == "P" and "transparency" not in image.info:
        return image.convert("RGB")
    if image.mode in ("1", "I", "I;16", "I;16B", "I;16L", "F"):
        return image.convert("L") if image.mode == "1" else _to_grey(image)
    if image.mode == "CMYK" or image.mode == "YCbCr":
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _to_grey(image):
    """16-bit or float greys scaled to 8 bits (a plain convert would clip them to white)."""
    from PIL import ImageOps

    return ImageOps.autocontrast(image.convert("F").point(lambda v: v / 256.0).convert("L"))


def grey(content: bytes) -> bytes:
    """The plain copy prints photos in greys (the photocopier would anyway).

    Kept in the shared cache by the colour bytes' digest, like the colour image: the copy is
    usually printed right after the original."""
    key = f"portfolio-print-grey:{digest(content)}"
    cached = cache.get(key)
    if cached is None:
        cached = _grey(content)
        cache.set(key, cached, SHARED_TTL_SECONDS)
    return cached


def _grey(content: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(content)) as image:
        out = io.BytesIO()
        image.convert("L").save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def clear_cache() -> None:
    with _lock:
        _cache.clear()
