import json

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    assert [p.where for p in parsed.problems] == ["line 3"] or "3" in parsed.problems[0].where


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
