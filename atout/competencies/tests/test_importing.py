import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atout.common import csv_cells
from atout.competencies import importing, services
from atout.competencies.models import Competency, CompetencyFramework

HEADER = ",".join(importing.CSV_COLUMNS)


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


GOOD_ROW = "COM,Communication,Communication,COM-01,Écouter,Listening,Déf,Def,COM-01-a,Je peux,I can"


def test_good_csv_parses_with_accents():
    parsed = importing.parse_csv(csv_bytes(GOOD_ROW, GOOD_ROW.replace("COM-01-a", "COM-01-b")))
    assert parsed.ok, parsed.problems
    assert parsed.families[0]["competencies"][0]["name_fr"] == "Écouter"
    assert len(parsed.families[0]["competencies"][0]["indicators"]) == 2


def test_wrong_columns_report_line_one():
    parsed = importing.parse_csv(b"code,name\nA,B\n")
    assert not parsed.ok
    assert "1" in parsed.problems[0].where


def test_duplicate_indicator_reports_its_line():
    parsed = importing.parse_csv(csv_bytes(GOOD_ROW, GOOD_ROW))
    assert len(parsed.problems) == 1
    assert parsed.problems[0].where.endswith(" 3")


def test_missing_french_name_reports_the_line():
    bad = GOOD_ROW.replace(",Écouter,", ",,")
    parsed = importing.parse_csv(csv_bytes(GOOD_ROW.replace("COM-01", "COM-02"), bad))
    assert not parsed.ok
    assert any("3" in p.where for p in parsed.problems)


def test_broken_encoding_is_reported_not_guessed():
    parsed = importing.parse_csv(csv_bytes(GOOD_ROW).replace("É".encode(), b"\xc9"))
    assert not parsed.ok
    assert "UTF-8" in parsed.problems[0].message


def test_oversized_file_is_refused():
    parsed = importing.parse_csv(b"x" * (10 * 1024 * 1024))
    assert not parsed.ok


def test_duplicate_competency_codes_in_json():
    data = {
        "code": "T",
        "version": "1",
        "name_fr": "Test",
        "families": [
            {
                "code": "F",
                "name_fr": "F",
                "competencies": [
                    {"code": "C1", "name_fr": "Un", "indicators": []},
                    {"code": "C1", "name_fr": "Deux", "indicators": []},
                ],
            }
        ],
    }
    parsed = importing.parse_json(json.dumps(data).encode())
    assert not parsed.ok
    assert "families[0].competencies[1]" in parsed.problems[0].where


def test_invalid_json_reports_the_line():
    parsed = importing.parse_json(b'{\n"families": [\n}')
    assert not parsed.ok and parsed.problems[0].where.endswith("3")


@pytest.mark.django_db
def test_bad_import_writes_nothing():
    parsed = importing.parse_csv(csv_bytes(GOOD_ROW, GOOD_ROW))
    with pytest.raises(ValidationError):
        services.framework_import(parsed=parsed, meta={"code": "X", "version": "1", "name_fr": "X"})
    assert not CompetencyFramework.objects.filter(code="X").exists()


@pytest.mark.django_db
def test_import_then_export_round_trips(organisation):
    parsed = importing.parse_csv(csv_bytes(GOOD_ROW))
    framework = services.framework_import(
        parsed=parsed,
        organisation=organisation,
        meta={"code": "ORG", "version": "1", "name_fr": "Nos compétences"},
    )
    assert Competency.objects.get(framework=framework).organisation == organisation
    again = importing.parse_csv(importing.export_csv(framework).encode())
    assert again.ok
    assert again.families == parsed.families
    assert importing.export_json(framework)["families"][0]["competencies"][0]["code"] == "COM-01"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_parsers(raw):
    for parser in (importing.parse_csv, importing.parse_json):
        parsed = parser(raw)
        assert isinstance(parsed.problems, list)


