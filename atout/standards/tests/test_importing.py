"""Import and export: line-level problems, nothing half-read, exports read back the same."""

import json

import pytest
from django.utils.translation import gettext as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atout.standards import importing
from atout.standards.selectors import standard_tree
from atout.standards.tests.factories import full_standard

HEADER = ",".join(importing.CSV_COLUMNS)


def csv_of(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def test_a_valid_csv_builds_the_tree():
    parsed = importing.parse_upload(
        csv_of(
            "1,essential,Planifier,Plan,non,1,Lire,,1,Lit la commande,",
            "1,essential,Planifier,Plan,non,1,Lire,,2,Vérifie,",
            "1,essential,Planifier,Plan,non,2,Préparer,,,,",
            "2,complémentaire,Développer,,oui,,,,,,",
        )
    )
    assert parsed.ok, parsed.problems
    assert not parsed.is_json
    assert parsed.tree() == [
        (
            1,
            "essential",
            "Planifier",
            "Plan",
            False,
            [
                (1, "Lire", "", [(1, "Lit la commande", ""), (2, "Vérifie", "")]),
                (2, "Préparer", "", []),
            ],
        ),
        (2, "complementary", "Développer", "", True, []),
    ]


def test_each_bad_line_is_named_with_its_number():
    parsed = importing.parse_upload(
        csv_of(
            "1,essential,Planifier,,non,,,,,,",
            "x,essential,Sans numéro,,non,,,,,,",
            "2,autre,Mauvais type,,non,,,,,,",
            "1,essential,Autre titre,,non,,,,,,",
            "3,essential,,,non,,,,,,",
            "4,essential,Drapeau,,peut-être,,,,,,",
        )
    )
    where = [p.where for p in parsed.problems]
    assert where == [_("line %(line)d") % {"line": n} for n in (3, 4, 5, 6, 7)]
    messages = " ".join(p.message for p in parsed.problems)
    assert (
        _("%(field)s must be a whole number from 1 to 999.") % {"field": "competency_number"}
        in messages
    )
    assert (
        _("Competency %(number)d is described differently on %(first)s.")
        % {
            "number": 1,
            "first": _("line %(line)d") % {"line": 2},
        }
        in messages
    )


def test_semicolons_and_a_byte_order_mark_are_read():
    text = "\ufeff" + HEADER.replace(",", ";") + "\n1;essential;Planifier;;non;;;;;;\n"
    parsed = importing.parse_upload(text.encode("utf-8"))
    assert parsed.ok and parsed.tree()[0][2] == "Planifier"


def test_windows_1252_is_refused_with_the_line():
    raw = (HEADER + "\n1,essential,Réaliser,,non,,,,,,\n").encode("cp1252")
    parsed = importing.parse_upload(raw)
    assert not parsed.ok
    assert parsed.problems[0].where == _("line %(line)d") % {"line": 2}
    assert "UTF-8" in parsed.problems[0].message


def test_size_cap():
    parsed = importing.parse_upload(b"{" + b" " * importing.MAX_IMPORT_BYTES + b"}")
    assert parsed.problems[0].message == _("The file is too large (1 MB at most for a standard).")


def test_missing_columns_and_empty_file():
    assert (
        "competency_title_fr"
        in importing.parse_upload(b"competency_number\n1\n").problems[0].message
    )
    assert not importing.parse_upload(b"   \n").ok
    assert not importing.parse_upload(HEADER.encode()).ok  # no competency


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "[]",
        '{"title_fr": "X", "competencies": {}}',
        '{"title_fr": "X", "competencies": [1]}',
        '{"title_fr": "X", "competencies": [{"number": 1.5, "title_fr": "A"}]}',
        '{"title_fr": "X", "noc_code": NaN}',
        '{"title_fr": "X", "approved_on": "15 avril"}',
        '{"title_fr": "X", "status": "perdu"}',
        '{"title_fr": "' + "x" * 300 + '"}',
        '{"title_fr": "a\\u0000b"}',
        '{"title_fr": "X", "competencies": [{"number": 1, "title_fr": "A"},'
        ' {"number": 1, "title_fr": "B"}]}',
        "[" * 5000 + "]" * 5000,
        '{"title_fr": "X", "competencies": [{"number": 9' + "9" * 5000 + ', "title_fr": "A"}]}',
    ],
)
def test_bad_json_is_refused_never_raises(text):
    parsed = importing.parse_upload(text.encode("utf-8"))
    assert not parsed.ok
    assert all(p.where and p.message for p in parsed.problems)


