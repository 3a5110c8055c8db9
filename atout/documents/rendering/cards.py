"""Business cards: a US Letter sheet of cards, placed to a fraction of a point.

Sheet layouts are data (`SheetLayout`, every length in PostScript points, origin at the
sheet's top left): two presets for 10-up card stock, and `layout_from_values` for the
geometry an organisation reads on its own stock's package. `render_business_cards` takes
the plain payload of `passports.selectors.business_card_content` and a language; the
template only places what Python computed (card positions, font sizes, shortened texts),
so what had to be shortened is known here and returned as warnings before printing.
A printer offset (x, y in mm; positive moves right and down) shifts the whole sheet.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from atout.accounts.validators import format_phone
from atout.documents.rendering.engine import RenderedDocument, RenderError, render_typst
from atout.documents.rendering.passport import logo_file, pick, typographic, without_emoji
from atout.documents.rendering.qr import QR_FILE, qr_svg

TEMPLATE = "cards.typ"
VARIANTS = ("colour", "copy")
PT_PER_INCH = 72.0
PT_PER_MM = 72.0 / 25.4
LETTER_W, LETTER_H = 612.0, 792.0  # US Letter, in points


@dataclass(frozen=True)
class SheetLayout:
    """Where the cards are on the sheet, in points from the sheet's top-left corner.

    `unconfirmed` names the fields whose values could not be checked against the stock's
    own published template; print the test page before trusting them.
    """

    name: str
    card_w: float
    card_h: float
    columns: int
    rows: int
    margin_top: float
    margin_left: float
    gap_x: float = 0.0
    gap_y: float = 0.0
    unconfirmed: tuple[str, ...] = ()

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def boxes(self, offset_mm: tuple[float, float] = (0.0, 0.0)) -> list[tuple[float, ...]]:
        """(x, y, width, height) of each card, row by row, shifted by the printer offset."""
        dx, dy = offset_mm[0] * PT_PER_MM, offset_mm[1] * PT_PER_MM
        return [
            (
                self.margin_left + column * (self.card_w + self.gap_x) + dx,
                self.margin_top + row * (self.card_h + self.gap_y) + dy,
                self.card_w,
                self.card_h,
            )
            for row in range(self.rows)
            for column in range(self.columns)
        ]


class LayoutError(ValueError):
    """The geometry cannot describe a sheet of cards on US Letter (message for users)."""


def layout_from_values(
    *,
    name: str,
    card_w: float,
    card_h: float,
    columns: int,
    rows: int,
    margin_top: float,
    margin_left: float,
    gap_x: float = 0.0,
    gap_y: float = 0.0,
) -> SheetLayout:
    """An organisation's own stock, from the values printed on its package (in points)."""
    numbers = {
        "card_w": card_w,
        "card_h": card_h,
        "margin_top": margin_top,
        "margin_left": margin_left,
        "gap_x": gap_x,
        "gap_y": gap_y,
    }
    for field, value in numbers.items():
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise LayoutError(_("%(field)s must be a number.") % {"field": field})
    if card_w <= 0 or card_h <= 0:
        raise LayoutError(_("The card width and height must be greater than zero."))
    if min(margin_top, margin_left, gap_x, gap_y) < 0:
        raise LayoutError(_("Margins and gaps cannot be negative."))
    for value in (columns, rows):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise LayoutError(_("The numbers of columns and rows must be whole numbers from 1."))
    width = margin_left + columns * card_w + (columns - 1) * gap_x
    height = margin_top + rows * card_h + (rows - 1) * gap_y
    if width > LETTER_W + 0.01 or height > LETTER_H + 0.01:
        raise LayoutError(_("These cards do not fit on a US Letter sheet (8.5 × 11 in)."))
    return SheetLayout(
        name=name,
        card_w=float(card_w),
        card_h=float(card_h),
        columns=columns,
        rows=rows,
        margin_top=float(margin_top),
        margin_left=float(margin_left),
        gap_x=float(gap_x),
        gap_y=float(gap_y),
    )


