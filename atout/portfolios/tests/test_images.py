"""Proof images: header checked before decoding, broken ones skipped, big ones scaled down
and turned upright, metadata stripped; a bad image never stops the portfolio."""

import io
import struct
import zlib

import pdfplumber
import pytest
from django.core.cache import cache
from PIL import Image

from atout.evidence.tests.factories import AchievementFactory
from atout.portfolios import images as proof_images
from atout.portfolios import selectors
from atout.portfolios.tests.conftest import attachment_with, jpeg_bytes, png_bytes

pytestmark = pytest.mark.django_db


def bomb_png(width=50_000, height=50_000) -> bytes:
    """A valid-looking PNG whose header declares 2.5 gigapixels (a few hundred bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def test_decompression_bomb_is_refused_from_its_header(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("Pillow must not open an image above the cap")

    monkeypatch.setattr(Image, "open", never)
    prepared = proof_images.downscale(bomb_png())
    assert prepared.content is None
    assert prepared.problem == "too_large"
    assert (prepared.width, prepared.height) == (50_000, 50_000)


def test_truncated_jpeg_is_unreadable():
    data = jpeg_bytes(800, 600)
    prepared = proof_images.downscale(data[: len(data) // 2])
    assert prepared.content is None
    assert prepared.problem == "unreadable"


def test_not_an_image_is_unreadable():
    assert proof_images.downscale(b"%PDF-1.7 not an image").problem == "unreadable"


def test_huge_valid_image_is_scaled_down_to_print_size():
    prepared = proof_images.downscale(jpeg_bytes(6000, 4000, quality=60))
    assert prepared.content is not None
    with Image.open(io.BytesIO(prepared.content)) as image:
        assert image.format == "JPEG"
        assert max(image.size) == proof_images.MAX_SIDE
        assert image.size == (1000, 667)


@pytest.mark.parametrize(
    ("size", "expected"), [((4000, 3000), (1000, 750)), ((3000, 4000), (750, 1000))]
)
def test_a_phone_photo_keeps_its_long_side_at_print_size(size, expected):
    # The JPEG is decoded at a quarter scale straight away; the long side must not drop
    # below MAX_SIDE, whichever way the photo stands.
    prepared = proof_images.downscale(jpeg_bytes(*size, quality=60))
    with Image.open(io.BytesIO(prepared.content)) as image:
        assert image.size == expected
    assert (prepared.width, prepared.height) == expected


def test_transparent_png_is_flattened_on_white():
    prepared = proof_images.downscale(png_bytes(400, 300))
    with Image.open(io.BytesIO(prepared.content)) as image:
        assert image.mode == "RGB"
        assert image.size == (400, 300)


def test_exif_orientation_is_applied_and_metadata_stripped():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "Camera maker"
    data = jpeg_bytes(400, 200, exif=exif.tobytes())
    prepared = proof_images.downscale(data)
    with Image.open(io.BytesIO(prepared.content)) as image:
        assert image.size == (200, 400)  # upright: portrait
        assert not image.getexif()
        assert "exif" not in image.info
        # The black mark of the top-left corner is now at the top right.
        assert image.getpixel((190, 10))[0] < 60
        assert image.getpixel((10, 10))[0] > 100


def test_one_image_is_decoded_at_a_time_and_cached(participant, monkeypatch):
    first = attachment_with(participant, jpeg_bytes(300, 200))
    calls = []
    real = proof_images._prepare
    monkeypatch.setattr(proof_images, "_prepare", lambda a: calls.append(a.pk) or real(a))
    proof_images.prepare(first)
    proof_images.prepare(first)
    assert calls == [first.pk]


def test_a_prepared_image_is_shared_with_other_servers(participant, monkeypatch):
    # Another app server has an empty process cache: it finds the image in the shared cache.
    first = attachment_with(participant, jpeg_bytes(300, 200))
    calls = []
    real = proof_images._prepare
    monkeypatch.setattr(proof_images, "_prepare", lambda a: calls.append(a.pk) or real(a))
    prepared = proof_images.prepare(first)
    proof_images.clear_cache()  # as on another server
    again = proof_images.prepare(first)
    assert calls == [first.pk]
    assert again == prepared and again.content is not None


def test_the_grey_copy_of_a_photo_is_made_once(monkeypatch):
    colour = proof_images.downscale(jpeg_bytes(300, 200)).content
    calls = []
    real = proof_images._grey
    monkeypatch.setattr(proof_images, "_grey", lambda c: calls.append(1) or real(c))
    first = proof_images.grey(colour)
    assert proof_images.grey(colour) == first
    assert len(calls) == 1
    with Image.open(io.BytesIO(first)) as image:
        assert image.mode == "L"


def test_a_missing_file_is_not_remembered(participant, monkeypatch):
    attachment = attachment_with(participant, jpeg_bytes(300, 200))
    attachment.file.storage.delete(attachment.file.name)
    assert proof_images.prepare(attachment).problem == "missing"
    proof_images.clear_cache()
    assert proof_images.prepare(attachment).problem == "missing"
    assert cache.get(proof_images._shared_key(attachment)) is None


def _pdf_images(content: bytes) -> int:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return sum(len(page.images) for page in pdf.pages)


def test_a_broken_or_oversized_image_is_left_out_with_a_warning(participant):
    story = AchievementFactory(participant=participant, situation_fr="Histoire")
    good = attachment_with(participant, jpeg_bytes(640, 480), description="Bonne photo")
    truncated = jpeg_bytes(640, 480)
    broken = attachment_with(participant, truncated[:300], description="Photo coupée")
    bomb = attachment_with(
        participant, bomb_png(), name="bombe.png", content_type="image/png", description="Bombe"
    )
    story.proofs.add(good, broken, bomb)
    portfolio = selectors.portfolio_of(participant)
    document, warnings = selectors.draft_document(portfolio)
    assert _pdf_images(document.content) == 1
    assert any("Photo coupée" in w for w in warnings)
    assert any("Bombe" in w and "50" in w for w in warnings)
    assert len(selectors.image_problems(portfolio)) == 2


def test_a_missing_file_is_left_out(participant):
    story = AchievementFactory(participant=participant, situation_fr="Histoire")
    photo = attachment_with(participant, jpeg_bytes(64, 64), description="Partie")
    photo.file.storage.delete(photo.file.name)
    story.proofs.add(photo)
    document, warnings = selectors.draft_document(selectors.portfolio_of(participant))
    assert _pdf_images(document.content) == 0
    assert any("Partie" in w for w in warnings)
