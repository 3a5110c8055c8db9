"""Unit tests of the upload checks: names, content sniffing and the size cap."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from atout.common.tests import builders
from atout.participants.tests.factories import PNG_BYTES
from atout.participants.uploads import (
    ALLOWED_TYPES,
    UploadRejected,
    check_upload,
    safe_filename,
    sniff_content_type,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def upload(content: bytes, name: str = "fichier") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# ---------------------------------------------------------------- safe_filename


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("cv.pdf", ".pdf", "cv.pdf"),
        ("cv.pdf", ".png", "cv.png"),
        ("../../etc/passwd", ".txt", "passwd.txt"),
        ("..\\..\\Windows\\win.ini", ".txt", "win.txt"),
        ("C:\\Users\\moi\\Mon CV.docx", ".docx", "Mon CV.docx"),
        ("/", ".pdf", "document.pdf"),
        ("..", ".pdf", "document.pdf"),
        ("", ".pdf", "document.pdf"),
        (None, ".pdf", "document.pdf"),
        (".bashrc", ".txt", "document.txt"),
        ("cv\u202efdp.exe", ".pdf", "cvfdp.pdf"),
        ("a\x00b\x07c\x1b.pdf", ".pdf", "abc.pdf"),
        ("  mon___cv  final .pdf", ".pdf", "mon cv final.pdf"),
        ("e\u0301cole.pdf", ".pdf", "\u00e9cole.pdf"),
        ("רזומה.pdf", ".pdf", "רזומה.pdf"),
        ("😀.png", ".png", "😀.png"),
        ("archive.tar.gz", ".pdf", "archive.tar.pdf"),
    ],
)
def test_safe_filename(name, extension, expected):
    assert safe_filename(name, extension) == expected


def test_safe_filename_truncates_long_names():
    name = safe_filename("x" * 100_000 + ".pdf", ".pdf")
    assert name == "x" * 120 + ".pdf"


@given(name=st.text(max_size=300), extension=st.sampled_from(sorted(set(ALLOWED_TYPES.values()))))
def test_safe_filename_never_has_a_path_or_control_character(name, extension):
    result = safe_filename(name, extension)
    assert result.endswith(extension)
    assert len(result) <= 120 + len(extension)
    assert "/" not in result and "\\" not in result
    stem = result[: -len(extension)]
    assert stem and stem not in {".", ".."}
    assert not any(unicodedata.category(c)[0] == "C" for c in result)


# ---------------------------------------------------------------- sniff_content_type


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG_BYTES, "image/png"),
        (JPEG, "image/jpeg"),
        (OLE, "application/msword"),
        pytest.param(zipped({"word/document.xml": b"<w:document/>"}), DOCX, id="docx"),
        pytest.param(
            zipped({"mimetype": ODT.encode(), "content.xml": b"<office/>"}), ODT, id="odt"
        ),
        ("Bonjour, je m'appelle Émilie.\r\n\tMerci.\f".encode(), "text/plain"),
        (b"<!DOCTYPE html><script>alert(1)</script>", "text/plain"),
        (b'#read("/etc/passwd") $x$', "text/plain"),
    ],
)
def test_sniff_accepts(content, expected):
    assert sniff_content_type(upload(content)) == expected


@pytest.mark.parametrize(
    "content",
    [
        ELF,
        PE,
        b"PK\x03\x04not really a zip",
        pytest.param(zipped({"hello.txt": b"hi"}), id="plain-zip"),
        pytest.param(zipped({"mimetype": b"application/epub+zip"}), id="epub"),
        pytest.param(zipped({"word/document.xml": b"x"})[:40], id="truncated-docx"),
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
        b"<svg onload=alert(1)>",
        b"\xef\xbb\xbf\n<SVG>",
        b"<!-- a comment --><svg/>",
        b"texte\x00binaire",
        b"bip\x07",
        b"\x1b[31mrouge",
        "caf\u00e9".encode("latin-1") + b" au lait, encore du texte",
        bytes(range(1, 256)),
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b"",
    ],
)
def test_sniff_refuses(content):
    assert sniff_content_type(upload(content)) is None


def test_text_mentioning_svg_is_still_text():
    text = b"Competences : HTML, CSS, <svg> et JavaScript.\n"
    assert sniff_content_type(upload(text)) == "text/plain"


def test_multibyte_character_cut_at_the_sample_edge_is_still_text():
    text = b"a" * 8191 + "é".encode() + b"suite"
    assert sniff_content_type(upload(text)) == "text/plain"


def test_sniff_rewinds_the_file():
    file = upload(PNG_BYTES)
    file.read(5)
    sniff_content_type(file)
    assert file.tell() == 0


@given(data=st.binary(max_size=512))
def test_sniff_never_raises_and_answers_an_allowed_type(data):
    assert sniff_content_type(upload(data)) in {None, *ALLOWED_TYPES}


# ---------------------------------------------------------------- check_upload


def test_check_upload_returns_name_type_and_size():
    checked = check_upload(upload(PNG_BYTES, "../photo.pdf"))
    assert (checked.name, checked.content_type, checked.size) == (
        "photo.png",
        "image/png",
        len(PNG_BYTES),
    )


def test_check_upload_refuses_empty():
    with pytest.raises(UploadRejected) as error:
        check_upload(upload(b"", "cv.pdf"))
    assert error.value.message


def test_check_upload_refuses_over_the_cap(settings):
    settings.ATOUT_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(UploadRejected) as error:
        check_upload(upload(PDF + b" " * 2048, "cv.pdf"))
    assert "1000" in error.value.message or "1,0" in error.value.message
    assert check_upload(upload(PDF, "cv.pdf")).content_type == "application/pdf"


def test_check_upload_at_exactly_the_cap_is_accepted(settings):
    settings.ATOUT_UPLOAD_MAX_BYTES = 1000
    content = PDF + b" " * (1000 - len(PDF))
    assert check_upload(upload(content, "cv.pdf")).size == 1000


@pytest.mark.parametrize("content", [ELF, PE, b"\x00\x01\x02"])
def test_check_upload_refuses_unknown_content(content):
    with pytest.raises(UploadRejected) as error:
        check_upload(upload(content, "cv.pdf"))
    assert error.value.message


# ---------------------------------------------------------------- image pixel cap


def test_check_upload_refuses_a_13000_pixel_png_from_its_header(settings):
    settings.ATOUT_IMAGE_MAX_PIXELS = 25_000_000
    settings.ATOUT_IMAGE_MAX_SIDE = 8_000
    bomb = builders.png(13_000, 13_000)
    assert len(bomb) < 64 * 1024  # tiny on disk, 676 MB once decoded
    with translation.override("en"), pytest.raises(UploadRejected) as error:
        check_upload(upload(bomb, "photo.png"))
    assert error.value.message.startswith("This image is 13,000 × 13,000 pixels.")


@pytest.mark.parametrize(
    ("width", "height"), [(5_000, 5_000), (8_000, 3_125), (3_125, 8_000), (1, 1)]
)
def test_check_upload_accepts_an_image_at_the_cap(settings, width, height):
    settings.ATOUT_IMAGE_MAX_PIXELS = 25_000_000
    settings.ATOUT_IMAGE_MAX_SIDE = 8_000
    checked = check_upload(upload(builders.png(width, height), "photo.png"))
    assert checked.content_type == "image/png"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(builders.png(5_001, 5_000), id="png-over-pixels"),
        pytest.param(builders.png(8_001, 2), id="png-over-side"),
        pytest.param(builders.jpeg_claiming(20_000, 20_000), id="jpeg-claiming-more"),
    ],
)
def test_check_upload_refuses_above_the_cap(settings, content):
    settings.ATOUT_IMAGE_MAX_PIXELS = 25_000_000
    settings.ATOUT_IMAGE_MAX_SIDE = 8_000
    with translation.override("en"), pytest.raises(UploadRejected) as error:
        check_upload(upload(content, "photo.jpg"))
    assert error.value.message.startswith("This image is ")


def test_check_upload_cap_is_configurable(settings):
    settings.ATOUT_IMAGE_MAX_PIXELS = 100
    settings.ATOUT_IMAGE_MAX_SIDE = 8_000
    with pytest.raises(UploadRejected):
        check_upload(upload(builders.jpeg(20, 20), "photo.jpg"))
    assert check_upload(upload(builders.jpeg(10, 10), "photo.jpg")).content_type == "image/jpeg"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(builders.png(40, 40)[:-12], id="png-cut"),
        pytest.param(builders.png(40, 40)[:30], id="png-cut-in-header"),
        pytest.param(
            builders.png(40, 40)[:16] + b"\x00\x00\x33\x00" + builders.png(40, 40)[20:],
            id="png-header-edited-after-checksum",
        ),
        pytest.param(builders.jpeg(40, 40)[:300], id="jpeg-cut"),
        pytest.param(builders.webp(40, 40)[:-8], id="webp-cut"),
    ],
)
def test_check_upload_refuses_cut_or_lying_images_cleanly(content):
    with translation.override("en"), pytest.raises(UploadRejected) as error:
        check_upload(upload(content, "photo.png"))
    assert error.value.message == "This image is damaged or incomplete: it cannot be read."


@given(cut=st.integers(min_value=8, max_value=400))
def test_any_cut_png_is_refused_with_a_message(cut):
    """From its signature on, a cut PNG is refused (fewer bytes are not a PNG yet)."""
    data = builders.png(30, 30)
    if cut >= len(data):
        return
    with pytest.raises(UploadRejected) as error:
        check_upload(upload(data[:cut], "photo.png"))
    assert error.value.message
