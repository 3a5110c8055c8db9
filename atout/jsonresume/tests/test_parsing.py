"""Hostile files: each is refused with a path and a message, before anything is written."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atout.jsonresume import parsing
from atout.jsonresume.importing import parse_resume
from atout.jsonresume.parsing import ResumeRejected, load_resume
from atout.jsonresume.tests.conftest import dumps


def refused(raw: bytes) -> list[parsing.Problem]:
    with pytest.raises(ResumeRejected) as caught:
        parse_resume(raw)
    assert caught.value.problems
    return caught.value.problems


def codes(raw: bytes) -> set[str]:
    return {p.code for p in refused(raw)}


def test_the_schema_is_vendored_draft_04_and_valid():
    schema = parsing.schema()
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert "work" in schema["properties"]
    parsing.validator()  # check_schema passes


def test_validation_never_opens_a_url(monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the validator tried to fetch a URL")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    problems = refused(dumps({"work": [{"startDate": "hier"}]}))
    assert problems[0].path == "work[0].startDate"


def test_ten_megabytes_are_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(json, "loads", lambda *a, **k: pytest.fail("parsed a 10 MB file"))
    raw = b'{"basics": {"name": "' + b"x" * (10 * 1024 * 1024) + b'"}}'
    assert codes(raw) == {"too_large"}


def test_just_under_the_limit_is_read():
    raw = dumps({"basics": {"summary": "x" * (parsing.MAX_BYTES - 100)}})
    assert parse_resume(raw).entries == []


@pytest.mark.parametrize("depth", [21, 1000, 100_000])
def test_deep_nesting_is_refused_without_recursion_error(depth):
    raw = b'{"basics": ' + b"[" * depth + b"]" * depth + b"}"
    assert codes(raw) == {"too_deep"}


def test_brackets_inside_strings_do_not_count_as_nesting():
    raw = dumps({"basics": {"summary": "[" * 500 + "{" * 500}})
    assert parse_resume(raw).entries == []


def test_a_byte_order_mark_is_refused_with_how_to_save_without_it():
    problems = refused(b"\xef\xbb\xbf" + dumps({}))
    assert problems[0].code == "bom"
    assert "BOM" in problems[0].message


def test_latin_1_bytes_are_refused_with_the_line():
    raw = '{\n"basics": {"name": "Émilie"}}'.encode("latin-1")
    problems = refused(raw)
    assert problems[0].code == "encoding"
    assert "2" in problems[0].message


@pytest.mark.parametrize(
    "raw",
    [b"", b"not json", b"{", b'{"a": 1,}', b"{'a': 1}", b"\x00\x00", b'{"basics": {}} trailing'],
)
def test_not_json_is_refused(raw):
    assert codes(raw) == {"json"}


@pytest.mark.parametrize("raw", [b"[]", b'"texte"', b"42", b"null", b"true"])
def test_a_file_that_is_not_an_object_is_refused(raw):
    assert codes(raw) == {"type"}


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_with_their_path(constant):
    problems = refused(b'{"meta": {"x": ' + constant.encode() + b"}}")
    assert [(p.path, p.code) for p in problems] == [("meta.x", "constant")]


def test_huge_numbers_are_refused():
    problems = refused(b'{"meta": {"x": ' + b"9" * 5000 + b"}}")
    assert problems[0].code == "number"


def test_duplicate_keys_are_refused_with_their_path():
    problems = refused(b'{"work": [{"name": "A", "name": "B"}]}')
    assert [(p.path, p.code) for p in problems] == [("work[0]", "duplicate_key")]


def test_lone_surrogates_are_refused():
    problems = refused(b'{"work": [{"name": "\\ud800"}]}')
    assert [(p.path, p.code) for p in problems] == [("work[0].name", "character")]


def test_wrong_types_are_all_listed_with_their_paths():
    raw = dumps(
        {
            "basics": "Émilie",
            "work": [{"name": "A"}, {"name": "B"}, {"name": 3, "startDate": 2019}],
            "education": {"institution": "X"},
            "languages": [["fr"]],
        }
    )
    problems = refused(raw)
    paths = {p.path for p in problems}
    assert {"basics", "work[2].name", "work[2].startDate", "education", "languages[0]"} <= paths
    assert all(p.code == "type" for p in problems)


def test_bad_dates_say_the_expected_form():
    problems = refused(dumps({"work": [{}, {}, {"startDate": "mai 2019"}]}))
    assert [(p.path, p.code) for p in problems] == [("work[2].startDate", "date")]
    assert "AAAA" in str(problems[0]) or "YYYY" in str(problems[0])
    assert str(problems[0]).startswith("work[2].startDate\u00a0: ")


@pytest.mark.parametrize("value", ["2019-02-30", "2019-13", "2019-00-10", "1850", "2999-01-01"])
def test_dates_atout_cannot_hold_are_refused(value):
    problems = refused(dumps({"certificates": [{"name": "X", "date": value}]}))
    assert [(p.path, p.code) for p in problems] == [("certificates[0].date", "date")]


def test_an_end_before_the_start_is_refused():
    problems = refused(dumps({"work": [{"startDate": "2020", "endDate": "2019-12"}]}))
    assert [(p.path, p.code) for p in problems] == [("work[0].endDate", "date_order")]


def test_unknown_top_level_keys_are_refused():
    problems = refused(dumps({"vie": {}}))
    assert [(p.path, p.code) for p in problems] == [("", "unknown_key")]


def test_huge_strings_in_fields_are_refused_with_their_path():
    problems = refused(
        dumps({"work": [{"position": "x" * 201}], "volunteer": [{"summary": "y" * 5001}]})
    )
    assert {(p.path, p.code) for p in problems} == {
        ("work[0].position", "too_long"),
        ("volunteer[0].summary", "too_long"),
    }


def test_a_description_made_too_long_by_its_highlights_is_refused_at_once():
    problems = refused(
        dumps(
            {
                "work": [
                    {"position": "A", "summary": "x" * 4000, "highlights": ["y" * 900, "z" * 900]}
                ]
            }
        )
    )
    assert [(p.path, p.code) for p in problems] == [("work[0]", "invalid")]


def test_control_characters_are_refused():
    problems = refused(dumps({"work": [{"position": "a\x07b", "highlights": ["ok", "\x1b[31m"]}]}))
    assert {p.path for p in problems} == {"work[0].position", "work[0].highlights[1]"}


def test_too_many_items_are_refused_before_the_schema():
    problems = refused(dumps({"work": [{"name": "a"}] * 201, "skills": [{}] * 10_000}))
    assert [(p.path, p.code) for p in problems] == [("work", "too_many"), ("skills", "too_many")]
    assert parse_resume(dumps({"work": [{"name": "a"}] * 200})).entries


def test_every_problem_is_listed_not_only_the_first():
    items = [{"startDate": "x"} for _ in range(30)]
    assert len(refused(dumps({"work": items}))) == 30


def test_markup_is_kept_as_text():
    text = "<script>alert(1)</script> #set page(width: 1pt) {{ x }}"
    plan = parse_resume(dumps({"work": [{"position": text}]}))
    assert plan.entries[0].values["title"] == text


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_politely(raw):
    try:
        parse_resume(raw)
    except ResumeRejected as rejected:
        assert all(isinstance(p.message, str) and p.message for p in rejected.problems)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=15,
)
SECTIONS = [
    "basics",
    "work",
    "volunteer",
    "education",
    "certificates",
    "languages",
    "interests",
    "references",
    "skills",
    "meta",
]


@settings(max_examples=300, deadline=None)
@given(section=st.sampled_from(SECTIONS), value=json_values)
def test_any_json_in_any_section_is_planned_or_refused(section, value):
    raw = json.dumps({section: value}).encode()
    try:
        plan = parse_resume(raw)
    except ResumeRejected as rejected:
        assert all(p.message for p in rejected.problems)
    else:
        assert load_resume(raw) == plan.data
