"""Framework import and export (JSON and CSV), validated whole before anything is written.

A bad file never half-imports: every problem is collected with its line (CSV) or its
location (JSON), and the import stops before touching the database.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from atout.accounts.validators import no_control_characters
from atout.common import csv_cells

MAX_IMPORT_BYTES = 2 * 1024 * 1024
CSV_COLUMNS = [
    "family_code",
    "family_name_fr",
    "family_name_en",
    "competency_code",
    "competency_name_fr",
    "competency_name_en",
    "definition_fr",
    "definition_en",
    "indicator_code",
    "indicator_fr",
    "indicator_en",
]
_LIMITS = {"code": 30, "name": 200, "definition": 2000, "text": 300}
# A framework file is 8 levels deep (file, families, family, competencies, competency,
# indicators, indicator, text); anything deeper is not a framework.
MAX_DEPTH = 10
# Only the scale holds numbers (0 to 4); longer digit strings would also hit Python's
# 4,300-digit int conversion limit, a ValueError json.loads does not turn into a JSONDecodeError.
MAX_NUMBER_CHARACTERS = 20
_META_LIMITS = {
    "code": 30,
    "version": 20,
    "name_fr": 200,
    "name_en": 200,
    "source_fr": 2000,
    "source_en": 2000,
}


@dataclass
class ImportProblem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where} — {self.message}"


@dataclass
class ParsedFramework:
    """A framework as plain data: {"families": [{..., "competencies": [{..., "indicators"}]}]}."""

    meta: dict[str, Any]
    families: list[dict[str, Any]]
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def competency_count(self) -> int:
        return sum(len(f["competencies"]) for f in self.families)


def decode(raw: bytes) -> tuple[str | None, ImportProblem | None]:
    if len(raw) > MAX_IMPORT_BYTES:
        return None, ImportProblem(
            _("file"), _("The file is too large (2 MB at most for a framework).")
        )
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, ImportProblem(
            _("line %(line)d") % {"line": line},
            _("The file is not in UTF-8. Save it as “CSV UTF-8” and try again."),
        )


def _check_text(value: Any, where: str, label: str, limit: int, required: bool, problems):
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(ImportProblem(where, _("%(field)s must be text.") % {"field": label}))
        return ""
    value = value.strip()
    if required and not value:
        problems.append(ImportProblem(where, _("%(field)s is missing.") % {"field": label}))
    elif len(value) > limit:
        problems.append(
            ImportProblem(
                where,
                _("%(field)s is too long (%(limit)d characters at most).")
                % {"field": label, "limit": limit},
            )
        )
        return ""
    else:
        try:
            no_control_characters(value)
        except Exception:
            problems.append(
                ImportProblem(
                    where,
                    _("%(field)s contains invisible control characters.") % {"field": label},
                )
            )
            # Never echoed back: a lone surrogate cannot even be encoded into the page.
            return ""
    return value


def _validate_tree(parsed: ParsedFramework, where_of) -> None:
    """Shared checks: unique codes, required texts, lengths."""
    problems = parsed.problems
    family_codes: set[str] = set()
    competency_codes: set[str] = set()
    for fi, family in enumerate(parsed.families):
        where = where_of(family, f"families[{fi}]")
        family["code"] = _check_text(family.get("code"), where, "family_code", 30, True, problems)
        if family["code"] and family["code"] in family_codes:
            problems.append(ImportProblem(where, _("Family code %(code)s appears twice.") % family))
        family_codes.add(family["code"])
        for key in ("name_fr", "name_en"):
            family[key] = _check_text(
                family.get(key), where, f"family_{key}", _LIMITS["name"], key == "name_fr", problems
            )
        for key in ("intro_fr", "intro_en"):
            family[key] = _check_text(
                family.get(key), where, f"family_{key}", _LIMITS["definition"], False, problems
            )
        for ci, comp in enumerate(family["competencies"]):
            where = where_of(comp, f"families[{fi}].competencies[{ci}]")
            comp["code"] = _check_text(
                comp.get("code"), where, "competency_code", 30, True, problems
            )
            if comp["code"] and comp["code"] in competency_codes:
                problems.append(
                    ImportProblem(
                        where, _("Competency code %(code)s appears twice.") % {"code": comp["code"]}
                    )
                )
            competency_codes.add(comp["code"])
            for key, limit, required in (
                ("name_fr", _LIMITS["name"], True),
                ("name_en", _LIMITS["name"], False),
                ("definition_fr", _LIMITS["definition"], False),
                ("definition_en", _LIMITS["definition"], False),
            ):
                comp[key] = _check_text(
                    comp.get(key), where, f"competency_{key}", limit, required, problems
                )
            indicator_codes: set[str] = set()
            for ii, indicator in enumerate(comp.get("indicators", [])):
                where = where_of(indicator, f"{where}.indicators[{ii}]")
                indicator["code"] = _check_text(
                    indicator.get("code"), where, "indicator_code", 40, True, problems
                )
                if indicator["code"] and indicator["code"] in indicator_codes:
                    problems.append(
                        ImportProblem(
                            where,
                            _("Indicator code %(code)s appears twice.")
                            % {"code": indicator["code"]},
                        )
                    )
                indicator_codes.add(indicator["code"])
                for key in ("text_fr", "text_en"):
                    indicator[key] = _check_text(
                        indicator.get(key),
                        where,
                        f"indicator_{key}",
                        _LIMITS["text"],
                        key == "text_fr",
                        problems,
                    )


class _Refused:
    """A JSON value refused while parsing (NaN, a huge number), reported later with its path."""

    def __init__(self, message: str):
        self.message = message


def _number_too_long() -> _Refused:
    return _Refused(_("This number is too long."))


def _parse_int(text: str) -> int | _Refused:
    return int(text) if len(text) <= MAX_NUMBER_CHARACTERS else _number_too_long()


def _parse_float(text: str) -> float | _Refused:
    if len(text) > MAX_NUMBER_CHARACTERS:
        return _number_too_long()
    value = float(text)
    return value if math.isfinite(value) else _number_too_long()


def _parse_constant(name: str) -> _Refused:
    # json.loads accepts NaN, Infinity and -Infinity, which are not JSON.
    return _Refused(_("%(value)s is not a valid JSON value.") % {"value": name})


def _path_key(key: str) -> str:
    """A JSON key as shown in a problem's path: short, and encodable into the page."""
    return key[:40].encode("utf-8", "replace").decode("utf-8")


