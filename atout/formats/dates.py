"""Dates as Quebec French writes them: « 1er mars 2026 », not « 1 mars 2026 ».

A format string cannot say "1er" only on the first of the month, so every date the product
shows goes through `date_format`: templates through the `date` filter below (settings load
this library as a builtin, so it replaces Django's own filter of that name in every
template) and documents by calling the function.
"""

from __future__ import annotations

import re
from datetime import date as date_type

from django import template
from django.template.defaultfilters import date as django_date
from django.utils import formats, translation

# An unescaped "j" (day without leading zero) before a month name ("F", "E", "N" or "M").
_DAY_BEFORE_MONTH = re.compile(r"(?<!\\)j(?=[\s\u00a0]+\\?[FENM])")


def _ordinal_format(format_string: str) -> str:
    """The same format with "1er" for the day: used only when the day is the first."""
    return _DAY_BEFORE_MONTH.sub(r"j\\e\\r", format_string)


def _wants_ordinal(value: object, lang: str | None) -> bool:
    lang = lang or translation.get_language() or ""
    return lang.startswith("fr") and isinstance(value, date_type) and value.day == 1


def date_format(value: date_type, format_name: str = "DATE_FORMAT", lang: str | None = None) -> str:
    """Django's `formats.date_format`, with the French ordinal on the first of the month.

    `lang` overrides the active language (month names and format both follow it).
    """
    if lang:
        with translation.override(lang):
            return date_format(value, format_name)
    if not _wants_ordinal(value, None):
        return formats.date_format(value, format_name)
    format_string = formats.get_format(format_name, use_l10n=True)
    return formats.date_format(value, _ordinal_format(format_string))


# Month and day names for documents printed in a language of their own.
FR_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
FR_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: date_type | None, lang: str, *, weekday: bool = False) -> str:
    """« 3 décembre 2026 » / “December 3, 2026” in a document's own language (not the
    reader's), with the weekday if asked."""
    if day is None:
        return ""
    if lang == "en":
        text = f"{EN_MONTHS[day.month - 1]} {day.day}, {day.year}"
        return f"{EN_DAYS[day.weekday()]}, {text}" if weekday else text
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number}\u00a0{FR_MONTHS[day.month - 1]} {day.year}"
    return f"{FR_DAYS[day.weekday()]} {text}" if weekday else text


register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: object, arg: str | None = None) -> str:
    """Django's `date` filter, writing « 1er » for the first of the month in French."""
    if _wants_ordinal(value, None):
        format_string = formats.get_format(arg or "DATE_FORMAT", use_l10n=True)
        return django_date(value, _ordinal_format(format_string))
    return django_date(value, arg)
