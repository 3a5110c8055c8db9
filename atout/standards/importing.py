"""Import and export of a standard (JSON and CSV), validated whole before anything is written.

JSON carries the whole standard (its description and its competency tree); CSV carries the
tree only, one row per criterion (or per element without criteria, or per competency without
elements), the competency and element columns repeated on each row — what a committee keeps
in a spreadsheet. Every problem is collected with its line (CSV) or its place (JSON) and a
French message, and the import writes nothing unless the whole file is valid.

Files must be UTF-8 (with or without a byte-order mark): a file saved in Windows-1252 is
refused with a message saying how to save it, never guessed (a wrong guess would silently
change accented letters of an official text).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from atout.accounts.validators import no_control_characters
from atout.common import csv_cells
from atout.standards.models import Competency, Standard

MAX_IMPORT_BYTES = 1024 * 1024
MAX_COMPETENCIES = 100
MAX_ELEMENTS = 100
MAX_CRITERIA = 100
MAX_DEPTH = 8
FORMAT = "atout-standard"
FORMAT_VERSION = 1

CSV_COLUMNS = [
    "competency_number",
    "competency_kind",
    "competency_title_fr",
    "competency_title_en",
    "competency_to_be_completed",
    "element_number",
    "element_title_fr",
    "element_title_en",
    "criterion_number",
    "criterion_text_fr",
    "criterion_text_en",
]

# Standard fields carried by the JSON file: name -> (max length, required).
META_FIELDS: dict[str, tuple[int, bool]] = {
    "title_fr": (200, True),
    "title_en": (200, False),
    "noc_code": (5, False),
    "version_label": (50, False),
    "levels": (2000, False),
    "levels_en": (2000, False),
    "recognition_conditions": (5000, False),
    "recognition_conditions_en": (5000, False),
    "fees": (1000, False),
    "fees_en": (1000, False),
    "procedure_sheet_fr": (10000, False),
    "procedure_sheet_en": (10000, False),
}
KINDS = {
    "essential": Competency.Kind.ESSENTIAL,
    "essentielle": Competency.Kind.ESSENTIAL,
    "complementary": Competency.Kind.COMPLEMENTARY,
    "complémentaire": Competency.Kind.COMPLEMENTARY,
    "complementaire": Competency.Kind.COMPLEMENTARY,
}
TRUE = {"1", "true", "yes", "oui", "x", "vrai"}
FALSE = {"", "0", "false", "no", "non", "faux"}


@dataclass
class ImportProblem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where} — {self.message}"


@dataclass
class ParsedStandard:
    """A standard as plain data; `meta` is empty for a CSV file (the tree only)."""

    meta: dict[str, Any]
    competencies: list[dict[str, Any]]
    problems: list[ImportProblem] = field(default_factory=list)
    is_json: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def tree(self) -> list[tuple]:
        """The tree as comparable tuples (tests: an export read back is the same tree)."""
        return [
            (
                c["number"],
                c["kind"],
                c["title_fr"],
                c["title_en"],
                c["to_be_completed"],
                [
                    (
                        e["number"],
                        e["title_fr"],
                        e["title_en"],
                        [(k["number"], k["text_fr"], k["text_en"]) for k in e["criteria"]],
                    )
                    for e in c["elements"]
                ],
            )
            for c in self.competencies
        ]


def _line(number: int) -> str:
    return _("line %(line)d") % {"line": number}


def decode(raw: bytes) -> tuple[str | None, ImportProblem | None]:
    if len(raw) > MAX_IMPORT_BYTES:
        return None, ImportProblem(
            _("file"), _("The file is too large (1 MB at most for a standard).")
        )
    if not raw.strip():
        return None, ImportProblem(_("file"), _("The file is empty."))
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return None, ImportProblem(
            _line(raw[: error.start].count(b"\n") + 1),
            _("The file is not in UTF-8. Save it as “CSV UTF-8” and try again."),
        )


def _text(value: Any, where: str, label: str, limit: int, required: bool, problems) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(ImportProblem(where, _("%(field)s must be text.") % {"field": label}))
        return ""
    value = value.strip()
    if required and not value:
        problems.append(ImportProblem(where, _("%(field)s is missing.") % {"field": label}))
        return ""
    if len(value) > limit:
        problems.append(
            ImportProblem(
                where,
                _("%(field)s is too long (%(limit)d characters at most).")
                % {"field": label, "limit": limit},
            )
        )
        return ""
    try:
        no_control_characters(value)
    except Exception:
        problems.append(
            ImportProblem(
                where, _("%(field)s contains invisible control characters.") % {"field": label}
            )
        )
        return ""
    return value


def _number(value: Any, where: str, label: str, problems) -> int | None:
    if isinstance(value, bool):
        value = None
    if isinstance(value, str):
        value = value.strip()
        value = int(value) if value.isascii() and value.isdigit() and len(value) <= 4 else value
    if isinstance(value, int) and 1 <= value <= 999:
        return value
    problems.append(
        ImportProblem(
            where, _("%(field)s must be a whole number from 1 to 999.") % {"field": label}
        )
    )
    return None


def _flag(value: Any, where: str, label: str, problems) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str) and value.strip().casefold() in TRUE | FALSE:
        return value.strip().casefold() in TRUE
    problems.append(ImportProblem(where, _("%(field)s must be “oui” or “non”.") % {"field": label}))
    return False


def _kind(value: Any, where: str, problems) -> str:
    if value in (None, ""):
        return Competency.Kind.ESSENTIAL
    if isinstance(value, str) and value.strip().casefold() in KINDS:
        return str(KINDS[value.strip().casefold()])
    problems.append(
        ImportProblem(where, _("The kind of a competency is “essential” or “complementary”."))
    )
    return Competency.Kind.ESSENTIAL


# --- JSON ------------------------------------------------------------------------------------


def _depth_ok(data: Any) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return False
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return True


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def parse_json(text: str) -> ParsedStandard:
    problems: list[ImportProblem] = []
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=str, parse_int=str)
    except json.JSONDecodeError as error:
        return ParsedStandard(
            {},
            [],
            [
                ImportProblem(
                    _line(error.lineno),
                    _("The JSON is not valid near column %(column)d.") % {"column": error.colno},
                )
            ],
            True,
        )
    except (RecursionError, ValueError):
        return ParsedStandard(
            {}, [], [ImportProblem(_("file"), _("The JSON is not a standard."))], True
        )
    if not isinstance(data, dict) or not _depth_ok(data):
        return ParsedStandard(
            {}, [], [ImportProblem(_("file"), _("The JSON is not a standard."))], True
        )
    if not isinstance(data.get("competencies", []), list):
        return ParsedStandard(
            {}, [], [ImportProblem("competencies", _("A “competencies” list is expected."))], True
        )
    meta: dict[str, Any] = {}
    for name, (limit, required) in META_FIELDS.items():
        meta[name] = _text(data.get(name), name, name, limit, required, problems)
    approved = data.get("approved_on")
    meta["approved_on"] = None
    if approved not in (None, ""):
        try:
            meta["approved_on"] = datetime.date.fromisoformat(str(approved)[:10])
        except ValueError:
            problems.append(
                ImportProblem(
                    "approved_on", _("The approval date is written YYYY-MM-DD (2010-04-15).")
                )
            )
    status = data.get("status", Standard.Status.IN_FORCE) or Standard.Status.IN_FORCE
    if status not in Standard.Status.values:
        problems.append(
            ImportProblem(
                "status",
                _("The status is one of: %(values)s.")
                % {"values": ", ".join(Standard.Status.values)},
            )
        )
        status = Standard.Status.IN_FORCE
    meta["status"] = status
    meta["is_complete"] = _flag(
        data.get("is_complete", False), "is_complete", "is_complete", problems
    )

    competencies = []
    raw_competencies = data.get("competencies", [])
    if len(raw_competencies) > MAX_COMPETENCIES:
        problems.append(
            ImportProblem("competencies", _("A standard has at most 100 competencies."))
        )
        raw_competencies = []
    for ci, raw in enumerate(raw_competencies):
        where = f"competencies[{ci}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("elements", []), list):
            problems.append(
                ImportProblem(where, _("A competency must be an object with an “elements” list."))
            )
            continue
        competency = _competency(raw, where, problems)
        raw_elements = raw.get("elements", [])[: MAX_ELEMENTS + 1]
        if len(raw_elements) > MAX_ELEMENTS:
            problems.append(ImportProblem(where, _("A competency has at most 100 elements.")))
            raw_elements = []
        for ei, raw_element in enumerate(raw_elements):
            ewhere = f"{where}.elements[{ei}]"
            if not isinstance(raw_element, dict) or not isinstance(
                raw_element.get("criteria", []), list
            ):
                problems.append(
                    ImportProblem(ewhere, _("An element must be an object with a “criteria” list."))
                )
                continue
            element = _element(raw_element, ewhere, problems)
            raw_criteria = raw_element.get("criteria", [])
            if len(raw_criteria) > MAX_CRITERIA:
                problems.append(ImportProblem(ewhere, _("An element has at most 100 criteria.")))
                raw_criteria = []
            for ki, raw_criterion in enumerate(raw_criteria):
                kwhere = f"{ewhere}.criteria[{ki}]"
                if not isinstance(raw_criterion, dict):
                    problems.append(ImportProblem(kwhere, _("A criterion must be an object.")))
                    continue
                element["criteria"].append(_criterion(raw_criterion, kwhere, problems))
            competency["elements"].append(element)
        competencies.append(competency)
    parsed = ParsedStandard(meta, competencies, problems, True)
    _check_numbers(parsed)
    return parsed


def _competency(raw: dict, where: str, problems) -> dict[str, Any]:
    return {
        "where": where,
        "number": _number(raw.get("number"), where, "number", problems),
        "kind": _kind(raw.get("kind"), where, problems),
        "title_fr": _text(raw.get("title_fr"), where, "title_fr", 300, True, problems),
        "title_en": _text(raw.get("title_en"), where, "title_en", 300, False, problems),
        "to_be_completed": _flag(
            raw.get("to_be_completed", False), where, "to_be_completed", problems
        ),
        "elements": [],
    }


def _element(raw: dict, where: str, problems) -> dict[str, Any]:
    return {
        "where": where,
        "number": _number(raw.get("number"), where, "number", problems),
        "title_fr": _text(raw.get("title_fr"), where, "title_fr", 300, True, problems),
        "title_en": _text(raw.get("title_en"), where, "title_en", 300, False, problems),
        "criteria": [],
    }


def _criterion(raw: dict, where: str, problems) -> dict[str, Any]:
    return {
        "where": where,
        "number": _number(raw.get("number"), where, "number", problems),
        "text_fr": _text(raw.get("text_fr"), where, "text_fr", 500, True, problems),
        "text_en": _text(raw.get("text_en"), where, "text_en", 500, False, problems),
    }


def _check_numbers(parsed: ParsedStandard) -> None:
    """Numbers are unique among siblings (the database would refuse them otherwise)."""

    def unique(items: list[dict], message: str) -> None:
        seen: set[int] = set()
        for item in items:
            if item["number"] is not None and item["number"] in seen:
                parsed.problems.append(
                    ImportProblem(item["where"], message % {"number": item["number"]})
                )
            seen.add(item["number"])

    unique(parsed.competencies, _("Competency number %(number)d appears twice."))
    for competency in parsed.competencies:
        unique(competency["elements"], _("Element number %(number)d appears twice."))
        for element in competency["elements"]:
            unique(element["criteria"], _("Criterion number %(number)d appears twice."))


# --- CSV -------------------------------------------------------------------------------------


def parse_csv(text: str) -> ParsedStandard:
    # The delimiter the header uses most (a spreadsheet in French saves with ";").
    header = text[:4096].partition("\n")[0]
    delimiter = max(",;\t", key=header.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=csv.excel, delimiter=delimiter)
    problems: list[ImportProblem] = []
    try:
        columns = [(c or "").strip().lstrip("\ufeff") for c in (reader.fieldnames or [])]
        missing = [c for c in ("competency_number", "competency_title_fr") if c not in columns]
        if missing:
            return ParsedStandard(
                {},
                [],
                [
                    ImportProblem(
                        _line(1),
                        _("Columns missing from the first line: %(columns)s.")
                        % {"columns": ", ".join(missing)},
                    )
                ],
            )
        reader.fieldnames = columns
        competencies: dict[int, dict] = {}
        for rows, row in enumerate(reader, start=1):
            if rows > MAX_COMPETENCIES * 50:
                problems.append(ImportProblem(_("file"), _("The file has too many lines.")))
                break
            line = reader.line_num
            _csv_row(row, _line(line), competencies, problems)
    except csv.Error:
        return ParsedStandard(
            {},
            [],
            [ImportProblem(_line(reader.line_num), _("This line is not valid CSV."))],
        )
    parsed = ParsedStandard(
        {},
        [
            {
                **c,
                "elements": [
                    {**e, "criteria": list(e["criteria"].values())} for e in c["elements"].values()
                ],
            }
            for c in competencies.values()
        ],
        problems,
    )
    if not parsed.competencies and not problems:
        problems.append(ImportProblem(_("file"), _("The file lists no competency.")))
    return parsed


def _cell(row: dict, name: str) -> str:
    value = row.get(name)
    if isinstance(value, list):  # more cells than columns
        value = ",".join(value)
    return csv_cells.restore(value or "")


def _csv_row(row: dict, where: str, competencies: dict, problems: list) -> None:
    if None in row and any((v or "").strip() for v in row[None]):
        problems.append(ImportProblem(where, _("This line has more cells than the first line.")))
        return
    if not any((_cell(row, c)).strip() for c in CSV_COLUMNS):
        return  # a blank line
    before = len(problems)
    number = _number(_cell(row, "competency_number"), where, "competency_number", problems)
    fresh = {
        "where": where,
        "number": number,
        "kind": _kind(_cell(row, "competency_kind"), where, problems),
        "title_fr": _text(
            _cell(row, "competency_title_fr"), where, "competency_title_fr", 300, True, problems
        ),
        "title_en": _text(
            _cell(row, "competency_title_en"), where, "competency_title_en", 300, False, problems
        ),
        "to_be_completed": _flag(
            _cell(row, "competency_to_be_completed"),
            where,
            "competency_to_be_completed",
            problems,
        ),
        "elements": {},
    }
    has_element = any(
        _cell(row, c).strip() for c in ("element_number", "element_title_fr", "element_title_en")
    )
    has_criterion = any(
        _cell(row, c).strip()
        for c in ("criterion_number", "criterion_text_fr", "criterion_text_en")
    )
    element = criterion = None
    if has_element or has_criterion:
        element = {
            "where": where,
            "number": _number(_cell(row, "element_number"), where, "element_number", problems),
            "title_fr": _text(
                _cell(row, "element_title_fr"), where, "element_title_fr", 300, True, problems
            ),
            "title_en": _text(
                _cell(row, "element_title_en"), where, "element_title_en", 300, False, problems
            ),
            "criteria": {},
        }
    if has_criterion:
        criterion = {
            "where": where,
            "number": _number(_cell(row, "criterion_number"), where, "criterion_number", problems),
            "text_fr": _text(
                _cell(row, "criterion_text_fr"), where, "criterion_text_fr", 500, True, problems
            ),
            "text_en": _text(
                _cell(row, "criterion_text_en"), where, "criterion_text_en", 500, False, problems
            ),
        }
    if len(problems) > before:
        return
    competency = competencies.get(number)
    if competency is None:
        if len(competencies) >= MAX_COMPETENCIES:
            problems.append(ImportProblem(where, _("A standard has at most 100 competencies.")))
            return
        competency = competencies[number] = fresh
    elif not _same(competency, fresh, ("kind", "title_fr", "title_en", "to_be_completed")):
        problems.append(
            ImportProblem(
                where,
                _("Competency %(number)d is described differently on %(first)s.")
                % {"number": number, "first": competency["where"]},
            )
        )
        return
    if element is None:
        return
    existing = competency["elements"].get(element["number"])
    if existing is None:
        if len(competency["elements"]) >= MAX_ELEMENTS:
            problems.append(ImportProblem(where, _("A competency has at most 100 elements.")))
            return
        existing = competency["elements"][element["number"]] = element
    elif not _same(existing, element, ("title_fr", "title_en")):
        problems.append(
            ImportProblem(
                where,
                _("Element %(number)d is described differently on %(first)s.")
                % {"number": element["number"], "first": existing["where"]},
            )
        )
        return
    if criterion is None:
        return
    if criterion["number"] in existing["criteria"]:
        problems.append(
            ImportProblem(where, _("Criterion number %(number)d appears twice.") % criterion)
        )
        return
    if len(existing["criteria"]) >= MAX_CRITERIA:
        problems.append(ImportProblem(where, _("An element has at most 100 criteria.")))
        return
    existing["criteria"][criterion["number"]] = criterion


def _same(first: dict, second: dict, keys: tuple[str, ...]) -> bool:
    return all(first[k] == second[k] for k in keys)


def parse_upload(raw: bytes) -> ParsedStandard:
    """A file as uploaded: JSON if its first character (after a byte-order mark) says so."""
    text, problem = decode(raw)
    if problem:
        return ParsedStandard({}, [], [problem])
    if text.lstrip()[:1] in ("{", "["):
        return parse_json(text)
    return parse_csv(text)


# --- Export ----------------------------------------------------------------------------------


def export_data(standard: Standard, tree: list[Competency]) -> dict[str, Any]:
    """The standard as the JSON import reads it (the committee is the importer's own)."""
    data: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION}
    for name in META_FIELDS:
        data[name] = getattr(standard, name)
    data["approved_on"] = standard.approved_on.isoformat() if standard.approved_on else None
    data["status"] = standard.status
    data["is_complete"] = standard.is_complete
    data["competencies"] = [
        {
            "number": c.number,
            "kind": c.kind,
            "title_fr": c.title_fr,
            "title_en": c.title_en,
            "to_be_completed": c.to_be_completed,
            "elements": [
                {
                    "number": e.number,
                    "title_fr": e.title_fr,
                    "title_en": e.title_en,
                    "criteria": [
                        {"number": k.number, "text_fr": k.text_fr, "text_en": k.text_en}
                        for k in e.criteria.all()
                    ],
                }
                for e in c.elements.all()
            ],
        }
        for c in tree
    ]
    return data


def export_json(standard: Standard, tree: list[Competency]) -> str:
    return json.dumps(export_data(standard, tree), ensure_ascii=False, indent=2) + "\n"


def export_csv(tree: list[Competency]) -> str:
    """One row per criterion (or element without criteria, or competency without elements);
    every cell formula-safe."""
    out = io.StringIO()
    writer = csv_cells.writer(out)
    writer.writerow(CSV_COLUMNS)
    for c in tree:
        head = [c.number, c.kind, c.title_fr, c.title_en, "oui" if c.to_be_completed else "non"]
        elements = list(c.elements.all())
        if not elements:
            writer.writerow(head + [""] * 6)
        for e in elements:
            middle = [e.number, e.title_fr, e.title_en]
            criteria = list(e.criteria.all())
            if not criteria:
                writer.writerow(head + middle + ["", "", ""])
            for k in criteria:
                writer.writerow(head + middle + [k.number, k.text_fr, k.text_en])
    return out.getvalue()
