"""`manage.py render_cards`: the passport's card, consented contact only, exact sheet."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.core.management import CommandError, call_command

from atout.documents.rendering.cards import LAYOUTS, PT_PER_MM
from atout.participants import services as participant_services
from atout.participants.models import Audience, ContactField
from atout.passports.models import Passport
from atout.passports.selectors import business_card_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def passport(participant, counsellor):
    participant.mobile_phone = "4185551234"
    participant.save()
    participant_services.consent_set(
        participant=participant,
        actor=counsellor,
        decisions={
            (ContactField.EMAIL, Audience.EMPLOYER): True,
            (ContactField.MOBILE_PHONE, Audience.EMPLOYER): True,
        },
    )
    return Passport.objects.create(
        participant=participant,
        objective_fr="Commis d’entrepôt de jour.",
        objective_en="Day-shift warehouse clerk.",
        languages="both",
    )


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("render_cards", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def pdf_text(path) -> str:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        assert len(pdf.pages) == 1
        return pdf.pages[0].extract_text() or ""


def test_renders_a_sheet_of_cards_by_id_and_by_email(passport, participant, tmp_path):
    target = tmp_path / "cards.pdf"
    out, _err = run(str(participant.pk), "--out", str(target))
    assert "perforated-10" in out and "actual size" in out
    text = pdf_text(target)
    assert text.count("Émilie Gagnon") == 10
    assert "Commis d’entrepôt de jour." in text
    assert "emilie.gagnon@exemple.ca" in text and "418 555-1234" in text

    english = tmp_path / "cards-en.pdf"
    run("--participant", "EMILIE.GAGNON@exemple.ca", "--lang", "en", "--variant", "copy",
        "--layout", "clean-edge-10", "--out", str(english))  # fmt: skip
    assert "Day-shift warehouse clerk." in pdf_text(english)


def test_withdrawn_consent_removes_the_detail_from_the_cards(
    passport, participant, counsellor, tmp_path
):
    participant_services.consent_set(
        participant=participant,
        actor=counsellor,
        decisions={(ContactField.EMAIL, Audience.EMPLOYER): False},
    )
    passport.refresh_from_db()
    assert "email" not in business_card_content(passport)["contact"]
    target = tmp_path / "cards.pdf"
    run(str(participant.pk), "--out", str(target))
    text = pdf_text(target)
    assert "exemple.ca" not in text
    assert "418 555-1234" in text


def test_test_page_with_an_offset(passport, participant, tmp_path):
    target = tmp_path / "test.pdf"
    _out, err = run(str(participant.pk), "--test-page", "--layout", "clean-edge-10",
                    "--offset-x", "1.5", "--offset-y", "-2", "--out", str(target))  # fmt: skip
    assert "not confirmed" in err
    with pdfplumber.open(io.BytesIO(target.read_bytes())) as pdf:
        rects = sorted((r["x0"], r["top"]) for r in pdf.pages[0].rects)
    expected = sorted((x, y) for x, y, _w, _h in LAYOUTS["clean-edge-10"].boxes((1.5, -2)))
    assert len(rects) == len(expected) == 10
    for got, want in zip(rects, expected, strict=True):
        assert got == pytest.approx(want, abs=0.1)
    assert rects[0] == pytest.approx((54 + 1.5 * PT_PER_MM, 36 - 2 * PT_PER_MM), abs=0.1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Give either"),
        (["--layout", "our-own-stock"], "Unknown layout"),
        (["--offset-x", "80"], "millimetres"),
    ],
)
def test_refuses_bad_arguments(passport, participant, tmp_path, args, message):
    target = tmp_path / "cards.pdf"
    ids = [] if not args else [str(participant.pk)]
    with pytest.raises(CommandError, match=message):
        run(*ids, *args, "--out", str(target))
    assert not target.exists()


def test_participant_without_passport(participant, tmp_path):
    with pytest.raises(CommandError, match="no passport"):
        run(str(participant.pk), "--out", str(tmp_path / "cards.pdf"))


# --- An organisation's own stock and printer offset (atout.cards) --------------------------


@pytest.fixture
def own_stock(participant):
    from decimal import Decimal

    from atout.cards.models import CardStockLayout, PrintSettings

    PrintSettings.objects.create(
        organisation=participant.organisation,
        offset_x_mm=Decimal("2.0"),
        offset_y_mm=Decimal("-1.5"),
    )
    return CardStockLayout.objects.create(
        organisation=participant.organisation,
        name="Notre carton",
        unit="in",
        card_width=Decimal("3.5"),
        card_height=Decimal("2"),
        columns=2,
        rows=4,
        margin_top=Decimal("1"),
        margin_left=Decimal("0.5"),
        gap_x=Decimal("0.5"),
        gap_y=Decimal("0.25"),
    )


def test_own_layout_by_name_with_the_organisations_offset(
    passport, participant, own_stock, tmp_path
):
    target = tmp_path / "test.pdf"
    out, _err = run(str(participant.pk), "--test-page", "--layout", "notre carton",
                    "--out", str(target))  # fmt: skip
    assert "Notre carton" in out and "offset 2/-1.5 mm" in out
    with pdfplumber.open(io.BytesIO(target.read_bytes())) as pdf:
        rects = sorted((r["x0"], r["top"]) for r in pdf.pages[0].rects)
    expected = sorted(
        ((0.5 + c * 4.0) * 72 + 2 * PT_PER_MM, (1 + r * 2.25) * 72 - 1.5 * PT_PER_MM)
        for r in range(4)
        for c in range(2)
    )
    assert len(rects) == 8
    for got, want in zip(rects, expected, strict=True):
        assert got == pytest.approx(want, abs=0.3)


def test_offsets_given_on_the_command_line_win(passport, participant, own_stock, tmp_path):
    target = tmp_path / "test.pdf"
    run(str(participant.pk), "--test-page", "--offset-x", "0", "--offset-y", "0",
        "--out", str(target))  # fmt: skip
    with pdfplumber.open(io.BytesIO(target.read_bytes())) as pdf:
        first = min((r["top"], r["x0"]) for r in pdf.pages[0].rects)
    assert first == pytest.approx((36, 54), abs=0.1)


def test_another_organisations_layout_is_unknown(passport, participant, tmp_path):
    from decimal import Decimal

    from atout.accounts.tests.factories import OrganisationFactory
    from atout.cards.models import CardStockLayout

    CardStockLayout.objects.create(
        organisation=OrganisationFactory(), name="Leur carton", card_width=Decimal("3.5"),
        card_height=Decimal("2"), columns=2, rows=5, margin_top=Decimal("0.5"),
        margin_left=Decimal("0.75"),
    )  # fmt: skip
    with pytest.raises(CommandError, match="Unknown layout"):
        run(str(participant.pk), "--layout", "Leur carton", "--out", str(tmp_path / "c.pdf"))