@pytest.mark.django_db
def test_json_export_reads_back_the_same():
    standard = full_standard(levels="Niveau 1\nNiveau 2", fees_en="None")
    tree = standard_tree(standard)
    text = importing.export_json(standard, tree)
    parsed = importing.parse_upload(text.encode("utf-8"))
    assert parsed.ok, parsed.problems
    assert parsed.is_json
    assert parsed.meta["title_fr"] == standard.title_fr
    assert parsed.meta["levels"] == "Niveau 1\nNiveau 2"
    assert parsed.meta["fees_en"] == "None"
    data = json.loads(text)
    assert data["format"] == "atout-standard"
    assert (
        parsed.tree() == importing.parse_upload(importing.export_csv(tree).encode("utf-8")).tree()
    )


@pytest.mark.django_db
def test_csv_export_is_formula_safe_and_reads_back():
    standard = full_standard()
    tree = standard_tree(standard)
    text = importing.export_csv(tree)
    assert "'=SOMME(A1)" in text
    parsed = importing.parse_upload(text.encode("utf-8"))
    assert parsed.ok, parsed.problems
    criteria = parsed.tree()[0][5][0][3]
    assert criteria[0][1] == "=SOMME(A1)"
    assert [c[0] for c in parsed.tree()] == [1, 2]


# Text a committee could type: letters, accents, punctuation, quotes, formula starters.
TEXT = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029\x85"
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def trees(draw):
    competencies = []
    for cn in range(1, draw(st.integers(1, 4)) + 1):
        elements = []
        for en in range(1, draw(st.integers(0, 3)) + 1):
            criteria = [
                (kn, draw(TEXT), draw(st.one_of(st.just(""), TEXT)))
                for kn in range(1, draw(st.integers(0, 3)) + 1)
            ]
            elements.append((en, draw(TEXT), draw(st.one_of(st.just(""), TEXT)), criteria))
        competencies.append(
            (
                cn,
                draw(st.sampled_from(["essential", "complementary"])),
                draw(TEXT),
                draw(st.one_of(st.just(""), TEXT)),
                draw(st.booleans()),
                elements,
            )
        )
    return competencies


class _Row:
    """Just enough of a model row for the exporters."""

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def all(self):
        return self.items


def _as_models(tree):
    out = []
    for number, kind, title_fr, title_en, tbc, elements in tree:
        els = []
        for en, etf, ete, criteria in elements:
            crits = [_Row(number=k, text_fr=f, text_en=e) for k, f, e in criteria]
            els.append(_Row(number=en, title_fr=etf, title_en=ete, criteria=_Row(items=crits)))
        out.append(
            _Row(
                number=number,
                kind=kind,
                title_fr=title_fr,
                title_en=title_en,
                to_be_completed=tbc,
                elements=_Row(items=els),
            )
        )
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_csv_round_trip_property(tree):
    text = importing.export_csv(_as_models(tree))
    parsed = importing.parse_upload(text.encode("utf-8"))
    assert parsed.ok, parsed.problems
    assert parsed.tree() == tree


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_never_raise(raw):
    parsed = importing.parse_upload(raw)
    assert parsed.ok or parsed.problems


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=500))
def test_any_csv_text_never_raises(text):
    parsed = importing.parse_upload((HEADER + "\n" + text).encode("utf-8", "replace"))
    for problem in parsed.problems:
        str(problem)
