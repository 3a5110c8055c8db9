"""Hostile content: the passport still prints, literally, and reads or fetches nothing else."""

from __future__ import annotations

import io
import shutil
import socket
import zipfile

import pdfplumber
import pytest
from PIL import Image

from atout.documents.rendering import engine
from atout.documents.rendering.docx import render_passport_docx
from atout.documents.rendering.passport import (
    render_passport,
    render_passport_preview,
    render_passport_with_warnings,
    sanitise_svg,
)
from atout.documents.tests.test_passport_pdf import page_texts, sample_content

MARKUP = [
    '#read("/etc/passwd")',
    '#import "@preview/x:0.1.0"',
    "$x$",
    "*b*",
    "<script>alert(1)</script>",
    "#{1+1}",
    "]",
]
ARABIC = "ليلى حداد"


def hostile_content() -> dict:
    mark = " ".join(MARKUP)
    content = sample_content(20)
    content["given_names"] = f"{ARABIC} 😀 {mark}"
    content["family_name"] = f"Nguyễn {mark}"
    content["contact"] = {
        "address": f"12, rue {mark}",
        "home_phone": mark,
        "mobile_phone": "4185550142",
        "email": f"{mark}@exemple.ca",
    }
    content["objective"] = {"fr": f"Objectif 👩‍🍳 {mark}", "en": f"Goal {mark}"}
    content["basic_skills"] = {
        key: {"fr": mark, "en": mark} for key in ("languages", "software", "equipment")
    }
    for kc in content["competencies"]:
        kc["title"] = {"fr": f"{kc['title']['fr']} {mark}", "en": mark}
        kc["link"] = {"fr": mark, "en": mark}
        for ev in kc["evidence"]:
            ev["situation"] = f"{ev['situation']} {mark} 🚀"
    long = ("Une très longue histoire, répétée pour dépasser une page entière. " * 80)[:5000]
    content["competencies"][3]["evidence"][0]["action"] = long
    content["cle"] = {"name": f"CLE {mark}", "address": [mark, ARABIC], "phone": mark}
    return content


@pytest.fixture(scope="module")
def hostile_pdf():
    return render_passport(hostile_content(), lang="fr", variant="colour")


def test_hostile_content_renders_and_prints_markup_literally(hostile_pdf):
    texts = page_texts(hostile_pdf.content)
    text = " ".join(texts)
    assert len(texts) >= 6
    for fragment in ('#read("/etc/passwd")', '#import "@preview/x:0.1.0"', "$x$", "*b*"):
        assert fragment in text
    assert "<script>alert(1)</script>" in text
    assert "#{1+1}" in text
    assert "root:x:0" not in text
    assert "Nguyễn" in text
    # All 20 rows are there, in order.
    for n in range(1, 21):
        assert f"K{n:02d}" in text


def test_right_to_left_name_is_kept(hostile_pdf):
    with pdfplumber.open(io.BytesIO(hostile_pdf.content)) as pdf:
        chars = "".join(c["text"] for c in pdf.pages[0].chars)
    assert all(letter in chars for letter in "ليلىحداد")


def test_row_taller_than_a_page_breaks_instead_of_overflowing(hostile_pdf):
    with pdfplumber.open(io.BytesIO(hostile_pdf.content)) as pdf:
        pages = [p for p in pdf.pages if "répétée pour dépasser" in (p.extract_text() or "")]
        assert len(pages) >= 2
        for page in pdf.pages:
            # Nothing is drawn below the footer area: no overflow off the page.
            assert all(char["bottom"] <= page.height - 0.3 * 72 for char in page.chars)


def test_hostile_english_copy_and_preview_render():
    content = hostile_content()
    copy_pdf, warnings = render_passport_with_warnings(content, lang="en", variant="copy")
    with pdfplumber.open(io.BytesIO(copy_pdf.content)) as pdf:
        page_count = len(pdf.pages)
        assert '#read("/etc/passwd")' in pdf.pages[0].extract_text()
    # Emoji have no black-and-white print font: left out, and the builder is told.
    assert any("moji" in warning.lower() for warning in warnings)  # emoji / émoji
    pages = render_passport_preview(content, lang="en", variant="copy", ppi=15)
    assert len(pages) == page_count