def test_malformed_csv_is_reported_not_raised():
    parsed = importing.parse_csv(b"\r\x00")
    assert isinstance(parsed.problems, list)
    parsed = importing.parse_csv(csv_bytes(GOOD_ROW) + b'"unclosed,\x00\n')
    assert not parsed.ok


# ---------------------------------------------------------------- hostile JSON


def framework_json(**overrides) -> dict:
    data = {
        "code": "T",
        "version": "1",
        "name_fr": "Test",
        "families": [
            {
                "code": "F",
                "name_fr": "Famille",
                "competencies": [
                    {
                        "code": "C1",
                        "name_fr": "Écouter",
                        "indicators": [{"code": "C1-a", "text_fr": "Je peux"}],
                    }
                ],
            }
        ],
    }
    data.update(overrides)
    return data


def test_json_nested_a_thousand_levels_is_a_problem_with_its_line():
    raw = b'{"families": [\n' + b"[" * 1000 + b"]" * 1000 + b"]}"
    parsed = importing.parse_upload(raw)
    assert not parsed.ok
    assert parsed.problems[0].where.endswith(" 2")


def test_json_nested_deeper_than_a_framework_names_the_path():
    deep: list = []
    for _level in range(30):
        deep = [deep]
    parsed = importing.parse_json(json.dumps(framework_json(extra=deep)).encode())
    assert not parsed.ok
    assert parsed.problems[0].where.startswith("extra[0]")


def test_json_five_thousand_digit_number_is_a_problem_with_its_path():
    raw = json.dumps(framework_json(scale="NUMBER")).replace(
        '"NUMBER"', '[{"value": 1' + "0" * 5000 + "}]"
    )
    parsed = importing.parse_upload(raw.encode())
    assert [p.where for p in parsed.problems] == ["scale[0].value"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_json_nan_and_infinity_are_problems_with_their_path(constant):
    raw = json.dumps(framework_json(version="V")).replace('"V"', constant)
    parsed = importing.parse_upload(raw.encode())
    assert [p.where for p in parsed.problems] == ["version"]


@pytest.mark.parametrize(
    ("overrides", "where"),
    [
        ({"code": 42}, "code"),
        ({"name_fr": ["a"]}, "name_fr"),
        ({"version": {"x": 1}}, "version"),
        ({"scale": [{"value": True, "label_fr": "Oui"}]}, "scale[0].value"),
        ({"scale": [{"value": 9, "label_fr": "Neuf"}]}, "scale[0].value"),
        ({"scale": "1-4"}, "scale"),
    ],
)
def test_json_non_text_metadata_is_a_problem_with_its_path(overrides, where):
    parsed = importing.parse_json(json.dumps(framework_json(**overrides)).encode())
    assert where in [p.where for p in parsed.problems]


@pytest.mark.parametrize("code", [42, None, ["C"], {"c": 1}, 1.5, True])
def test_json_non_string_competency_code_is_a_problem(code):
    data = framework_json()
    data["families"][0]["competencies"][0]["code"] = code
    parsed = importing.parse_json(json.dumps(data).encode())
    assert [p.where for p in parsed.problems] == ["families[0].competencies[0]"]


def test_json_lone_surrogate_is_refused_and_never_echoed():
    data = framework_json()
    data["families"][0]["code"] = "\ud800"
    parsed = importing.parse_json(json.dumps(data).encode())
    assert not parsed.ok
    for problem in parsed.problems:
        str(problem).encode("utf-8")


def test_json_with_a_byte_order_mark_is_read_as_json():
    raw = "\ufeff".encode() + json.dumps(framework_json()).encode()
    parsed = importing.parse_upload(raw)
    assert parsed.ok, parsed.problems
    assert parsed.meta["code"] == "T"
    assert parsed.families[0]["competencies"][0]["code"] == "C1"


def test_csv_with_a_byte_order_mark_is_read_as_csv():
    parsed = importing.parse_upload("\ufeff".encode() + csv_bytes(GOOD_ROW))
    assert parsed.ok, parsed.problems
    assert parsed.families[0]["code"] == "COM"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=10), children, max_size=4)
        ),
        max_leaves=30,
    )
)
def test_any_json_document_never_crashes_the_parser(value):
    data = framework_json(
        families=[{"code": "F", "name_fr": "F", "competencies": [value]}], scale=value
    )
    parsed = importing.parse_upload(json.dumps(data).encode())
    for problem in parsed.problems:
        str(problem).encode("utf-8")