def _refused_values(data: Any) -> list[ImportProblem]:
    """Values refused while parsing, and nesting deeper than a framework, with their path.

    Walked with a stack, not recursion: the file decides how deep it goes.
    """
    problems: list[ImportProblem] = []
    stack: list[tuple[Any, str, int]] = [(data, "", 1)]
    while stack and len(problems) < 100:
        value, path, depth = stack.pop()
        if isinstance(value, _Refused):
            problems.append(ImportProblem(path or _("file"), value.message))
        elif isinstance(value, dict | list) and depth > MAX_DEPTH:
            problems.append(
                ImportProblem(path, _("The JSON is nested too deeply for a framework."))
            )
        elif isinstance(value, dict):
            stack.extend(
                (child, f"{path}.{_path_key(key)}" if path else _path_key(key), depth + 1)
                for key, child in reversed(value.items())
            )
        elif isinstance(value, list):
            stack.extend(
                (child, f"{path}[{index}]", depth + 1)
                for index, child in reversed(list(enumerate(value)))
            )
    return problems


_JSON_TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}\n]')


def _too_deep_at(text: str) -> tuple[int, int]:
    """Line and column where the nesting first goes deeper than a framework."""
    depth, line, line_start = 0, 1, 0
    for token in _JSON_TOKENS.finditer(text):
        mark = token.group()
        if mark == "\n":
            line, line_start = line + 1, token.end()
        elif mark in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, token.start() - line_start + 1
        elif mark in "]}":
            depth -= 1
    return line, 1


def _check_scale(scale: Any, problems: list[ImportProblem]) -> list[dict[str, Any]]:
    """The answer scale: at most ten levels, each a value from 0 to 4 with its labels."""
    if scale in (None, ""):
        return []
    if not isinstance(scale, list) or len(scale) > 10:
        problems.append(ImportProblem("scale", _("The scale must be a list of at most 10 levels.")))
        return []
    levels = []
    for index, item in enumerate(scale):
        where = f"scale[{index}]"
        if not isinstance(item, dict):
            problems.append(ImportProblem(where, _("A level must be an object.")))
            continue
        value = item.get("value")
        if type(value) is not int or not 0 <= value <= 4:
            problems.append(
                ImportProblem(
                    f"{where}.value", _("The value of a level is a whole number from 0 to 4.")
                )
            )
            continue
        level: dict[str, Any] = {"value": value}
        for key in ("label_fr", "label_en", "hint_fr", "hint_en"):
            level[key] = _check_text(
                item.get(key), where, key, _LIMITS["text"], key == "label_fr", problems
            )
        levels.append(level)
    return levels


