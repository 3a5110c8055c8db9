"""The keyboard focus ring stays visible (>= 3:1, WCAG 1.4.11) on every background we paint.

The ring has two bands (technique C40): a dark outline and a light halo inside it. On any
background at least one band must reach 3:1. Colours are read from the stylesheet itself,
so a later change of a custom property or a new background colour is checked too.
"""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[1] / "atout" / "static" / "css" / "atout.css"
MINIMUM = 3.0


def _stylesheet() -> str:
    return re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)


def _rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) for every innermost rule, media queries flattened."""
    return [(sel.strip(), body) for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)]


def custom_properties(css: str) -> dict[str, str]:
    root = "".join(body for sel, body in _rules(css) if sel == ":root")
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root))


def resolve(value: str, props: dict[str, str]) -> str | None:
    """A #hex colour from a value that is a hex colour or var(--x); None for anything else."""
    value = value.strip()
    for _ in range(5):
        match = re.fullmatch(r"var\((--[\w-]+)\)", value)
        if not match:
            break
        value = props[match.group(1)].strip()
    if value == "#fff":
        value = "#ffffff"
    return value.lower() if re.fullmatch(r"#[0-9a-fA-F]{6}", value) else None


def luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def backgrounds(css: str, props: dict[str, str]) -> dict[str, str]:
    """Every solid background colour the stylesheet paints -> one selector that paints it."""
    found = {}
    for selector, body in _rules(css):
        for value in re.findall(r"background(?:-color)?\s*:\s*([^;]+)", body):
            colour = resolve(value, props)
            if colour:
                found.setdefault(colour, selector)
    return found


def focus_rules(css: str) -> list[tuple[str, str]]:
    return [(sel, body) for sel, body in _rules(css) if "focus" in sel and "outline" in body]


def ring_colours(body: str, props: dict[str, str]) -> tuple[str, str]:
    outline = re.search(r"outline\s*:\s*([^;]+)", body).group(1).split()[-1]
    halo = re.search(r"box-shadow\s*:\s*([^;]+)", body).group(1).split()[-1]
    return resolve(outline, props), resolve(halo, props)


def test_wcag_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#f59e0b", "#ffffff") == pytest.approx(2.15, abs=0.01)  # the old ring
    assert contrast("#1d4ed8", "#ffffff") == pytest.approx(6.7, abs=0.05)


def test_the_stylesheet_is_parsed():
    css = _stylesheet()
    props = custom_properties(css)
    found = backgrounds(css, props)
    # Guards the sweep: page, cards, header, buttons and notices must all be found.
    for name in ["--canvas", "--paper", "--ink", "--brand", "--error-bg", "--warn-bg", "--ok-bg"]:
        assert resolve(f"var({name})", props) in found, name
    assert len(focus_rules(css)) >= 2


def test_every_focus_rule_draws_the_two_tone_ring():
    css = _stylesheet()
    props = custom_properties(css)
    for selector, body in focus_rules(css):
        if "outline: none" in body.replace("  ", " "):
            continue  # main:focus, reached by the skip link: the page itself is not a control
        assert ring_colours(body, props) == (
            resolve("var(--focus)", props),
            resolve("var(--focus-halo)", props),
        ), selector


def test_the_two_bands_differ_enough_to_cover_any_background():
    # C40: with 9:1 between the bands, any solid colour is 3:1 from at least one of them.
    props = custom_properties(_stylesheet())
    ring = resolve("var(--focus)", props)
    halo = resolve("var(--focus-halo)", props)
    assert contrast(ring, halo) >= 9.0


def test_focus_ring_reaches_3_to_1_on_every_background():
    css = _stylesheet()
    props = custom_properties(css)
    ring = resolve("var(--focus)", props)
    halo = resolve("var(--focus-halo)", props)
    failures = []
    for colour, selector in backgrounds(css, props).items():
        best = max(contrast(ring, colour), contrast(halo, colour))
        if best < MINIMUM:
            failures.append(f"{colour} ({selector}): {best:.2f}:1")
    assert not failures, f"focus ring below {MINIMUM}:1 on: {failures}"
