"""Hostile input in the card stock layout form: a clear 422 and nothing saved, or a layout
that really fits on US Letter. Never a 500."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atout.cards.models import CardStockLayout
from atout.documents.rendering.cards import LETTER_H, LETTER_W

pytestmark = pytest.mark.django_db

FAST = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
    st.sampled_from(
        [
            "",
            " ",
            "-0",
            "1e3",
            "1E-2",
            "NaN",
            "Infinity",
            "3,5,5",
            "3.5.1",
            "½",
            "٣",
            "0x10",
            "<script>alert(1)</script>",
            "#set page(width: 1pt)",
            "\x00",
            "9" * 400,
            "3 1/2",
        ]
    ),  # fmt: skip
    st.text(max_size=12),
)
counts = st.one_of(
    st.integers(min_value=-5, max_value=40).map(str),
    st.sampled_from(["", "1.5", "2,0", "99999999999999999999", "-1", "x", "\u0662"]),
)


def base(**changes):
    data = {
        "name": "Stock",
        "unit": "in",
        "card_width": "3.5",
        "card_height": "2",
        "columns": "2",
        "rows": "5",
        "margin_top": "0.5",
        "margin_left": "0.75",
        "gap_x": "0",
        "gap_y": "0",
    }
    data.update(changes)
    return data


def check(client, data):
    before = CardStockLayout.objects.count()
    response = client.post(reverse("cards:layout_create"), data)
    assert response.status_code in (302, 422), response.status_code
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    if response.status_code == 422:
        assert CardStockLayout.objects.count() == before
        assert "error-summary" in html
        return None
    layout = CardStockLayout.objects.order_by("-pk").first()
    sheet = layout.sheet_layout()
    for x, y, w, h in sheet.boxes():
        assert x >= 0 and y >= 0 and x + w <= LETTER_W + 0.01 and y + h <= LETTER_H + 0.01
    layout.delete()
    return layout


@FAST
@given(
    field=st.sampled_from(
        ["card_width", "card_height", "margin_top", "margin_left", "gap_x", "gap_y"]
    ),
    value=numbers,
)
def test_any_length_is_refused_or_fits(client_for, org_admin, field, value):
    check(client_for(org_admin), base(**{field: value}))


@FAST
@given(columns=counts, rows=counts, unit=st.sampled_from(["in", "mm", "cm", ""]))
def test_any_count_is_refused_or_fits(client_for, org_admin, columns, rows, unit):
    data = base(columns=columns, rows=rows, unit=unit)
    if unit == "mm":
        data.update(card_width="89", card_height="51", margin_top="12", margin_left="18")
    check(client_for(org_admin), data)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"card_width": "-3.5"}, "card_width"),
        ({"margin_top": "-0.1"}, "margin_top"),
        ({"card_width": "35"}, "card_width"),
        ({"card_width": "1e30"}, "card_width"),
        ({"card_width": "trois"}, "card_width"),
        ({"rows": "6"}, "rows"),  # 0.5 + 6 × 2 in = 12.5 in > 11 in
        ({"rows": "50"}, "rows"),
        ({"columns": "3"}, "columns"),  # 0.75 + 3 × 3.5 in > 8.5 in
        ({"gap_y": "0.2"}, "rows"),  # 0.5 + 5 × 2 + 4 × 0.2 = 11.3 in
    ],
)
def test_the_message_names_the_field(client_for, org_admin, changes, field):
    response = client_for(org_admin).post(reverse("cards:layout_create"), base(**changes))
    assert response.status_code == 422
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert not CardStockLayout.objects.exists()


def test_a_layout_in_millimetres_that_fits(client_for, org_admin):
    data = base(unit="mm", card_width="85", card_height="55", columns="2", rows="4",
                margin_top="15", margin_left="20", gap_x="5,5", gap_y="10")  # fmt: skip
    assert client_for(org_admin).post(reverse("cards:layout_create"), data).status_code == 302
    layout = CardStockLayout.objects.get()
    assert layout.gap_x == Decimal("5.5")