def _looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def parse_upload(raw: bytes) -> ParsedFramework:
    """A file as uploaded: JSON if its first character (after a byte-order mark) says so."""
    text, problem = decode(raw)
    if problem:
        return ParsedFramework({}, [], [problem])
    return _parse_json_text(text) if _looks_like_json(text) else _parse_csv_text(text)


def parse_json(raw: bytes) -> ParsedFramework:
    text, problem = decode(raw)
    if problem:
        return ParsedFramework({}, [], [problem])
    return _parse_json_text(text)


def _parse_json_text(text: str) -> ParsedFramework:
    try:
        data = json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except json.JSONDecodeError as error:
        return ParsedFramework(
            {},
            [],
            [
                ImportProblem(
                    _("line %(line)d") % {"line": error.lineno},
                    _("The JSON is not valid near column %(column)d.") % {"column": error.colno},
                )
            ],
        )
    except RecursionError:
        line, column = _too_deep_at(text)
        return ParsedFramework(
            {},
            [],
            [
                ImportProblem(
                    _("line %(line)d") % {"line": line},
                    _("The JSON is nested too deeply for a framework (column %(column)d).")
                    % {"column": column},
                )
            ],
        )
    refused = _refused_values(data)
    if refused:
        return ParsedFramework({}, [], refused)
    if not isinstance(data, dict) or not isinstance(data.get("families"), list):
        return ParsedFramework(
            {}, [], [ImportProblem(_("file"), _("A “families” list is expected."))]
        )
    problems: list[ImportProblem] = []
    meta = {
        key: _check_text(data.get(key), key, key, limit, False, problems)
        for key, limit in _META_LIMITS.items()
    }
    meta["scale"] = _check_scale(data.get("scale"), problems)
    families = []
    for fi, family in enumerate(data["families"]):
        if not isinstance(family, dict) or not isinstance(family.get("competencies", []), list):
            problems.append(ImportProblem(f"families[{fi}]", _("A family must be an object.")))
            continue
        comps = []
        for ci, comp in enumerate(family.get("competencies", [])):
            where = f"families[{fi}].competencies[{ci}]"
            if not isinstance(comp, dict) or not isinstance(comp.get("indicators", []), list):
                problems.append(
                    ImportProblem(
                        where, _("A competency must be an object with an “indicators” list.")
                    )
                )
                continue
            indicators = []
            for ii, indicator in enumerate(comp.get("indicators", [])):
                if isinstance(indicator, dict):
                    indicators.append(indicator)
                else:
                    problems.append(
                        ImportProblem(
                            f"{where}.indicators[{ii}]", _("An indicator must be an object.")
                        )
                    )
            comps.append({**comp, "indicators": indicators})
        families.append({**family, "competencies": comps})
    parsed = ParsedFramework(meta, families, problems)
    _validate_tree(parsed, lambda _obj, path: path)
    return parsed


def parse_csv(raw: bytes) -> ParsedFramework:
    """One row per indicator; family and competency columns repeat on each row."""
    text, problem = decode(raw)
    if problem:
        return ParsedFramework({}, [], [problem])
    return _parse_csv_text(text)


def _parse_csv_text(text: str) -> ParsedFramework:
    # The delimiter is the one the header row uses most (a spreadsheet in French saves with
    # ";"). Not csv.Sniffer: it takes the apostrophe that keeps an exported "=..." cell inert
    # for a quote character, and cells come apart.
    header = text[:4096].partition("\n")[0]
    delimiter = max(",;\t", key=header.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=csv.excel, delimiter=delimiter)
    try:
        return _parse_rows(reader)
    except csv.Error:
        return ParsedFramework(
            {},
            [],
            [
                ImportProblem(
                    _("line %(line)d") % {"line": reader.line_num or 1},
                    _("The CSV file is malformed here (a quote or a line break out of place)."),
                )
            ],
        )