_IN = PT_PER_INCH
LAYOUTS: dict[str, SheetLayout] = {
    # Perforated 10-up stock without gaps, the common Avery 5371/8371 layout.
    "perforated-10": SheetLayout(
        name="perforated-10",
        card_w=3.5 * _IN,
        card_h=2 * _IN,
        columns=2,
        rows=5,
        margin_top=0.5 * _IN,
        margin_left=0.75 * _IN,
    ),
    # Clean-edge 10-up stock (Avery 8871/28371/5877 family). Card size and 2 × 5 are the
    # product's; the margins (0.5 in top and bottom, 0.75 in both sides, hence no gaps)
    # come from one third-party data set (the CPAN module Paper::Specs, Avery 8877 "Clean
    # Edge Business Cards"), not from Avery's own template: marked unconfirmed.
    "clean-edge-10": SheetLayout(
        name="clean-edge-10",
        card_w=3.5 * _IN,
        card_h=2 * _IN,
        columns=2,
        rows=5,
        margin_top=0.5 * _IN,
        margin_left=0.75 * _IN,
        unconfirmed=("margin_top", "margin_left", "gap_x", "gap_y"),
    ),
}


# --- Text fitting -------------------------------------------------------------------------

# Limits and sizes for a 3.5 × 2 in card (Inter), in average characters (`_length`:
# capitals and wide letters count more). A name shrinks before it is shortened; every other
# text is shortened at a word boundary. The template also clips each text box, as a last
# safety only. Tested with lines of capital Ws: nothing leaves its card.
NAME_SIZES = ((22, 13.0), (32, 11.0), (48, 9.5))  # (up to this length, size in pt)
NAME_MAX = 48
OBJECTIVE_MAX = 90
COMPETENCY_MAX = 46
CONTACT_MAX = 52
# Longer words get break opportunities (zero-width spaces) so they wrap, never overflow.
LONG_WORD_NAME = 20
LONG_WORD = 36


def _weight(char: str) -> float:
    """How wide a character prints, against an average lower-case letter."""
    if char in "MWÆŒ":
        return 1.8
    if char.isupper() or char in "mw@%":
        return 1.4
    return 1.0


def _length(text: str) -> float:
    return sum(_weight(char) for char in text)


