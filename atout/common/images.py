"""Image sizes read from the header, never by decoding: the pixel cap is checked first.

A 164 KB PNG of 13,000 × 13,000 pixels once passed as a logo and cost ~1 GB and 4.6 s per
render: a decoder allocates width × height × 4 bytes whatever the file's size. So uploads
(proof images, logos) and the renderer read the declared size from the first bytes and
refuse anything above `ATOUT_IMAGE_MAX_PIXELS` or `ATOUT_IMAGE_MAX_SIDE`. Decoders trust
the header, so the header is what bounds their memory; a header that cannot be read, or
contradicts itself (bad CRC, zero size), is refused. The parsers below only seek and read
a few bytes per segment; Pillow is bounded too (`Image.MAX_IMAGE_PIXELS`, set below).
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import struct
import urllib.parse
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

DEFAULT_MAX_PIXELS = 25_000_000
DEFAULT_MAX_SIDE = 8_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PNG_CHUNKS = 20_000  # encoders write a few dozen; 10 MB of 8 KB IDAT chunks is 1,280
# JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic): they carry the size.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8}


class ImageUnreadable(ValueError):
    """The header is missing, truncated or inconsistent."""


@dataclass(frozen=True)
class ImageSize:
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


def max_pixels() -> int:
    return int(getattr(settings, "ATOUT_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def max_side() -> int:
    return int(getattr(settings, "ATOUT_IMAGE_MAX_SIDE", DEFAULT_MAX_SIDE))


def bound_pillow() -> None:
    """Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that: use our cap."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = max_pixels()


def _read(handle: BinaryIO, count: int) -> bytes:
    data = handle.read(count)
    if len(data) != count:
        raise ImageUnreadable("truncated header")
    return data


def _png(handle: BinaryIO) -> ImageSize:
    head = _read(handle, 33)
    length, kind = struct.unpack(">I4s", head[8:16])
    if kind != b"IHDR" or length != 13:
        raise ImageUnreadable("PNG without IHDR")
    (crc,) = struct.unpack(">I", head[29:33])
    if zlib.crc32(head[12:29]) != crc:
        raise ImageUnreadable("PNG header checksum")
    width, height = struct.unpack(">II", head[16:24])
    # Walk the chunks to IEND (lengths only, nothing inflated): a cut file has no end.
    seen_data = False
    for _chunk in range(MAX_PNG_CHUNKS):
        length, kind = struct.unpack(">I4s", _read(handle, 8))
        if kind == b"IEND":
            if not seen_data:
                raise ImageUnreadable("PNG without image data")
            _read(handle, 4)  # IEND's checksum: the very last bytes
            return ImageSize(width, height)
        seen_data = seen_data or kind == b"IDAT"
        handle.seek(length + 4, 1)
    raise ImageUnreadable("PNG with too many chunks")


def _jpeg(handle: BinaryIO) -> ImageSize:
    if _read(handle, 2) != b"\xff\xd8":
        raise ImageUnreadable("no JPEG start")
    size = None
    while True:
        if _read(handle, 1) != b"\xff":
            raise ImageUnreadable("JPEG marker expected")
        marker = _read(handle, 1)[0]
        while marker == 0xFF:  # fill bytes
            marker = _read(handle, 1)[0]
        if marker in _STANDALONE:
            continue
        if marker == 0xD9:
            raise ImageUnreadable("JPEG ends before its image")
        (length,) = struct.unpack(">H", _read(handle, 2))
        if length < 2:
            raise ImageUnreadable("JPEG segment length")
        if marker == 0xDA:
            if size is None:
                raise ImageUnreadable("JPEG scan before its size")
            handle.seek(length - 2, 1)
            _jpeg_end(handle)
            return size
        if marker in _SOF:
            segment = _read(handle, length - 2)
            if len(segment) < 5:
                raise ImageUnreadable("JPEG frame header")
            height, width = struct.unpack(">HH", segment[1:5])
            size = ImageSize(width, height)
        else:
            handle.seek(length - 2, 1)


def _jpeg_end(handle: BinaryIO) -> None:
    """The compressed scan must reach an end marker: a cut file has none.

    Inside scan data every 0xFF byte is followed by 0x00 (or a restart marker), so the
    first FF D9 found is the end of the image.
    """
    tail = b""
    while block := handle.read(65536):
        window = tail + block
        if b"\xff\xd9" in window:
            return
        tail = window[-1:]
    raise ImageUnreadable("JPEG without end")


def _webp(handle: BinaryIO) -> ImageSize:
    start = handle.tell()
    head = _read(handle, 30)
    if head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        raise ImageUnreadable("not WebP")
    (riff_size,) = struct.unpack("<I", head[4:8])
    end = handle.seek(0, 2)
    if end - start < riff_size + 8:
        raise ImageUnreadable("WebP cut short")
    chunk = head[12:16]
    if chunk == b"VP8 ":
        if head[23:26] != b"\x9d\x01\x2a":
            raise ImageUnreadable("VP8 start code")
        width, height = struct.unpack("<HH", head[26:30])
        return ImageSize(width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L":
        if head[20] != 0x2F:
            raise ImageUnreadable("VP8L signature")
        (bits,) = struct.unpack("<I", head[21:25])
        return ImageSize((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X":
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
        return ImageSize(width, height)
    raise ImageUnreadable("unknown WebP chunk")


def raster_size(handle: BinaryIO) -> ImageSize:
    """Width and height declared by a PNG, JPEG, WebP (or GIF) header; the file is rewound."""
    start = handle.tell()
    try:
        lead = handle.read(12)
        handle.seek(start)
        if lead.startswith(PNG_SIGNATURE):
            size = _png(handle)
        elif lead.startswith(b"\xff\xd8"):
            size = _jpeg(handle)
        elif lead[:4] == b"RIFF" and lead[8:12] == b"WEBP":
            size = _webp(handle)
        elif lead[:6] in (b"GIF87a", b"GIF89a"):  # only inside SVG logos
            width, height = struct.unpack("<HH", _read(handle, 10)[6:10])
            size = ImageSize(width, height)
        else:
            raise ImageUnreadable("not a PNG, JPEG or WebP image")
    except (struct.error, IndexError, OSError, ValueError) as error:
        if isinstance(error, ImageUnreadable):
            raise
        raise ImageUnreadable(str(error)) from error
    finally:
        handle.seek(start)
    if size.width <= 0 or size.height <= 0:
        raise ImageUnreadable("empty image")
    return size


# --- SVG ----------------------------------------------------------------------------------

# CSS pixels per unit, as SVG renderers size an image that has no other size (96 per inch).
_UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54}
_UNITS["mm"] = 96 / 25.4
_LENGTH = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-z%]*)\s*$")