def _parse_rows(reader: csv.DictReader) -> ParsedFramework:
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        return ParsedFramework(
            {},
            [],
            [
                ImportProblem(
                    _("line %(line)d") % {"line": 1},
                    _("Missing columns: %(columns)s. Expected: %(expected)s.")
                    % {"columns": ", ".join(missing), "expected": ", ".join(CSV_COLUMNS)},
                )
            ],
        )
    families: dict[str, dict] = {}
    problems: list[ImportProblem] = []
    lines: dict[int, int] = {}
    seen_indicators: set[tuple[str, str]] = set()
    for row in reader:
        line = reader.line_num
        # Cells come back as exported: undo the apostrophe that keeps formulas inert.
        row = {
            (k or "").strip(): csv_cells.restore(v or "") for k, v in row.items() if k is not None
        }
        if not any(row.values()):
            continue
        fcode = row["family_code"].strip()
        family = families.setdefault(
            fcode,
            {
                "code": fcode,
                "name_fr": row["family_name_fr"],
                "name_en": row["family_name_en"],
                "competencies": [],
                "_comps": {},
            },
        )
        lines.setdefault(id(family), line)
        ccode = row["competency_code"].strip()
        comp = family["_comps"].get(ccode)
        if comp is None:
            comp = {
                "code": ccode,
                "name_fr": row["competency_name_fr"],
                "name_en": row["competency_name_en"],
                "definition_fr": row["definition_fr"],
                "definition_en": row["definition_en"],
                "indicators": [],
            }
            family["_comps"][ccode] = comp
            family["competencies"].append(comp)
            lines[id(comp)] = line
        if row["indicator_code"].strip() or row["indicator_fr"].strip():
            key = (ccode, row["indicator_code"].strip())
            if key in seen_indicators:
                problems.append(
                    ImportProblem(
                        _("line %(line)d") % {"line": line},
                        _("Indicator code %(code)s appears twice.") % {"code": key[1]},
                    )
                )
                continue
            seen_indicators.add(key)
            indicator = {
                "code": row["indicator_code"],
                "text_fr": row["indicator_fr"],
                "text_en": row["indicator_en"],
            }
            lines[id(indicator)] = line
            comp["indicators"].append(indicator)
    for family in families.values():
        family.pop("_comps")
    parsed = ParsedFramework({}, list(families.values()), problems)

    def where_of(obj, path):
        line = lines.get(id(obj))
        return _("line %(line)d") % {"line": line} if line else path

    _validate_tree(parsed, where_of)
    return parsed


def export_json(framework) -> dict[str, Any]:
    families = []
    for family in framework.families.all():
        comps = []
        for comp in family.competencies.all():
            comps.append(
                {
                    "code": comp.code,
                    "name_fr": comp.name_fr,
                    "name_en": comp.name_en,
                    "definition_fr": comp.definition_fr,
                    "definition_en": comp.definition_en,
                    "indicators": [
                        {"code": i.code, "text_fr": i.text_fr, "text_en": i.text_en}
                        for i in comp.indicators.all()
                    ],
                }
            )
        families.append(
            {
                "code": family.code,
                "name_fr": family.name_fr,
                "name_en": family.name_en,
                "intro_fr": family.intro_fr,
                "intro_en": family.intro_en,
                "competencies": comps,
            }
        )
    return {
        "code": framework.code,
        "version": framework.version,
        "name_fr": framework.name_fr,
        "name_en": framework.name_en,
        "source_fr": framework.source_fr,
        "source_en": framework.source_en,
        "scale": framework.scale,
        "families": families,
    }


def export_csv(framework) -> str:
    out = io.StringIO()
    writer = csv_cells.writer(out)
    writer.writerow(CSV_COLUMNS)
    for family in export_json(framework)["families"]:
        for comp in family["competencies"]:
            base = [
                family["code"],
                family["name_fr"],
                family["name_en"],
                comp["code"],
                comp["name_fr"],
                comp["name_en"],
                comp["definition_fr"],
                comp["definition_en"],
            ]
            for indicator in comp["indicators"] or [{"code": "", "text_fr": "", "text_en": ""}]:
                writer.writerow(
                    [*base, indicator["code"], indicator["text_fr"], indicator["text_en"]]
                )
    return out.getvalue()
