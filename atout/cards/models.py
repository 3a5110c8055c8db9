"""Business cards: the organisation's own card stock, its printer offset, and each print.

A card stock layout holds the geometry printed on the stock's package, in the unit the
package uses (inches or millimetres), so an organisation types what it reads; the sheet
itself is placed in points by `documents.rendering.cards`. The printer offset corrects a
printer that shifts everything it prints. A print record says who printed whose cards, when
and how, so the file's Documents area shows the last print.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atout.accounts.models import Organisation
from atout.documents.rendering.cards import (
    LAYOUTS,
    LETTER_H,
    LETTER_W,
    PT_PER_INCH,
    PT_PER_MM,
    LayoutError,
    SheetLayout,
    layout_from_values,
)
from atout.participants.models import Participant, ParticipantChildQuerySet

# The card design (text sizes and boxes in documents/typst/cards.typ) is made for cards of
# about 3.5 × 2 in; outside these bounds the text would be clipped or lost in the card.
CARD_W_MIN, CARD_W_MAX = 3.25 * PT_PER_INCH, 4.0 * PT_PER_INCH
CARD_H_MIN, CARD_H_MAX = 1.9 * PT_PER_INCH, 2.5 * PT_PER_INCH
MAX_COLUMNS, MAX_ROWS = 4, 10
MAX_OFFSET_MM = Decimal("10")
OWN_PREFIX = "own-"

LENGTH = {"max_digits": 7, "decimal_places": 3}


class CardStockLayout(models.Model):
    """One card stock an organisation uses, as its package describes it."""

    class Unit(models.TextChoices):
        INCH = "in", _("inches (in)")
        MILLIMETRE = "mm", _("millimetres (mm)")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="card_layouts"
    )
    name = models.CharField(
        _("name"),
        max_length=60,
        help_text=_("As your team calls it, e.g. “Avery 8871 clean edge”."),
    )
    unit = models.CharField(_("unit"), max_length=2, choices=Unit.choices, default=Unit.INCH)
    card_width = models.DecimalField(
        _("card width"), **LENGTH, help_text=_("Usually 3.5 in (88.9 mm).")
    )
    card_height = models.DecimalField(
        _("card height"), **LENGTH, help_text=_("Usually 2 in (50.8 mm).")
    )
    columns = models.PositiveSmallIntegerField(_("columns"))
    rows = models.PositiveSmallIntegerField(_("rows"))
    margin_top = models.DecimalField(
        _("top margin"), **LENGTH, help_text=_("From the top edge of the sheet to the first card.")
    )
    margin_left = models.DecimalField(
        _("left margin"),
        **LENGTH,
        help_text=_("From the left edge of the sheet to the first card."),
    )
    gap_x = models.DecimalField(
        _("gap between columns"), **LENGTH, default=Decimal("0"), help_text=_("0 if none.")
    )
    gap_y = models.DecimalField(
        _("gap between rows"), **LENGTH, default=Decimal("0"), help_text=_("0 if none.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("card stock layout")
        verbose_name_plural = _("card stock layouts")
        ordering = ["organisation", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="card_stock_layout_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        """How forms and the registry name this layout (presets use their own names)."""
        return f"{OWN_PREFIX}{self.pk}"

    @property
    def display(self) -> dict[str, str]:
        """Each length as people write it, in the reader's locale: 89, 12,5 (not 12,500)."""
        shown = {}
        for name in ("card_width", "card_height", "margin_top", "margin_left", "gap_x", "gap_y"):
            value = getattr(self, name) or Decimal("0")
            integral = value == value.to_integral()
            shown[name] = number_format(
                value.quantize(Decimal("1")) if integral else value.normalize()
            )
        return shown

    def points(self, value: Decimal | float | int | None) -> float:
        per_unit = PT_PER_MM if self.unit == self.Unit.MILLIMETRE else PT_PER_INCH
        return float(value or 0) * per_unit

    def _in_unit(self, points: float) -> str:
        per_unit = PT_PER_MM if self.unit == self.Unit.MILLIMETRE else PT_PER_INCH
        value = points / per_unit
        return f"{value:.1f} mm" if self.unit == self.Unit.MILLIMETRE else f"{value:.2f} in"

    def sheet_layout(self) -> SheetLayout:
        """The geometry in points, for the renderer (call after validation)."""
        return layout_from_values(
            name=self.name,
            card_w=self.points(self.card_width),
            card_h=self.points(self.card_height),
            columns=int(self.columns),
            rows=int(self.rows),
            margin_top=self.points(self.margin_top),
            margin_left=self.points(self.margin_left),
            gap_x=self.points(self.gap_x),
            gap_y=self.points(self.gap_y),
        )

    def clean(self) -> None:
        """Each length within bounds, then the whole sheet on US Letter, in words people read."""
        super().clean()
        errors: dict[str, list] = {}
        name = (self.name or "").strip()
        if name.lower() in LAYOUTS or name.lower().startswith(OWN_PREFIX):
            errors.setdefault("name", []).append(
                _("This name is reserved for Atout’s own layouts; choose another.")
            )
        lengths = ("card_width", "card_height", "margin_top", "margin_left", "gap_x", "gap_y")
        if any(getattr(self, f) is None for f in (*lengths, "columns", "rows")):
            if errors:
                raise ValidationError(errors)
            return  # field errors (required, not a number) are already reported
        for field in ("margin_top", "margin_left", "gap_x", "gap_y"):
            if getattr(self, field) < 0:
                errors.setdefault(field, []).append(_("Cannot be negative."))
        width, height = self.points(self.card_width), self.points(self.card_height)
        if not CARD_W_MIN - 0.01 <= width <= CARD_W_MAX + 0.01:
            errors.setdefault("card_width", []).append(
                _(
                    "Cards must be between %(low)s and %(high)s wide: the card design is "
                    "made for business cards of about 3.5 × 2 in."
                )
                % {"low": self._in_unit(CARD_W_MIN), "high": self._in_unit(CARD_W_MAX)}
            )
        if not CARD_H_MIN - 0.01 <= height <= CARD_H_MAX + 0.01:
            errors.setdefault("card_height", []).append(
                _(
                    "Cards must be between %(low)s and %(high)s high: the card design is "
                    "made for business cards of about 3.5 × 2 in."
                )
                % {"low": self._in_unit(CARD_H_MIN), "high": self._in_unit(CARD_H_MAX)}
            )
        if not 1 <= self.columns <= MAX_COLUMNS:
            errors.setdefault("columns", []).append(
                _("Between 1 and %(n)d columns.") % {"n": MAX_COLUMNS}
            )
        if not 1 <= self.rows <= MAX_ROWS:
            errors.setdefault("rows", []).append(_("Between 1 and %(n)d rows.") % {"n": MAX_ROWS})
        if errors:
            raise ValidationError(errors)
        total_w = (
            self.points(self.margin_left)
            + self.columns * width
            + (self.columns - 1) * self.points(self.gap_x)
        )
        total_h = (
            self.points(self.margin_top)
            + self.rows * height
            + (self.rows - 1) * self.points(self.gap_y)
        )
        if total_w > LETTER_W + 0.01:
            errors.setdefault("columns", []).append(
                _(
                    "The cards do not fit across a US Letter sheet: the left margin, "
                    "%(columns)d cards and their gaps take %(used)s, the sheet is %(sheet)s wide."
                )
                % {
                    "columns": self.columns,
                    "used": self._in_unit(total_w),
                    "sheet": self._in_unit(LETTER_W),
                }
            )
        if total_h > LETTER_H + 0.01:
            errors.setdefault("rows", []).append(
                _(
                    "The cards do not fit down a US Letter sheet: the top margin, %(rows)d "
                    "rows of cards and their gaps take %(used)s, the sheet is %(sheet)s high."
                )
                % {
                    "rows": self.rows,
                    "used": self._in_unit(total_h),
                    "sheet": self._in_unit(LETTER_H),
                }
            )
        if errors:
            raise ValidationError(errors)
        try:
            self.sheet_layout()
        except LayoutError as error:  # a last check by the renderer's own rules
            raise ValidationError(str(error)) from None