def _cut(text: str, limit: int) -> tuple[str, bool]:
    """The text within `limit` (average characters, capitals count more), cut at a word
    boundary with an ellipsis."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if _length(text) <= limit:
        return text, False
    room, end = limit - 1, 0
    while end < len(text) and room - _weight(text[end]) >= 0:
        room -= _weight(text[end])
        end += 1
    head = text[:end]
    space = head.rfind(" ")
    if space >= end // 2:
        head = head[:space]
    return head.rstrip(" ,;:.-–—") + "…", True


def _breakable(text: str, longest: int = LONG_WORD) -> str:
    """Zero-width spaces inside very long words, so a line can break there."""

    def split(word: str) -> str:
        parts, current, width = [], "", 0.0
        for char in word:
            if width + _weight(char) > longest:
                parts.append(current)
                current, width = "", 0.0
            current += char
            width += _weight(char)
        return "\u200b".join([*parts, current])

    return re.sub(r"\S+", lambda m: split(m.group(0)), text)


def _name_size(name: str) -> float:
    for limit, size in NAME_SIZES:
        if _length(name) <= limit:
            return size
    return NAME_SIZES[-1][1]


def _labels() -> dict[str, str]:
    return {
        "home_phone": pgettext("business card", "Home"),
        "mobile_phone": pgettext("business card", "Mobile"),
        "test_title": pgettext("business card", "Alignment test page"),
        "test_caption": pgettext(
            "business card",
            "Print this page on plain paper at actual size (100 %), with no scaling or "
            "“fit to page”. Lay it over a sheet of cards against the light: each outline "
            "should match a card. If every outline is shifted the same way, set the "
            "printer offset.",
        ),
        "document": pgettext("business card", "Business cards"),
    }


def business_card_payload(
    content: dict[str, Any], *, lang: str, variant: str
) -> tuple[dict[str, Any], list[str]]:
    """What one card prints, in one language, and what had to be shortened (warnings)."""
    lang = "en" if lang == "en" else "fr"
    variant = variant if variant in VARIANTS else "colour"
    with translation.override("en" if lang == "en" else "fr-ca"):
        labels = _labels()
    missing: list[tuple[str, Any]] = []
    warnings: list[str] = []

    given = typographic(content.get("given_names", ""))
    family = typographic(content.get("family_name", ""))
    full_name = re.sub(r"\s+", " ", " ".join(p for p in (given, family) if p)).strip()
    dropped: list[bool] = []
    full_name = without_emoji(full_name, dropped)
    name, cut = _cut(full_name, NAME_MAX)
    if cut:
        warnings.append(_("The name is too long for a card; it was shortened."))

    objective_full = without_emoji(
        pick(content.get("objective") or {}, lang, "objective", missing), dropped
    )
    objective, cut = _cut(objective_full, OBJECTIVE_MAX)
    if cut:
        warnings.append(_("The objective is too long for a card; it was shortened."))

    competencies = []
    for number, kc in enumerate((content.get("competencies") or [])[:3], start=1):
        title = without_emoji(pick(kc.get("title") or {}, lang, "title", missing), dropped)
        short, cut = _cut(title, COMPETENCY_MAX)
        if cut:
            warnings.append(
                _("The title of key competency %(n)d was shortened to fit the card.")
                % {"n": number}
            )
        if short:
            competencies.append(_breakable(short))

    contact_values = content.get("contact") or {}
    contact = []
    phones = []
    for field in ("mobile_phone", "home_phone"):
        value = (contact_values.get(field) or "").strip()
        if value:
            phones.append(f"{labels[field]} {format_phone(value)}")
    for value in (
        (contact_values.get("email") or "").strip(),
        " · ".join(phones),
        typographic(contact_values.get("address") or ""),
    ):
        if not value:
            continue
        short, cut = _cut(without_emoji(value, dropped), CONTACT_MAX)
        if cut:
            warnings.append(_("A contact detail was shortened to fit the card."))
        contact.append(_breakable(short))

    if missing:
        if lang == "en":
            warnings.append(_("Some texts have no English version: the French text is printed."))
        else:
            warnings.append(_("Some texts have no French version: the English text is printed."))
    if dropped:
        warnings.append(_("Emoji cannot be printed; they were left out of the cards."))

    payload = {
        "lang": lang,
        "variant": variant,
        "title": f"{labels['document']} — {name}" if name else labels["document"],
        "author": name,
        "name": _breakable(name, LONG_WORD_NAME),
        "name_size": _name_size(name),
        "objective": _breakable(objective),
        "competencies": competencies,
        "contact": contact,
        "logo": "",
        "labels": labels,
    }
    return payload, list(dict.fromkeys(warnings))


def _file_name(name: str, lang: str, test_page: bool) -> str:
    if test_page:
        return "page-test-cartes.pdf" if lang == "fr" else "card-test-page.pdf"
    kind = "cartes" if lang == "fr" else "business-cards"
    base = slugify(name)
    return f"{base}-{kind}-{lang}.pdf" if base else f"{kind}-{lang}.pdf"


def render_business_cards(
    payload: dict[str, Any],
    *,
    lang: str,
    variant: str,
    layout: SheetLayout,
    offset_mm: tuple[float, float] = (0.0, 0.0),
    test_page: bool = False,
    logo: bytes | None = None,
    logo_type: str | None = None,
    qr_url: str | None = None,
) -> tuple[RenderedDocument, list[str]]:
    """One sheet of identical cards (or the alignment test page) and the warnings.

    `qr_url`, when given, prints a QR code to that address in each card's corner (an
    employer share link).
    """
    printed, warnings = business_card_payload(payload, lang=lang, variant=variant)
    printed["test_page"] = bool(test_page)
    printed["cards"] = [
        {"x": round(x, 4), "y": round(y, 4), "w": round(w, 4), "h": round(h, 4)}
        for x, y, w, h in layout.boxes(offset_mm)
    ]
    files: dict[str, bytes] = {}
    if not test_page:
        files, problem = logo_file(payload, printed["variant"], logo, logo_type)
        if problem:
            warnings.append(problem)
    printed["logo"] = next(iter(files), "")
    qr_files: dict[str, bytes] = {}
    if qr_url and not test_page:
        qr_files = {QR_FILE: qr_svg(qr_url, colour=printed["variant"] == "colour")}
    printed["qr"] = QR_FILE if qr_files else ""
    try:
        pdf = render_typst(TEMPLATE, printed, files={**files, **qr_files})
    except RenderError:
        if not files:
            raise
        warnings.append(_("The logo could not be printed (damaged or unsupported file)."))
        printed["logo"] = ""
        pdf = render_typst(TEMPLATE, printed, files=qr_files)
    document = RenderedDocument(
        name=_file_name(printed["author"], printed["lang"], test_page),
        content_type="application/pdf",
        content=pdf,
    )
    return document, warnings