def test_hostile_docx_keeps_text_literally():
    content = hostile_content()
    content["objective"]["fr"] += " \x00\x07\x1b end"
    document = render_passport_docx(content, lang="fr")
    with zipfile.ZipFile(io.BytesIO(document.content)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "#read(&quot;/etc/passwd&quot;)" in xml or '#read("/etc/passwd")' in xml
    assert "&lt;script&gt;" in xml
    assert "root:x:0" not in xml


def _listening_socket() -> socket.socket:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    return server


def _hostile_svg(port: int, secret_png: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 48 48" onload="alert(1)">
  <style>@import url("http://127.0.0.1:{port}/style.css"); rect {{ fill: red; }}</style>
  <script>alert(1)</script>
  <foreignObject width="10" height="10"><p xmlns="http://www.w3.org/1999/xhtml">x</p>
  </foreignObject>
  <image href="file:///etc/passwd" width="10" height="10"/>
  <image xlink:href="file://{secret_png}" width="48" height="48"/>
  <image href="http://127.0.0.1:{port}/x" width="10" height="10"/>
  <use xlink:href="http://127.0.0.1:{port}/sprite.svg#a"/>
  <rect width="48" height="48" fill="url(http://127.0.0.1:{port}/paint)" onclick="x()"/>
  <circle cx="24" cy="24" r="20" fill="#0E6E8C" style="fill: url('http://127.0.0.1:{port}/f')"/>
  <circle cx="24" cy="24" r="10" fill="url(#g)"/>
  <text x="2" y="40">&xxe;</text>
</svg>""".encode()


def test_sanitise_svg_strips_scripts_and_external_references(tmp_path):
    clean = sanitise_svg(_hostile_svg(9, str(tmp_path / "secret.png"))).decode()
    lowered = clean.lower()
    for forbidden in (
        "script",
        "foreignobject",
        "onload",
        "onclick",
        "file:",
        "127.0.0.1",
        "@import",
        "passwd",
        "<!doctype",
        "<!entity",
        "<image",
        "<use",
    ):
        assert forbidden not in lowered, forbidden
    assert "url(#g)" in clean  # internal references stay
    assert "<circle" in clean


def test_sanitise_svg_keeps_embedded_png_and_refuses_non_svg():
    data_uri = "data:image/png;base64,iVBORw0KGgo="
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{data_uri}"/></svg>'
    assert data_uri in sanitise_svg(svg.encode()).decode()
    nested = '<svg xmlns="http://www.w3.org/2000/svg"><image href="data:text/html,x"/></svg>'
    assert "data:text" not in sanitise_svg(nested.encode()).decode()
    assert sanitise_svg(b"<html><body>no</body></html>") is None
    assert sanitise_svg(b"\x89PNG not xml") is None


def test_hostile_svg_logo_renders_without_reading_or_fetching(tmp_path):
    secret = tmp_path / "secret.png"
    Image.new("RGB", (30, 30), (255, 0, 0)).save(secret, format="PNG")
    server = _listening_socket()
    port = server.getsockname()[1]
    try:
        svg = _hostile_svg(port, str(secret))
        for variant in ("colour", "copy"):
            document, warnings = render_passport_with_warnings(
                sample_content(1), lang="fr", variant=variant, logo=svg, logo_type="image/svg+xml"
            )
            assert warnings == []
            assert document.content.startswith(b"%PDF")
            assert b"root:x:0" not in document.content
            with pytest.raises(BlockingIOError):
                server.accept()  # nobody connected
        with pdfplumber.open(io.BytesIO(document.content)) as pdf:
            # The copy prints the sanitised logo as one grey image; the red secret is not in it.
            images = pdf.pages[0].images
            assert len(images) == 1
    finally:
        server.close()


def test_planted_symlink_in_the_template_root_is_not_copied_or_followed(tmp_path, monkeypatch):
    templates = tmp_path / "typst"
    templates.mkdir()
    for source in engine.TEMPLATE_ROOT.glob("*.typ"):
        shutil.copyfile(source, templates / source.name)
    (templates / "evil.typ").symlink_to("/etc/passwd")
    (templates / "common.typ.bak").symlink_to("/etc/shadow")
    monkeypatch.setattr(engine, "TEMPLATE_ROOT", templates)

    seen = {}
    real_compiler = engine._compiler()

    class Spy:
        def compile(self, *, input, root, **kwargs):
            from pathlib import Path

            entries = list(Path(root).iterdir())
            seen["names"] = sorted(p.name for p in entries)
            seen["symlinks"] = [p.name for p in entries if p.is_symlink()]
            return real_compiler.compile(input=input, root=root, **kwargs)

    monkeypatch.setattr(engine, "_compiler", lambda: Spy())
    document = render_passport(sample_content(1), lang="fr", variant="colour")
    assert document.content.startswith(b"%PDF")
    assert "evil.typ" not in seen["names"]
    assert "common.typ.bak" not in seen["names"]
    assert seen["symlinks"] == []
    assert "passport.typ" in seen["names"] and "logo.svg" in seen["names"]


@pytest.mark.parametrize("name", ["../x.png", ".hidden", "passport.typ", "common.typ", "a\\b"])
def test_unsafe_file_names_are_refused(name):
    with pytest.raises(engine.RenderError):
        engine.render_typst("passport.typ", {}, files={name: b'#read("/etc/passwd")'})


def test_only_the_template_and_what_it_imports_are_copied(monkeypatch):
    seen = {}
    real_compiler = engine._compiler()

    class Spy:
        def compile(self, *, input, root, **kwargs):
            from pathlib import Path

            seen["names"] = sorted(p.name for p in Path(root).iterdir())
            return real_compiler.compile(input=input, root=root, **kwargs)

    monkeypatch.setattr(engine, "_compiler", lambda: Spy())
    document = render_passport(sample_content(1), lang="fr", variant="colour")
    assert document.content.startswith(b"%PDF")
    assert seen["names"] == ["common.typ", "logo.svg", "passport.typ"]
