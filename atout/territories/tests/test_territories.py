"""The FSA → CLE table: normalisation, the selectors, and the CSV import (hostile rows too)."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from atout.accounts.tests.factories import CleFactory, OrganisationFactory
from atout.participants.tests.factories import ParticipantFactory
from atout.territories.importing import fsa_import, parse_fsa_csv
from atout.territories.models import FsaArea, normalise_fsa
from atout.territories.selectors import CleSource, cle_for_participant, cle_for_postal_code


@pytest.mark.parametrize(
    ("typed", "fsa"),
    [
        ("g1r 2l5", "G1R"),
        ("G1R2L5", "G1R"),
        (" g1r-2l5 ", "G1R"),
        ("g1r", "G1R"),
        ("G1R\u00a02L5", "G1R"),
        ("", ""),
        ("1G1 R2L", ""),
        ("D1R 2L5", ""),  # D never starts a Canadian postal code
        ("G1", ""),
        ("<b>", ""),
    ],
)
def test_normalise_fsa(typed, fsa):
    assert normalise_fsa(typed) == fsa


@given(st.text(max_size=30))
def test_normalise_fsa_gives_a_valid_fsa_or_nothing(text):
    fsa = normalise_fsa(text)
    assert fsa == "" or (len(fsa) == 3 and fsa.isascii() and fsa.isupper() and fsa[1].isdigit())


@given(
    st.sampled_from("ABCEGHJKLMNPRSTVXY"),
    st.integers(0, 9),
    st.sampled_from("ABCEGHJKLMNPRSTVWXYZ"),
    st.sampled_from(["", " ", "-", "  "]),
)
def test_any_case_and_separator_gives_the_same_fsa(first, digit, third, separator):
    code = f"{first}{digit}{third}{separator}1A1"
    assert normalise_fsa(code.lower()) == normalise_fsa(code) == f"{first}{digit}{third}"


@pytest.mark.django_db
def test_an_area_refuses_a_bad_fsa_and_an_organisation_that_is_no_cle(cle):
    with pytest.raises(ValidationError):
        FsaArea(fsa="Q1R", cle=cle).full_clean()
    with pytest.raises(ValidationError):
        FsaArea(fsa="G1R", cle=OrganisationFactory()).full_clean()
    area = FsaArea(fsa="g1r", cle=cle)
    area.full_clean()
    assert area.fsa == "G1R"


@pytest.mark.django_db
def test_cle_for_postal_code(cle):
    FsaArea.objects.create(fsa="G1R", cle=cle)
    assert cle_for_postal_code("g1r 2l5") == cle
    assert cle_for_postal_code("G1K 6E9") is None
    assert cle_for_postal_code("") is None
    cle.is_active = False
    cle.save()
    assert cle_for_postal_code("G1R 2L5") is None


@pytest.mark.django_db
def test_cle_for_participant_prefers_the_referring_cle(organisation, cle):
    territory_cle = CleFactory(name="Centre local d'emploi de Lévis")
    FsaArea.objects.create(fsa="G6V", cle=territory_cle)
    referred = ParticipantFactory(
        organisation=organisation, referring_cle=cle, postal_code="G6V 1A1"
    )
    assert cle_for_participant(referred) == (cle, CleSource.REFERRING)
    walked_in = ParticipantFactory(
        organisation=organisation, referring_cle=None, postal_code="g6v1a1"
    )
    assert cle_for_participant(walked_in) == (territory_cle, CleSource.TERRITORY)
    nowhere = ParticipantFactory(organisation=organisation, referring_cle=None, postal_code="")
    assert cle_for_participant(nowhere) == (None, CleSource.NONE)


# --- Import ----------------------------------------------------------------------------------


@pytest.fixture
def cles(db):
    return {
        "centre": CleFactory(name="Centre local d'emploi de Québec-Centre"),
        "levis": CleFactory(name="Centre local d'emploi de Lévis"),
    }


def test_a_good_file_with_names_ids_bom_and_semicolons(cles):
    data = (
        "\ufefffsa;cle\n"
        "g1r;Centre local d'emploi de Québec-Centre\n"
        f"G6V 1A1;{cles['levis'].pk}\n"
        "\n"
        "G1K;centre local d'emploi de québec-centre\n"
    ).encode()
    parsed = parse_fsa_csv(data)
    assert parsed.ok, parsed.problems
    assert fsa_import(parsed) == (3, 0)
    assert dict(FsaArea.objects.values_list("fsa", "cle__name")) == {
        "G1K": "Centre local d'emploi de Québec-Centre",
        "G1R": "Centre local d'emploi de Québec-Centre",
        "G6V": "Centre local d'emploi de Lévis",
    }
    again = parse_fsa_csv(f"fsa,cle\nG1R,{cles['levis'].pk}\nG1K,{cles['centre'].pk}\n".encode())
    assert fsa_import(again) == (0, 1)


HOSTILE = [
    ("<script>alert(1)</script>", "Centre local d'emploi de Lévis"),
    ("#set page(width: 1pt)", "Centre local d'emploi de Lévis"),
    ("G1R", "<b>CLE</b>"),
    ("G1R", "#set page(width: 1pt)"),
    ("G1R\x1b[2J", "Centre local d'emploi de Lévis"),
    ("G1R", "x" * 5000),
    ('=HYPERLINK("http://x")', "Centre local d'emploi de Lévis"),
    ("Z9Z", "Centre local d'emploi de Lévis"),
    ("G1R 2L5 XYZ", "Centre local d'emploi de Lévis"),
    ("G1R", "987654"),
]


@pytest.mark.parametrize(("fsa", "cle"), HOSTILE)
def test_one_hostile_row_and_nothing_is_written(cles, fsa, cle):
    good = "G1K,Centre local d'emploi de Québec-Centre"
    data = f'fsa,cle\n{good}\n"{fsa}","{cle}"\n'.encode()
    parsed = parse_fsa_csv(data)
    assert not parsed.ok and not parsed.rows
    assert len(parsed.problems) == 1
    problem = parsed.problems[0]
    assert problem.startswith("Line 3")
    assert "\x00" not in problem and "\x1b" not in problem and len(problem) < 200
    with pytest.raises(ValueError):
        fsa_import(parsed)
    assert not FsaArea.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"fsa,organisation\nG1R,x\n",
        b"fsa,cle\n",
        "fsa,cle\nG1R,Centre\n".encode("utf-16"),
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"fsa,cle\nG\x001R,x\n",
        b"fsa,cle\n" + b"G1R,x\n" * 300_000,
    ],
)
def test_files_that_are_not_a_table_are_refused(cles, data):
    parsed = parse_fsa_csv(data)
    assert not parsed.ok and parsed.problems


def test_an_fsa_given_to_two_cles_is_refused(cles):
    data = (
        f"fsa,cle\nG1R,{cles['centre'].pk}\nG1R 2L5,{cles['levis'].pk}\nG1R,{cles['centre'].pk}\n"
    ).encode()
    parsed = parse_fsa_csv(data)
    assert parsed.problems == ["Line 3: G1R is already given to another CLE on line 2."]


def test_the_command_reports_bad_rows_and_imports_good_files(cles, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("fsa,cle\nG1R,Nulle part\nQ1Q,Nulle part\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_fsa", str(bad), stderr=err)
    assert "Line 2" in err.getvalue() and "Line 3" in err.getvalue()
    assert not FsaArea.objects.exists()

    good = tmp_path / "good.csv"
    good.write_text(f"cle,fsa\n{cles['centre'].pk},G1R\n", encoding="utf-8")
    out = StringIO()
    call_command("import_fsa", str(good), "--dry-run", stdout=out)
    assert not FsaArea.objects.exists()
    call_command("import_fsa", str(good), stdout=out)
    assert "1 added" in out.getvalue()
    assert FsaArea.objects.get().cle == cles["centre"]
    with pytest.raises(CommandError):
        call_command("import_fsa", str(tmp_path / "missing.csv"))
