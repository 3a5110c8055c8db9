"""The compact-or-normal choice is remembered: the same CV prints again with one compile,
byte for byte as the first time, and what can move the body gets a new choice."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from atout.documents.rendering import cv
from atout.resumes.tests.test_rendering import payload

pytestmark = pytest.mark.django_db

# Normal setting: two pages; compact: one (the demo CV's case).
LONG = "Préparer les commandes, vérifier les stocks, accueillir la clientèle. " * 2


def compacting(**changes) -> dict:
    return {**payload(jobs=3, text=LONG, max_pages=2), **changes}


@pytest.fixture
def compiles(monkeypatch):
    calls: list[bool] = []
    real = cv.render_typst

    def counted(template, data, **kwargs):
        calls.append(data["compact"])
        return real(template, data, **kwargs)

    monkeypatch.setattr(cv, "render_typst", counted)
    return calls


def same_pdf(a: bytes, b: bytes) -> bool:
    """Byte for byte, but for the creation time Typst writes (to the second) and the
    instance identifiers it derives from it."""

    def timeless(pdf: bytes) -> bytes:
        pdf = re.sub(rb"D:\d{14}Z|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^<]*<", b"T", pdf)
        pdf = re.sub(rb"<xmpMM:InstanceID>[^<]*<", b"I<", pdf)
        return re.sub(rb"/ID\[\(([^)]*)\)\([^)]*\)\]", rb"/ID[(\1)]", pdf)

    return a != b"" and timeless(a) == timeless(b)


def cold(data: dict, **kwargs) -> bytes:
    cache.clear()
    return cv.render_cv(data, **kwargs).content


def test_the_fixture_cv_is_compacted():
    normal = cv.render_typst(cv.TEMPLATE, {**cv.document_payload(compacting(), variant="colour")})
    assert cv.page_count(normal) == 2
    assert cv.page_count(cold(compacting())) == 1


@pytest.mark.parametrize(
    ("data", "first_compiles", "pages"),
    [
        (compacting(), [False, True], 1),  # two pages, one when compact: compact
        (payload(jobs=5, text=LONG), [False, True], 2),  # two pages either way: normal
        (payload(jobs=0), [False], 1),  # one page: normal, compact never tried
    ],
    ids=["compact", "normal-two-pages", "normal-one-page"],
)
def test_the_second_print_compiles_once_with_the_same_bytes(compiles, data, first_compiles, pages):
    first = cold(data)
    assert compiles == first_compiles
    assert cv.page_count(first) == pages
    winner = pages < 2 and len(first_compiles) == 2
    compiles.clear()
    again, warnings = cv.render_cv_with_warnings(data)
    assert compiles == [winner]  # one compile, the setting that won
    assert same_pdf(again.content, first)
    assert warnings == []


def test_the_copy_after_the_original_compiles_once(compiles):
    expected = cold(compacting(), variant="copy")
    cache.clear()
    cv.render_cv(compacting(), variant="colour")
    compiles.clear()
    assert same_pdf(cv.render_cv(compacting(), variant="copy").content, expected)
    assert compiles == [True]


def test_the_preview_then_the_pdf_compile_once(compiles):
    cache.clear()
    pages = cv.render_cv_preview(compacting())
    assert len(pages) == 1
    compiles.clear()
    cv.render_cv(compacting())
    assert compiles == [True]


@pytest.mark.parametrize("name", ["Jean Roy", "Ahmed Benali G12"])
def test_another_short_name_reuses_the_choice_with_the_bytes_of_a_cold_render(compiles, name):
    renamed = compacting(name=name)
    expected = cold(renamed)
    cache.clear()
    cv.render_cv(compacting())
    compiles.clear()
    assert same_pdf(cv.render_cv(renamed).content, expected)
    assert compiles == [True]


@pytest.mark.parametrize(
    "change",
    [
        {"name": "Marie-Ève Tremblay-Gagnon de la Montagne-Verte"},  # may take two lines
        {"name": "مرحبا Tremblay"},  # another font, another line height
        {"objective": "Un autre objectif, plus long que le premier."},
    ],
)
def test_what_can_move_the_body_gets_its_own_choice(change):
    data = {**cv.document_payload(compacting(), variant="colour"), "qr": ""}
    changed = {**cv.document_payload({**compacting(), **change}, variant="colour"), "qr": ""}
    assert cv._layout_key(changed) != cv._layout_key(data)
    # What never moves the body shares the key: colours, the draft mark, the QR's address,
    # the page limit (it only decides the warning, from the pages of the layout chosen).
    copy = {**cv.document_payload(compacting(draft=True, max_pages=1), variant="copy"), "qr": ""}
    assert cv._layout_key(copy) == cv._layout_key(data)
    assert cv._layout_key({**data, "qr": "qr.svg"}) != cv._layout_key(data)
    # A key the template does not read does not either.
    assert cv._layout_key({**data, "unread": 1}) == cv._layout_key(data)


def test_every_field_the_template_reads_is_sorted_as_moving_the_body_or_not():
    template = (cv.engine.TEMPLATE_ROOT / cv.TEMPLATE).read_text()
    read = set(re.findall(r'data\.at\("([a-z_]+)"', template))
    read |= set(re.findall(r"data\.([a-z_]+)", template)) - {"at"}
    assert read <= set(cv._BODY) | set(cv._OUTSIDE_BODY)


def test_a_remembered_choice_still_warns_when_too_long(compiles):
    data = payload(jobs=12, text="Texte " * 120, max_pages=1)
    cache.clear()
    first, warnings = cv.render_cv_with_warnings(data)
    compiles.clear()
    again, again_warnings = cv.render_cv_with_warnings(data)
    assert len(compiles) == 1
    assert same_pdf(again.content, first.content)
    assert again_warnings == warnings and warnings


def test_same_pdf_sees_a_different_document():
    assert not same_pdf(cold(compacting()), cold(compacting(name="Jean Roy")))


@pytest.mark.parametrize(
    ("data", "warned"),
    [
        (payload(jobs=12, text="Texte " * 120, max_pages=1), 1),  # too long for its limit
        (compacting(name="Marie 🙂 Roy"), 1),  # an emoji left out
        (payload(jobs=0), 0),  # nothing to say
    ],
    ids=["too-long", "emoji", "none"],
)
def test_the_pages_warnings_compile_nothing_once_the_layout_is_known(compiles, data, warned):
    cache.clear()
    _document, expected = cv.render_cv_with_warnings(data)
    assert len(expected) == warned
    compiles.clear()
    assert cv.cv_warnings(data) == expected
    assert compiles == []


def test_the_pages_warnings_compile_once_when_the_layout_is_unknown(compiles):
    data = payload(jobs=12, text="Texte " * 120, max_pages=1)
    cache.clear()
    warnings = cv.cv_warnings(data)
    assert warnings and compiles == [False, True]  # over a page: the compact setting too
    compiles.clear()
    assert cv.cv_warnings(data) == warnings
    assert compiles == []


@pytest.mark.parametrize("kept", [cv.NORMAL, ("compact",), ("compact", "2"), ("small", 1)])
def test_an_entry_of_another_shape_is_not_trusted(compiles, kept):
    # A bare word (the shape before the pages were kept), a pair of the wrong kinds.
    data = payload(jobs=12, text="Texte " * 120, max_pages=1)
    cache.clear()
    expected = cv.cv_warnings(data)
    key = cv._layout_key({**cv.document_payload(data, variant="colour"), "qr": ""})
    cache.set(key, kept)
    compiles.clear()
    assert cv.cv_warnings(data) == expected
    assert compiles == [False, True]
