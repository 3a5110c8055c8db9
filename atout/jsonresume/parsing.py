"""Reading a JSON Resume file safely: bytes in, a validated document or a list of problems out.

Everything here is pure (no database): the web form, its confirm step and the command all
call `load_resume`, so a file gets the same messages wherever it is refused. Each problem
names the JSON path it concerns (`work[2].startDate`), as the schema validator reports it.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jsonschema import Draft4Validator

SCHEMA_PATH = Path(__file__).parent / "schema" / "resume-schema-1.0.0.json"
# Refused before anything is decoded: a résumé is a few kilobytes.
MAX_BYTES = 2 * 1024 * 1024
# No section of a résumé nests deeper than 4; 20 leaves room and keeps json.loads far
# from Python's recursion limit.
MAX_DEPTH = 20
MAX_NUMBER_CHARACTERS = 20
# A file with more problems than this is listed up to here: the person fixes the first ones.
MAX_PROBLEMS = 100
UTF8_BOM = b"\xef\xbb\xbf"
# Items per section: a long career fits in a few dozen; 2 MB of tiny items would otherwise
# become tens of thousands of records in one transaction.
MAX_ITEMS = 200


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused: where (a JSON path, empty for the whole file) and why."""

    path: str
    message: str
    code: str = "invalid"

    def __str__(self) -> str:
        return f"{self.path}\u00a0: {self.message}" if self.path else self.message


class ResumeRejected(Exception):
    """The file cannot be imported; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems[:3]))
        self.problems = problems


@cache
def schema() -> dict[str, Any]:
    """The vendored JSON Resume schema (v1.0.0); never fetched at run time."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def validator() -> Draft4Validator:
    """The schema declares draft-04; its keywords mean the same in draft-07.

    It has only local `$ref`s (`#/definitions/iso8601`), resolved from the schema itself: the
    validator never opens a URL. Formats (uri, email) are not checked: most résumés found in
    the wild would fail on a URL without a scheme, and Atout stores no URL.
    """
    Draft4Validator.check_schema(schema())
    return Draft4Validator(schema())


# Decoding


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise ResumeRejected(
            [
                Problem(
                    "",
                    _("The file is too large; a résumé file holds 2 MB at most."),
                    "too_large",
                )
            ]
        )
    if raw.startswith(UTF8_BOM):
        raise ResumeRejected(
            [
                Problem(
                    "",
                    _(
                        "The file starts with a byte order mark (BOM). Save it again as "
                        "“UTF-8” without BOM (in Notepad: “UTF-8”, not “UTF-8 with BOM”)."
                    ),
                    "bom",
                )
            ]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ResumeRejected(
            [
                Problem(
                    "",
                    _(
                        "The file is not in UTF-8 (line %(line)d). Save it again with the "
                        "UTF-8 encoding and try again."
                    )
                    % {"line": line},
                    "encoding",
                )
            ]
        ) from None


_JSON_TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}\n]')


def _check_depth(text: str) -> None:
    """Refuse deep nesting before json.loads recurses into it (no RecursionError)."""
    depth, line = 0, 1
    for token in _JSON_TOKENS.finditer(text):
        mark = token.group()
        if mark == "\n":
            line += 1
        elif mark in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ResumeRejected(
                    [
                        Problem(
                            "",
                            _(
                                "The JSON is nested too deeply (line %(line)d): a résumé "
                                "nests %(limit)d levels at most."
                            )
                            % {"line": line, "limit": MAX_DEPTH},
                            "too_deep",
                        )
                    ]
                )
        elif mark in "]}":
            depth -= 1


class _Refused:
    """A value refused while parsing (NaN, a duplicate key), reported with its path later."""

    def __init__(self, message: str, code: str):
        self.message, self.code = message, code


def _parse_int(text: str) -> int | _Refused:
    if len(text) > MAX_NUMBER_CHARACTERS:
        return _Refused(_("This number is too long."), "number")
    return int(text)


def _parse_float(text: str) -> float | _Refused:
    value = float(text) if len(text) <= MAX_NUMBER_CHARACTERS else math.inf
    if not math.isfinite(value):
        return _Refused(_("This number is too long."), "number")
    return value


def _parse_constant(name: str) -> _Refused:
    return _Refused(_("%(value)s is not a valid JSON value.") % {"value": name}, "constant")


class _Duplicates(dict):
    """An object whose keys repeat: JSON parsers disagree on which value wins, so refuse."""

    duplicates: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    duplicates = []
    for key, value in pairs:
        if key in result:
            duplicates.append(key)
        result[key] = value
    if duplicates:
        marked = _Duplicates(result)
        marked.duplicates = duplicates
        return marked
    return result


def _path_key(key: str) -> str:
    """A key as shown in a path: short, and encodable into a page."""
    key = key[:40].encode("utf-8", "replace").decode("utf-8")
    return key if re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", key) else json.dumps(key)