def _length(value: str | None) -> float | None:
    """A length in pixels; None when absent or relative (%, em), which takes the box's size."""
    if value is None:
        return None
    match = _LENGTH.match(value)
    if not match:
        raise ImageUnreadable(f"SVG length {value[:40]!r}")
    unit = match.group(2)
    if unit not in _UNITS:
        if unit in {"%", "em", "ex", "rem"}:
            return None
        raise ImageUnreadable(f"SVG unit {unit!r}")
    number = float(match.group(1)) * _UNITS[unit]
    if not math.isfinite(number) or number <= 0:
        raise ImageUnreadable("SVG size not positive")
    return number


def svg_size(root) -> ImageSize | None:
    """The size an SVG root (lxml element) asks for: width/height, else its viewBox.

    None when it asks for none (a renderer then fits it to the box). A size that is not a
    positive, finite number is refused: the same cap as raster images then applies.
    """
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = root.get("viewBox")
    if box is not None:
        parts = re.split(r"[\s,]+", box.strip())
        try:
            numbers = [float(p) for p in parts]
        except ValueError as error:
            raise ImageUnreadable("SVG viewBox") from error
        if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
            raise ImageUnreadable("SVG viewBox")
        if numbers[2] <= 0 or numbers[3] <= 0:
            raise ImageUnreadable("SVG viewBox not positive")
        width = width or (height and height * numbers[2] / numbers[3]) or numbers[2]
        height = height or width * numbers[3] / numbers[2]
    if width is None and height is None:
        return None
    # One side alone still has to fit under the cap on a side.
    return ImageSize(math.ceil(width or 1), math.ceil(height or 1))


# --- the cap ------------------------------------------------------------------------------


def size_problem(size: ImageSize) -> str | None:
    """A message for the person when the image is above the cap, else None."""
    if size.pixels <= max_pixels() and max(size.width, size.height) <= max_side():
        return None
    return _(
        "This image is %(width)s × %(height)s pixels. The limit is %(side)s pixels on a side "
        "and %(megapixels)s megapixels in all: make it smaller, then send it again."
    ) % {
        "width": number_format(size.width, force_grouping=True),
        "height": number_format(size.height, force_grouping=True),
        "side": number_format(max_side(), force_grouping=True),
        "megapixels": number_format(
            max_pixels() / 1_000_000, decimal_pos=0 if max_pixels() % 1_000_000 == 0 else 1
        ),
    }


def unreadable_message() -> str:
    return _("This image is damaged or incomplete: it cannot be read.")


# --- one answer for any image -------------------------------------------------------------


@dataclass(frozen=True)
class ImageCheck:
    """What a caller needs: the size when known, and a message when it must be refused."""

    size: ImageSize | None
    problem: str | None
    unreadable: bool = False


def check_image(data: bytes) -> ImageCheck:
    """PNG, JPEG, WebP or SVG bytes against the cap, without decoding a pixel.

    Anything else (not an image) gets no verdict here: the caller's type check decides.
    """
    import io

    if data.startswith((PNG_SIGNATURE, b"\xff\xd8")) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    ):
        try:
            size = raster_size(io.BytesIO(data))
        except ImageUnreadable:
            return ImageCheck(None, unreadable_message(), unreadable=True)
        return ImageCheck(size, size_problem(size))
    if b"<svg" in data[:4096].lower():
        try:
            root = _svg_root(data)
            size = svg_size(root)
            embedded = [raster_size(io.BytesIO(image)) for image in _embedded_images(root)]
        except ImageUnreadable:
            return ImageCheck(None, unreadable_message(), unreadable=True)
        # An SVG may carry raster images (data: URLs) that its renderer decodes in full.
        for inner in [size, *embedded]:
            if inner is not None and (problem := size_problem(inner)):
                return ImageCheck(inner, problem)
        return ImageCheck(size, None)
    return ImageCheck(None, None)


def _embedded_images(root) -> list[bytes]:
    images = []
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.tag.endswith("image"):
            continue
        href = element.get("href") or element.get("{http://www.w3.org/1999/xlink}href") or ""
        href = href.strip()
        if not href.lower().startswith("data:"):
            continue
        header, _comma, payload = href.partition(",")
        try:
            if header.lower().endswith(";base64"):
                images.append(base64.b64decode(re.sub(r"\s+", "", payload), validate=True))
            else:
                images.append(urllib.parse.unquote_to_bytes(payload))
        except (binascii.Error, ValueError) as error:
            raise ImageUnreadable("embedded image") from error
    return images


def _svg_root(data: bytes):
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise ImageUnreadable("SVG not well-formed") from error
    if root is None or not isinstance(root.tag, str):
        raise ImageUnreadable("SVG without root")
    return root
