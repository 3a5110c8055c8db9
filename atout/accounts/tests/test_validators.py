"""Unit tests of the shared validators: phones, postal codes and control characters."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from atout.accounts.validators import (
    format_phone,
    no_control_characters,
    normalise_phone,
    normalise_postal_code,
)

# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("418 555-0142", "4185550142"),
        ("4185550142", "4185550142"),
        ("(418) 555-0142", "4185550142"),
        ("418.555.0142", "4185550142"),
        ("1-418-555-0142", "4185550142"),
        ("+1 418 555 0142", "4185550142"),
        ("  418 555 0142  ", "4185550142"),
        ("418 555-0142 poste 12", "4185550142 x12"),
        ("418 555-0142 Poste 12", "4185550142 x12"),
        ("418-555-0142 poste 1", "4185550142 x1"),
        ("4185550142 ext. 3", "4185550142 x3"),
        ("4185550142 ext 3", "4185550142 x3"),
        ("4185550142x123456", "4185550142 x123456"),
        ("4185550142 X 7", "4185550142 x7"),
        ("418 555 0142 #12", "4185550142 x12"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalise_phone(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "418555014",  # 9 digits
        "41855501422",  # 11 digits not starting with 1
        "2-418-555-0142",
        "+33 1 23 45 67 89",
        "418 555 0142 x1234567",  # extension too long for the column
        "418 555 0142 x12 x13",
        "418 555 0142 poste douze",
        "418 555 0142 x١٢",  # Arabic-Indic digits in the extension
        "٤١٨٥٥٥٠١٤٢",  # Arabic-Indic digits
        "４１８５５５０１４２",  # full-width digits
        "418 555 0142\x00",
        "418 555 0142; DROP TABLE",
        "<script>4185550142</script>",
        "418*555*0142",
        "téléphone",
        "x12",
    ],
)
def test_normalise_phone_refuses(typed):
    with pytest.raises(ValidationError) as error:
        normalise_phone(typed)
    assert error.value.code == "phone"


@given(st.text(max_size=40))
def test_normalise_phone_stores_ascii_that_fits_the_column(typed):
    try:
        stored = normalise_phone(typed)
    except ValidationError:
        return
    if not stored:
        return
    assert stored.isascii()
    assert len(stored) <= 20
    main, _sep, extension = stored.partition(" x")
    assert len(main) == 10 and main.isdigit()
    assert extension == "" or extension.isdigit()
    assert normalise_phone(stored) == stored


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("4185550142", "418\u00a0555-0142"),
        ("4185550142 x12", "418\u00a0555-0142, poste\u00a012"),
        ("", ""),
        (None, ""),
        ("555-0142", "555-0142"),  # an old value not normalised is shown as typed
        ("<b>", "<b>"),  # escaping is the template's job
    ],
)
def test_format_phone(stored, shown):
    assert format_phone(stored) == shown


@given(st.text(max_size=40))
def test_format_phone_round_trips_through_normalise(typed):
    try:
        stored = normalise_phone(typed)
    except ValidationError:
        return
    if stored:
        assert normalise_phone(format_phone(stored).replace(", poste", " poste")) == stored


# ---------------------------------------------------------------- postal codes


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("G1R 2L5", "G1R 2L5"),
        ("g1r2l5", "G1R 2L5"),
        ("  g1r   2l5 ", "G1R 2L5"),
        ("H2X 1Y4", "H2X 1Y4"),
        ("J8Y 3Z9", "J8Y 3Z9"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalise_postal_code(typed, stored):
    assert normalise_postal_code(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "D1R 2L5",  # D is never a first letter
        "Z1R 2L5",
        "W1R 2L5",
        "G1R 2O5",  # O is never used
        "G1D 2L5",  # D never in third position
        "G1R2L",
        "G1R 2L55",
        "G1R-2L5",
        "G1R 2 L5",
        "12345",
        "90210-1234",
        "G١R ٢L٥",  # Arabic-Indic digits
        "Ｇ１Ｒ ２Ｌ５",  # full-width
        "G1R\x002L5",
        "<G1R 2L5>",
    ],
)
def test_normalise_postal_code_refuses(typed):
    with pytest.raises(ValidationError) as error:
        normalise_postal_code(typed)
    assert error.value.code == "postal_code"


@given(st.text(max_size=12))
def test_normalise_postal_code_stores_seven_ascii_characters(typed):
    try:
        stored = normalise_postal_code(typed)
    except ValidationError:
        return
    assert stored == "" or (len(stored) == 7 and stored.isascii() and stored[3] == " ")
    assert normalise_postal_code(stored) == stored


# ---------------------------------------------------------------- control characters


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Émilie Gagnon",
        "ligne 1\nligne 2\r\nligne 3\tfin",
        "محمد عبد الله",
        "שלום",
        "\u202eevil\u202c",  # a bidirectional override is visible text, allowed
        "😀👩🏽‍💻🇨🇦",
        "e\u0301",
        "\u00a0\u2009",
        "<script>alert(1)</script>",
        '#read("/etc/passwd") $x$',
    ],
)
def test_no_control_characters_accepts(text):
    no_control_characters(text)


@pytest.mark.parametrize(
    "text",
    ["\x00", "a\x07b", "\x1b[31m", "\x7f", "\x85", "\x0b", "\x0c", "\x1f", "\ud800", "ok\udfff"],
)
def test_no_control_characters_refuses(text):
    with pytest.raises(ValidationError) as error:
        no_control_characters(text)
    assert error.value.code == "control_characters"


@given(st.text())
def test_no_control_characters_decides_like_unicode_categories(text):
    bad = any(unicodedata.category(c) in {"Cc", "Cs"} and c not in "\n\r\t" for c in text)
    if bad:
        with pytest.raises(ValidationError):
            no_control_characters(text)
    else:
        no_control_characters(text)