def format_path(parts: Any) -> str:
    """`work[2].startDate` from ("work", 2, "startDate")."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{_path_key(part)}" if text else _path_key(part)
    return text


def _surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def _walk_refused(data: Any) -> list[Problem]:
    """Values refused while parsing, and keys or texts no page can show, with their path."""
    problems: list[Problem] = []
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack and len(problems) < MAX_PROBLEMS:
        value, path = stack.pop()
        where = format_path(path)
        if isinstance(value, _Refused):
            problems.append(Problem(where, value.message, value.code))
        elif isinstance(value, str):
            if _surrogate(value):
                problems.append(
                    Problem(where, _("This text holds an invalid character."), "character")
                )
        elif isinstance(value, dict):
            for key in getattr(value, "duplicates", []):
                problems.append(
                    Problem(
                        where,
                        _("The key “%(key)s” appears twice in this object.")
                        % {"key": _path_key(key)},
                        "duplicate_key",
                    )
                )
            for key, child in reversed(value.items()):
                if _surrogate(key):
                    problems.append(
                        Problem(where, _("A key holds an invalid character."), "character")
                    )
                    continue
                stack.append((child, (*path, key)))
        elif isinstance(value, list):
            stack.extend((child, (*path, i)) for i, child in reversed(list(enumerate(value))))
    return problems


def _parse(text: str) -> Any:
    _check_depth(text)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except json.JSONDecodeError as error:
        raise ResumeRejected(
            [
                Problem(
                    "",
                    _("This is not valid JSON (line %(line)d, column %(column)d).")
                    % {"line": error.lineno, "column": error.colno},
                    "json",
                )
            ]
        ) from None
    except RecursionError:  # pragma: no cover - _check_depth refuses first
        raise ResumeRejected(
            [Problem("", _("The JSON is nested too deeply."), "too_deep")]
        ) from None
    refused = _walk_refused(data)
    if refused:
        raise ResumeRejected(refused)
    if not isinstance(data, dict):
        raise ResumeRejected(
            [Problem("", _("A JSON Resume file holds one object, between { and }."), "type")]
        )
    return data


# Schema messages, in the person's words rather than the validator's


_TYPE_NAMES = {
    "string": gettext_lazy("text"),
    "object": gettext_lazy("an object { … }"),
    "array": gettext_lazy("a list [ … ]"),
    "number": gettext_lazy("a number"),
    "integer": gettext_lazy("a whole number"),
    "boolean": gettext_lazy("true or false"),
}


def _schema_problem(error: Any) -> Problem:
    where = format_path(error.absolute_path)
    keyword = error.validator
    if keyword == "type":
        expected = error.validator_value
        names = [
            str(_TYPE_NAMES.get(t, t))
            for t in (expected if isinstance(expected, list) else [expected])
        ]
        return Problem(
            where,
            _("Expected here: %(expected)s.") % {"expected": " / ".join(names)},
            "type",
        )
    if keyword == "pattern" and str(error.validator_value).startswith("^([1-2][0-9]{3}"):
        return Problem(where, _date_message(), "date")
    if keyword == "additionalProperties":
        extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return Problem(
            where,
            _("Unknown key: %(keys)s.") % {"keys": ", ".join(_path_key(k) for k in extras[:5])},
            "unknown_key",
        )
    return Problem(where, _("This value does not match the JSON Resume schema."), keyword)


def _date_message() -> str:
    return _("The date must have the form YYYY-MM-DD, YYYY-MM or YYYY.")


def _schema_problems(data: dict[str, Any]) -> list[Problem]:
    errors = sorted(validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [_schema_problem(error) for error in errors[:MAX_PROBLEMS]]


# Dates Atout can hold


def parse_date(value: str) -> datetime.date:
    """`2019`, `2019-05` or `2019-05-17` as a date (the first day of a partial date).

    Raises ValueError for a date that does not exist or that Atout does not hold.
    """
    parts = [int(p) for p in value.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    date = datetime.date(year, month, day)
    if not 1900 <= date.year <= 2100:
        raise ValueError(value)
    return date


def load_resume(raw: bytes) -> dict[str, Any]:
    """The file as a JSON object valid against the schema, or ResumeRejected with every problem.

    The order matters: size before decoding, encoding before parsing, nesting before
    json.loads, parsing before the schema.
    """
    data = _parse(_decode(raw))
    problems = [
        Problem(
            _path_key(key),
            _("Too many items (%(count)d); Atout imports %(limit)d at most per section.")
            % {"count": len(value), "limit": MAX_ITEMS},
            "too_many",
        )
        for key, value in data.items()
        if isinstance(value, list) and len(value) > MAX_ITEMS
    ]
    if problems:
        raise ResumeRejected(problems)
    problems = _schema_problems(data)
    if problems:
        raise ResumeRejected(problems)
    return data


DATE_KEYS = ("startDate", "endDate", "date", "releaseDate")


def date_problems(data: dict[str, Any], sections: tuple[str, ...]) -> list[Problem]:
    """Dates in the sections Atout imports that match the schema's pattern but cannot be held."""
    problems = []
    for section in sections:
        for index, item in enumerate(data.get(section) or []):
            dates = {}
            for key in DATE_KEYS:
                value = item.get(key)
                if not isinstance(value, str) or not value:
                    continue
                try:
                    dates[key] = parse_date(value)
                except ValueError:
                    problems.append(
                        Problem(
                            format_path((section, index, key)),
                            _(
                                "Atout cannot hold this date: it does not exist, or it is "
                                "before 1900 or after 2100."
                            ),
                            "date",
                        )
                    )
            if (
                "startDate" in dates
                and "endDate" in dates
                and dates["endDate"] < dates["startDate"]
            ):
                problems.append(
                    Problem(
                        format_path((section, index, "endDate")),
                        _("The end date comes before the start date."),
                        "date_order",
                    )
                )
    return problems
