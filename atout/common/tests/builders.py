"""Images built in memory: any declared size, small on disk (rows of zeros compress well)."""

from __future__ import annotations

import io
import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, *, data_rows: int | None = None) -> bytes:
    """A 1-bit greyscale PNG of width × height, all black; a 13,000² one is ~25 KB.

    `data_rows` writes fewer rows than declared (a header that claims more than the data).
    """
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    rows = height if data_rows is None else data_rows
    data = b"".join(compressor.compress(row) for _ in range(rows)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")
    )


def noisy_png(width: int, height: int) -> bytes:
    """A real RGBA PNG drawn by Pillow (decoders must do all the work)."""
    from PIL import Image

    image = Image.linear_gradient("L").resize((width, height)).convert("RGBA")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def jpeg(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "#0E6E8C").save(out, format="JPEG", quality=50)
    return out.getvalue()


def webp(width: int, height: int, *, lossless: bool = False, alpha: bool = False) -> bytes:
    """Lossy (VP8), lossless (VP8L) or with transparency (VP8X, extended)."""
    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGBA" if alpha else "RGB", (width, height), "#0E6E8C80")
    image.save(out, format="WEBP", lossless=lossless)
    return out.getvalue()


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header is rewritten to declare another size."""
    data = bytearray(jpeg(16, 16))
    for marker in (b"\xff\xc0", b"\xff\xc2"):
        at = data.find(marker)
        if at >= 0:
            data[at + 5 : at + 9] = struct.pack(">HH", height, width)
            return bytes(data)
    raise AssertionError("no frame header")