# ---------------------------------------------------------------- ownership of codes


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ATOUT-CG", "atout-cg", "ATOUT-NOUVEAU", "ORG-1", "org-x"])
def test_an_organisation_cannot_import_under_atouts_or_reserved_code(framework, organisation, code):
    parsed = importing.parse_csv(csv_bytes(GOOD_ROW))
    with pytest.raises(ValidationError):
        services.framework_import(
            parsed=parsed,
            organisation=organisation,
            meta={"code": code, "version": "2099", "name_fr": "Pirate"},
        )
    assert not CompetencyFramework.objects.filter(version="2099").exists()
    assert CompetencyFramework.objects.get(code="ATOUT-CG").organisation is None


@pytest.mark.django_db
def test_an_organisation_cannot_import_under_another_organisations_code(
    organisation, other_organisation
):
    parsed = importing.parse_csv(csv_bytes(GOOD_ROW))
    meta = {"code": "LIMOILOU", "version": "1", "name_fr": "Nos compétences"}
    services.framework_import(parsed=parsed, organisation=organisation, meta=meta)
    for version in ("1", "2"):
        with pytest.raises(ValidationError):
            services.framework_import(
                parsed=parsed,
                organisation=other_organisation,
                meta={**meta, "version": version},
            )
    assert list(CompetencyFramework.objects.values_list("organisation", flat=True)) == [
        organisation.pk
    ]
    # The owner may publish a new version under its own code.
    services.framework_import(
        parsed=parsed, organisation=organisation, meta={**meta, "version": "2"}
    )
    assert CompetencyFramework.objects.filter(code="LIMOILOU").count() == 2


@pytest.mark.django_db
def test_service_refuses_a_non_text_code_without_crashing(organisation):
    parsed = importing.parse_csv(csv_bytes(GOOD_ROW))
    with pytest.raises(ValidationError):
        services.framework_import(
            parsed=parsed,
            organisation=organisation,
            meta={"code": 7, "version": "1", "name_fr": "X"},
        )


# ---------------------------------------------------------------- CSV injection


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-5 ans", "'-5 ans"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("'=déjà", "''=déjà"),
        ("Écouter", "Écouter"),
        ("l'=autre", "l'=autre"),
        ("", ""),
    ],
)
def test_csv_cells_are_neutralised_and_restored(value, cell):
    assert csv_cells.neutralise(value) == cell
    assert csv_cells.restore(cell) == value


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_csv_cell_escaping_is_reversible(value):
    cell = csv_cells.neutralise(value)
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert csv_cells.restore(cell) == value


@pytest.mark.django_db
def test_framework_export_neutralises_formulas_and_import_restores_them(organisation):
    row = "=F,=cmd|' /C calc'!A0,Family,-C1,-5 ans,@Name,+Déf,Def,\t-a,=1+1,I can"
    parsed = importing.parse_csv(csv_bytes(row))
    assert parsed.ok, parsed.problems
    framework = services.framework_import(
        parsed=parsed,
        organisation=organisation,
        meta={"code": "NOUS", "version": "1", "name_fr": "Nos compétences"},
    )
    exported = importing.export_csv(framework)
    cells = next(r for r in csv.reader(io.StringIO(exported)) if r[0] != "family_code")
    for cell in cells:
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    assert cells[1] == "'=cmd|' /C calc'!A0"
    again = importing.parse_csv(exported.encode())
    assert again.ok, again.problems
    assert again.families == parsed.families
