"""Image sizes from the header: right for real files, refused for cut or lying ones."""

from __future__ import annotations

import io
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from atout.common import images
from atout.common.images import ImageSize, ImageUnreadable, raster_size, size_problem, svg_size
from atout.common.tests import builders


def size_of(data: bytes) -> ImageSize:
    return raster_size(io.BytesIO(data))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(builders.png(13_000, 13_000), (13_000, 13_000), id="png-huge"),
        pytest.param(builders.noisy_png(40, 30), (40, 30), id="png-rgba"),
        pytest.param(builders.jpeg(300, 200), (300, 200), id="jpeg"),
        pytest.param(builders.jpeg_claiming(20_000, 9), (20_000, 9), id="jpeg-claiming"),
        pytest.param(builders.webp(300, 200), (300, 200), id="webp-lossy"),
        pytest.param(builders.webp(301, 201, lossless=True), (301, 201), id="webp-lossless"),
        pytest.param(builders.webp(333, 222, alpha=True), (333, 222), id="webp-extended"),
        pytest.param(b"GIF89a\x0a\x00\x05\x00\x00\x00\x00", (10, 5), id="gif-in-svg"),
    ],
)
def test_size_is_read_from_the_header(data, expected):
    assert (size_of(data).width, size_of(data).height) == expected


def test_a_huge_png_is_small_on_disk_and_read_without_decoding():
    data = builders.png(13_000, 13_000)
    assert len(data) < 64 * 1024
    assert size_of(data).pixels == 169_000_000


def test_reading_the_size_rewinds_the_file():
    handle = io.BytesIO(builders.jpeg(20, 10))
    raster_size(handle)
    assert handle.tell() == 0


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(builders.png(10, 10)[:20], id="png-cut-in-header"),
        pytest.param(builders.png(10, 10)[:-12], id="png-without-end"),
        pytest.param(builders.png(10, 10)[:40], id="png-cut-in-data"),
        pytest.param(
            builders.png(10, 10)[:29] + b"\x00\x00\x00\x00" + builders.png(10, 10)[33:],
            id="png-bad-header-checksum",
        ),
        pytest.param(builders.png(0, 10), id="png-zero-width"),
        pytest.param(builders.jpeg(30, 20)[:200], id="jpeg-cut"),
        pytest.param(builders.jpeg(30, 20)[:-2], id="jpeg-without-end"),
        pytest.param(b"\xff\xd8\xff\xd9", id="jpeg-empty"),
        pytest.param(builders.webp(30, 20)[:-4], id="webp-cut"),
        pytest.param(b"RIFF\x10\x00\x00\x00WEBPVP8 ", id="webp-header-only"),
        pytest.param(b"GIF89a\x01\x00", id="gif-cut"),
        pytest.param(b"BM\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", id="bmp"),
        pytest.param(b"", id="empty"),
    ],
)
def test_cut_or_inconsistent_images_are_unreadable(data):
    with pytest.raises(ImageUnreadable):
        size_of(data)


@given(data=st.binary(max_size=256), prefix=st.sampled_from([b"", b"\x89PNG\r\n\x1a\n"]))
def test_garbage_is_unreadable_never_a_crash(data, prefix):
    try:
        size = size_of(prefix + data)
    except ImageUnreadable:
        return
    assert size.width > 0 and size.height > 0


@given(cut=st.integers(min_value=0, max_value=2000))
def test_any_cut_of_a_real_jpeg_is_unreadable(cut):
    data = builders.jpeg(64, 48)
    if cut >= len(data) - 1:
        return
    with pytest.raises(ImageUnreadable):
        size_of(data[:cut])


# --- the cap --------------------------------------------------------------------------------


def test_the_cap_counts_pixels_and_sides(settings):
    settings.ATOUT_IMAGE_MAX_PIXELS = 25_000_000
    settings.ATOUT_IMAGE_MAX_SIDE = 8_000
    assert size_problem(ImageSize(5_000, 5_000)) is None
    assert size_problem(ImageSize(8_000, 3_125)) is None
    assert size_problem(ImageSize(5_001, 5_000)) is not None
    assert size_problem(ImageSize(8_001, 10)) is not None
    assert size_problem(ImageSize(13_000, 13_000)) is not None


def test_the_message_gives_the_size_and_the_limit(settings):
    from django.utils import translation

    settings.ATOUT_IMAGE_MAX_PIXELS = 25_000_000
    settings.ATOUT_IMAGE_MAX_SIDE = 8_000
    with translation.override("en"):
        message = size_problem(ImageSize(13_000, 13_000))
    assert message.startswith("This image is 13,000 × 13,000 pixels.")
    assert "8,000 pixels on a side" in message and "25 megapixels" in message


def test_pillow_is_bounded_by_the_cap(settings):
    from PIL import Image

    settings.ATOUT_IMAGE_MAX_PIXELS = 1_000_000
    images.bound_pillow()
    try:
        with pytest.raises(Image.DecompressionBombError):
            Image.open(io.BytesIO(builders.png(13_000, 13_000)))
    finally:
        settings.ATOUT_IMAGE_MAX_PIXELS = images.DEFAULT_MAX_PIXELS
        images.bound_pillow()


# --- SVG ----------------------------------------------------------------------------------


def svg(attributes: str) -> etree._Element:
    return etree.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}/>'.encode())


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ('width="120" height="80"', (120, 80)),
        ('width="2in" height="1in"', (192, 96)),
        ('width="10mm" height="10mm"', (38, 38)),
        ('viewBox="0 0 400 200"', (400, 200)),
        ('width="800" viewBox="0 0 400 200"', (800, 400)),
        ('height="100" viewBox="0,0,400,200"', (200, 100)),
        ('width="100%" height="100%" viewBox="0 0 50 50"', (50, 50)),
        ('width="90000"', (90_000, 1)),
        ("", None),
        ('width="100%"', None),
    ],
)
def test_svg_size(attributes, expected):
    size = svg_size(svg(attributes))
    assert (size and (size.width, size.height)) == expected


@pytest.mark.parametrize(
    "attributes",
    [
        'width="0" height="10"',
        'width="-5" height="10"',
        'width="1e999" height="10"',
        'width="NaN" height="10"',
        'width="ten" height="10"',
        'width="10furlongs" height="10"',
        'viewBox="0 0 0 10"',
        'viewBox="0 0 inf 10"',
        'viewBox="0 0 10"',
        'viewBox="a b c d"',
    ],
)
def test_svg_with_a_senseless_size_is_unreadable(attributes):
    with pytest.raises(ImageUnreadable):
        svg_size(svg(attributes))


def test_png_header_length_field_is_checked():
    data = bytearray(builders.png(4, 4))
    data[8:12] = struct.pack(">I", 14)
    with pytest.raises(ImageUnreadable):
        size_of(bytes(data))


@given(
    data=st.binary(max_size=300),
    prefix=st.sampled_from(
        [b"", b"<svg ", b'<svg xmlns="http://www.w3.org/2000/svg" width="', b"\xff\xd8", b"RIFF"]
    ),
)
def test_check_image_answers_anything_without_raising(data, prefix):
    checked = images.check_image(prefix + data)
    assert checked.problem is None or checked.problem
    assert not checked.unreadable or checked.problem