class PrintSettings(models.Model):
    """The organisation's printer offset, found with the alignment test page."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="print_settings"
    )
    offset_x_mm = models.DecimalField(
        _("horizontal offset (mm)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(-MAX_OFFSET_MM), MaxValueValidator(MAX_OFFSET_MM)],
        help_text=_("Positive moves the print to the right, negative to the left."),
    )
    offset_y_mm = models.DecimalField(
        _("vertical offset (mm)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(-MAX_OFFSET_MM), MaxValueValidator(MAX_OFFSET_MM)],
        help_text=_("Positive moves the print down, negative up."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("print settings")
        verbose_name_plural = _("print settings")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.offset_x_mm} / {self.offset_y_mm} mm"

    @property
    def offset(self) -> tuple[float, float]:
        return float(self.offset_x_mm), float(self.offset_y_mm)


class CardPrint(models.Model):
    """One sheet of cards printed (downloaded for printing) by a counsellor."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="card_prints"
    )
    printed_at = models.DateTimeField(default=timezone.now)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    layout = models.CharField(max_length=40)  # a preset's name or "own-<pk>"
    layout_name = models.CharField(max_length=80)  # as it was called when printed
    variant = models.CharField(max_length=10)
    lang = models.CharField(max_length=2)
    # The approved passport version the cards came from; empty when printed from the draft.
    passport_version = models.ForeignKey(
        "passports.PassportVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ParticipantChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("business card print")
        verbose_name_plural = _("business card prints")
        ordering = ["-printed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.printed_at:%Y-%m-%d %H:%M} {self.layout}"
