"""A logo above the pixel cap, or unreadable, is not placed and the builder is told why."""

from __future__ import annotations

import pytest
from django.utils import translation

from atout.common.tests import builders
from atout.documents.rendering import passport as rendering
from atout.documents.tests.test_passport_pdf import sample_content


@pytest.fixture(autouse=True)
def image_cap(settings):
    settings.ATOUT_IMAGE_MAX_PIXELS = 25_000_000
    settings.ATOUT_IMAGE_MAX_SIDE = 8_000


def logo_warnings(logo: bytes, logo_type: str, variant: str = "colour") -> list[str]:
    with translation.override("en"):
        _document, warnings = rendering.render_passport_with_warnings(
            sample_content(2), lang="fr", variant=variant, logo=logo, logo_type=logo_type
        )
    return [w for w in warnings if "logo" in w.lower()]


def test_logo_problem_reads_the_size_from_the_header():
    with translation.override("en"):
        problem = rendering.logo_problem(builders.png(13_000, 13_000))
    assert problem == (
        "The logo is too large to print (13,000 × 13,000 pixels): add a smaller image."
    )


@pytest.mark.parametrize("logo", [None, b"", builders.png(5_000, 5_000), builders.jpeg(300, 90)])
def test_logo_problem_is_none_for_no_logo_or_one_within_the_cap(logo):
    assert rendering.logo_problem(logo) is None


@pytest.mark.parametrize("variant", ["colour", "copy"])
def test_a_13000_pixel_logo_is_left_out_with_a_warning(variant):
    warnings = logo_warnings(builders.png(13_000, 13_000), "png", variant)
    assert warnings == [
        "The logo is too large to print (13,000 × 13,000 pixels): add a smaller image."
    ]


def test_a_cut_logo_is_left_out_with_a_warning():
    warnings = logo_warnings(builders.png(300, 300)[:-30], "png")
    assert warnings == ["The logo could not be printed (damaged or unsupported file)."]


@pytest.mark.parametrize("variant", ["colour", "copy"])
def test_a_logo_at_the_cap_prints_without_warning(variant):
    assert logo_warnings(builders.noisy_png(5_000, 5_000), "png", variant) == []


def test_an_svg_hiding_a_huge_image_is_left_out_with_a_warning():
    import base64

    inner = base64.b64encode(builders.png(13_000, 13_000)).decode()
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 10 10"><image width="10" height="10" '
        f'xlink:href="data:image/png;base64,{inner}"/></svg>'
    ).encode()
    assert logo_warnings(svg, "svg") == [
        "The logo is too large to print (13,000 × 13,000 pixels): add a smaller image."
    ]
