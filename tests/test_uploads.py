"""Uploads through the real view and the service: the content decides, nothing bad is kept."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atout.common.tests import builders
from atout.participants import services
from atout.participants.models import Attachment
from atout.participants.tests.factories import PNG_BYTES
from atout.participants.uploads import UploadRejected

pytestmark = pytest.mark.django_db

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
STORED_NAME = re.compile(r"^attachments/(\d+)/[0-9a-f]{32}\.[a-z]+$")


def minimal_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"/>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>CV</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    return buffer.getvalue()


def storage_root() -> Path:
    return Path(django_settings.STORAGES["default"]["OPTIONS"]["location"])


def stored_files() -> list[Path]:
    root = storage_root()
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post_upload(client, participant, name: str, content: bytes, **extra):
    data = {
        "kind": "cv",
        "description": "",
        "upload": SimpleUploadedFile(name, content, content_type="application/pdf"),
        **extra,
    }
    return client.post(reverse("participants:attachment_add", args=[participant.pk]), data)


def assert_refused(response, *phrases: str) -> None:
    assert response.status_code == 422
    html = response.content.decode()
    assert "error-summary" in html
    if phrases:
        assert any(phrase in html for phrase in phrases), phrases
    assert Attachment.objects.count() == 0
    assert stored_files() == []


NOT_ACCEPTED = ("not accepted", "pas accepté")

# ---------------------------------------------------------------- through the view


def test_renamed_executable_is_refused(client_for, counsellor, participant):
    response = post_upload(client_for(counsellor), participant, "cv.pdf", ELF)
    assert_refused(response, *NOT_ACCEPTED)


def test_png_named_pdf_is_kept_as_png(client_for, counsellor, participant):
    client = client_for(counsellor)
    response = post_upload(client, participant, "cv.pdf", PNG_BYTES)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "cv.png"
    assert attachment.file.name.endswith(".png")
    download = client.get(reverse("participants:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PNG_BYTES


def test_fifty_megabytes_is_refused_and_nothing_stored(client_for, counsellor, participant):
    big = PDF + b"0" * (50 * 1024 * 1024)
    response = post_upload(client_for(counsellor), participant, "gros.pdf", big)
    assert_refused(response, "too large", "trop volumineux")


def test_cap_is_configurable(client_for, counsellor, participant, settings):
    settings.ATOUT_UPLOAD_MAX_BYTES = 1000
    pdf = PDF + b"%" * (2048 - len(PDF))
    response = post_upload(client_for(counsellor), participant, "cv.pdf", pdf)
    assert_refused(response, "too large", "trop volumineux")
    settings.ATOUT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    response = post_upload(client_for(counsellor), participant, "cv.pdf", pdf)
    assert response.status_code == 302


def raw_multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    """A multipart body whose filename goes in exactly as given (the test client strips paths)."""
    boundary = "----atout-boundary-7MA4YWxkTrZu0gW"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..\\..\\windows\\system32\\config",
        "/etc/passwd",
        "C:\\Users\\moi\\..\\passwd",
        "....//....//etc/passwd",
    ],
)
def test_path_in_filename_is_dropped(client_for, counsellor, participant, name):
    client = client_for(counsellor)
    body, content_type = raw_multipart(
        {"kind": "cv", "description": ""}, name, b"root:x:0:0:root:/root:/bin/bash\n"
    )
    url = reverse("participants:attachment_add", args=[participant.pk])
    response = client.generic("POST", url, data=body, content_type=content_type)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert "/" not in attachment.original_name
    assert "\\" not in attachment.original_name
    assert ".." not in attachment.original_name
    assert attachment.original_name.endswith(".txt")
    match = STORED_NAME.match(attachment.file.name)
    assert match and int(match.group(1)) == participant.pk
    (path,) = stored_files()
    assert path.resolve().is_relative_to(storage_root().resolve())


def test_empty_file_is_refused(client_for, counsellor, participant):
    response = post_upload(client_for(counsellor), participant, "vide.pdf", b"")
    assert_refused(response)


def test_broken_zip_named_docx_is_refused(client_for, counsellor, participant):
    broken = b"PK\x03\x04" + b"\x14\x00\x00\x00" + b"garbage" * 50
    response = post_upload(client_for(counsellor), participant, "cv.docx", broken)
    assert_refused(response, *NOT_ACCEPTED)


def test_real_docx_is_accepted(client_for, counsellor, participant):
    response = post_upload(client_for(counsellor), participant, "mon cv.docx", minimal_docx())
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert attachment.original_name == "mon cv.docx"


def test_utf8_text_is_accepted(client_for, counsellor, participant):
    text = "Références : Émilie, 😀, שלום\n".encode() * 10
    response = post_upload(client_for(counsellor), participant, "notes.txt", text)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "text/plain"
    assert attachment.original_name == "notes.txt"


def test_binary_garbage_is_refused(client_for, counsellor, participant):
    garbage = bytes(range(1, 256)) * 20
    response = post_upload(client_for(counsellor), participant, "notes.txt", garbage)
    assert_refused(response, *NOT_ACCEPTED)


def test_html_renamed_txt_is_downloaded_never_rendered(client_for, counsellor, participant):
    client = client_for(counsellor)
    response = post_upload(client, participant, "page.txt", HTML)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "text/plain"
    download = client.get(reverse("participants:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"].startswith("text/plain")
    assert "sandbox" in download["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["logo.svg", "logo.png", "logo.txt"])
def test_svg_is_refused(client_for, counsellor, participant, name):
    response = post_upload(client_for(counsellor), participant, name, SVG)
    assert_refused(response, *NOT_ACCEPTED)


def test_bare_svg_without_xml_declaration_is_refused(client_for, counsellor, participant):
    svg = b'\xef\xbb\xbf  <svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    response = post_upload(client_for(counsellor), participant, "x.txt", svg)
    assert_refused(response, *NOT_ACCEPTED)


def test_hostile_filename_is_displayed_escaped(client_for, counsellor, participant):
    client = client_for(counsellor)
    name = '"><img src=x onerror=alert(1)>\u202efdp.exe.png'
    response = post_upload(client, participant, name, PNG_BYTES)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert "\u202e" not in attachment.original_name
    assert attachment.original_name.endswith(".png")
    page = client.get(participant.get_absolute_url()).content.decode()
    assert "<img src=x onerror" not in page


def test_refused_upload_keeps_the_participant_version(client_for, counsellor, participant):
    version = participant.version
    post_upload(client_for(counsellor), participant, "cv.pdf", ELF)
    participant.refresh_from_db()
    assert participant.version == version


# ---------------------------------------------------------------- through the service


def add(participant, actor, name: str, content: bytes, **kwargs) -> Attachment:
    return services.attachment_add(
        participant=participant,
        actor=actor,
        upload=SimpleUploadedFile(name, content),
        kind=kwargs.pop("kind", Attachment.Kind.CV),
        **kwargs,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", ELF),
        ("vide.pdf", b""),
        ("cv.docx", b"PK\x03\x04broken"),
        ("logo.svg", SVG),
        ("bruit.txt", bytes(range(1, 256)) * 4),
        ("nul.txt", b"texte\x00texte"),
    ],
)
def test_service_refuses_bad_content(participant, counsellor, name, content):
    with pytest.raises(UploadRejected) as error:
        add(participant, counsellor, name, content)
    assert error.value.message
    assert Attachment.objects.count() == 0
    assert stored_files() == []


def test_service_refuses_fifty_megabytes(participant, counsellor):
    with pytest.raises(UploadRejected, match="(too large|trop volumineux)"):
        add(participant, counsellor, "gros.pdf", PDF + b"0" * (50 * 1024 * 1024))
    assert Attachment.objects.count() == 0
    assert stored_files() == []


def test_service_cap_is_configurable(participant, counsellor, settings):
    settings.ATOUT_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(UploadRejected):
        add(participant, counsellor, "cv.pdf", PDF + b"%" * 2048)
    assert stored_files() == []


def test_service_stores_under_random_name(participant, counsellor):
    attachment = add(participant, counsellor, "../../etc/passwd", b"root:x:0:0\n")
    assert attachment.original_name == "passwd.txt"
    assert STORED_NAME.match(attachment.file.name)
    assert attachment.file.name.startswith(f"attachments/{participant.pk}/")
    assert "passwd" not in attachment.file.name


def test_service_png_named_pdf(participant, counsellor):
    attachment = add(participant, counsellor, "cv.pdf", PNG_BYTES)
    assert (attachment.content_type, attachment.original_name) == ("image/png", "cv.png")
    assert attachment.file.name.endswith(".png")


def test_service_accepts_docx(participant, counsellor):
    attachment = add(participant, counsellor, "cv.docx", minimal_docx())
    assert attachment.original_name == "cv.docx"
    assert attachment.file.name.endswith(".docx")


def test_service_invalid_description_stores_no_file(participant, counsellor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        add(participant, counsellor, "cv.png", PNG_BYTES, description="x" * 201)
    with pytest.raises(ValidationError):
        add(participant, counsellor, "cv.png", PNG_BYTES, kind="<script>")
    assert Attachment.objects.count() == 0
    assert stored_files() == []


# ---------------------------------------------------------------- image pixel cap


@pytest.fixture
def image_cap(settings):
    settings.ATOUT_IMAGE_MAX_PIXELS = 25_000_000
    settings.ATOUT_IMAGE_MAX_SIDE = 8_000


def test_a_13000_pixel_photo_is_refused_with_its_size(
    client_for, counsellor, participant, image_cap
):
    bomb = builders.png(13_000, 13_000)
    assert len(bomb) < 64 * 1024
    response = post_upload(client_for(counsellor), participant, "preuve.png", bomb)
    assert_refused(response, "13\xa0000 × 13\xa0000", "13,000 × 13,000", "13 000 × 13 000")


def test_a_photo_at_the_cap_is_accepted(client_for, counsellor, participant, image_cap):
    response = post_upload(
        client_for(counsellor), participant, "preuve.png", builders.png(5_000, 5_000)
    )
    assert response.status_code == 302
    assert Attachment.objects.get().content_type == "image/png"


def test_a_cut_photo_is_refused_cleanly(client_for, counsellor, participant, image_cap):
    response = post_upload(
        client_for(counsellor), participant, "preuve.jpg", builders.jpeg(64, 64)[:200]
    )
    assert_refused(response, "damaged", "endommagée")


def _logo_post(client, participant, name: str, content: bytes):
    return client.post(
        reverse("passports:logo", kwargs={"pk": participant.pk}),
        {"logo": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.fixture
def passport(participant, counsellor):
    from atout.passports import services as passport_services

    return passport_services.passport_start(participant=participant, actor=counsellor)


def test_a_13000_pixel_logo_is_refused_with_its_size(
    client_for, counsellor, participant, passport, image_cap
):
    response = _logo_post(
        client_for(counsellor), participant, "logo.png", builders.png(13_000, 13_000)
    )
    html = response.content.decode()
    assert "13\xa0000 × 13\xa0000" in html or "13,000 × 13,000" in html
    passport.refresh_from_db()
    assert not passport.logo


def test_a_logo_at_the_cap_is_accepted(client_for, counsellor, participant, passport, image_cap):
    _logo_post(client_for(counsellor), participant, "logo.png", builders.png(5_000, 5_000))
    passport.refresh_from_db()
    assert passport.logo.name.endswith(".png")


DAMAGED = ("damaged or incomplete", "endommagée ou incomplète")


@pytest.mark.parametrize(
    ("name", "content", "phrases"),
    [
        ("logo.png", builders.png(100, 100)[:-20], DAMAGED),
        ("logo.jpg", builders.jpeg(100, 100)[:300], DAMAGED),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"/>',
            ("20,000 × 20,000", "20\xa0000 × 20\xa0000"),
        ),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 0"/>', DAMAGED),
    ],
    ids=["png-cut", "jpeg-cut", "svg-huge", "svg-empty-viewbox"],
)
def test_cut_or_oversized_logos_are_refused_with_a_message(
    client_for, counsellor, participant, passport, image_cap, name, content, phrases
):
    response = _logo_post(client_for(counsellor), participant, name, content)
    html = response.content.decode()
    assert any(phrase in html for phrase in phrases), phrases
    passport.refresh_from_db()
    assert not passport.logo


def test_an_svg_logo_hiding_a_huge_png_is_refused(
    client_for, counsellor, participant, passport, image_cap
):
    import base64

    inner = base64.b64encode(builders.png(13_000, 13_000)).decode()
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="100" height="100"><image width="100" height="100" '
        f'xlink:href="data:image/png;base64,{inner}"/></svg>'
    ).encode()
    _logo_post(client_for(counsellor), participant, "logo.svg", svg)
    passport.refresh_from_db()
    assert not passport.logo


def test_a_reasonable_svg_logo_is_accepted(
    client_for, counsellor, participant, passport, image_cap
):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle r="30"/></svg>'
    _logo_post(client_for(counsellor), participant, "logo.svg", svg)
    passport.refresh_from_db()
    assert passport.logo.name.endswith(".svg")
