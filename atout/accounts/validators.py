"""Validators shared by every form that takes free text."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def no_control_characters(value: str) -> None:
    """Refuse invisible control characters, which break documents and search."""
    if any(unicodedata.category(c) in {"Cc", "Cs"} and c not in _ALLOWED_CONTROLS for c in value):
        raise ValidationError(
            _(
                "The text contains invisible control characters. "
                "Retype it or paste it as plain text."
            ),
            code="control_characters",
        )


_PHONE_DIGITS = re.compile(r"[0-9]")


def normalise_phone(value: str) -> str:
    """North American number as 10 digits, with an optional extension ('4185550142 x12')."""
    value = value.strip()
    if not value:
        return ""
    parts = re.split(r"(?i)\s*(?:poste|ext\.?|x|#)\s*", value, maxsplit=1)
    main = parts[0]
    extension = parts[1] if len(parts) > 1 else ""
    digits = "".join(_PHONE_DIGITS.findall(main))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    # At most 6 digits, so the stored form ('4185550142 x123456') fits the 20-character column.
    bad_extension = bool(extension) and not (
        extension.isascii() and extension.isdigit() and len(extension) <= 6
    )
    if len(digits) != 10 or re.search(r"[^0-9\s().+\-]", main) or bad_extension:
        raise ValidationError(
            _("Enter a 10-digit phone number, for example 418 555-0142."), code="phone"
        )
    return f"{digits} x{extension}" if extension else digits


def format_phone(value: str) -> str:
    """'4185550142' -> '418 555-0142' (Quebec usage); anything else is shown as typed."""
    if not value:
        return ""
    main, _sep, extension = value.partition(" x")
    if len(main) == 10 and main.isdigit():
        text = f"{main[:3]}\u00a0{main[3:6]}-{main[6:]}"
        return f"{text}, poste\u00a0{extension}" if extension else text
    return value


# [0-9], not \d: \d also matches Arabic-Indic and other Unicode digits.
_POSTAL = re.compile(r"^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]$")


def normalise_postal_code(value: str) -> str:
    value = " ".join(value.upper().split())
    if not value:
        return ""
    if not _POSTAL.match(value):
        raise ValidationError(
            _("Enter a Canadian postal code, for example G1R 2L5."), code="postal_code"
        )
    compact = value.replace(" ", "")
    return f"{compact[:3]} {compact[3:]}"
