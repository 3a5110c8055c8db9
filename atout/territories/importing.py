"""Reading an FSA → CLE table from CSV: every row checked before anything is written.

The file has a header with the columns `fsa` and `cle` (the CLE's exact name, or its id);
commas or semicolons (Excel in French) separate them; UTF-8, with or without a BOM.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from atout.accounts.models import Organisation
from atout.territories.models import FsaArea, normalise_fsa

POSTAL_CODE = re.compile(r"^[A-Z][0-9][A-Z][0-9][A-Z][0-9]$")

MAX_BYTES = 1024 * 1024  # Quebec has about 420 FSAs; a megabyte is far more than enough.
MAX_ROWS = 5000
MAX_CELL = 300


@dataclass
class FsaImport:
    rows: dict[str, Organisation] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _printable(value: str) -> str:
    """A cell as it may appear in a report line: no control characters, not huge."""
    shown = "".join(c if c.isprintable() else "?" for c in value)
    return shown[:40] + ("…" if len(shown) > 40 else "")


def parse_fsa_csv(data: bytes) -> FsaImport:
    """Check every row; the result holds either the rows to write or the problems found."""
    result = FsaImport()
    if len(data) > MAX_BYTES:
        result.problems.append(f"The file is larger than {MAX_BYTES // 1024} KB.")
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.problems.append("The file is not UTF-8 text.")
        return result
    if "\x00" in text:
        result.problems.append("The file is not a text file.")
        return result
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip().casefold() for cell in next(reader)]
    except StopIteration:
        result.problems.append("The file is empty.")
        return result
    except csv.Error as error:
        result.problems.append(f"Line 1: {error}.")
        return result
    if "fsa" not in header or "cle" not in header:
        result.problems.append("Line 1: the header must name the columns “fsa” and “cle”.")
        return result
    fsa_at, cle_at = header.index("fsa"), header.index("cle")
    cles = {
        org.pk: org
        for org in Organisation.objects.filter(kind=Organisation.Kind.CLE, is_active=True)
    }
    by_name: dict[str, list[Organisation]] = {}
    for org in cles.values():
        by_name.setdefault(org.name.strip().casefold(), []).append(org)
    seen: dict[str, int] = {}
    try:
        for line, row in enumerate(reader, start=2):
            if line - 1 > MAX_ROWS:
                result.problems.append(f"More than {MAX_ROWS} rows: split the file.")
                break
            if not any(cell.strip() for cell in row):
                continue
            if len(row) <= max(fsa_at, cle_at):
                result.problems.append(f"Line {line}: a column is missing.")
                continue
            raw_fsa, raw_cle = row[fsa_at].strip(), row[cle_at].strip()
            if len(raw_fsa) > MAX_CELL or len(raw_cle) > MAX_CELL:
                result.problems.append(f"Line {line}: a cell is too long.")
                continue
            fsa = normalise_fsa(raw_fsa)
            compact = re.sub(r"[\s\-]", "", raw_fsa).upper()
            if not fsa or not (len(compact) == 3 or POSTAL_CODE.match(compact)):
                result.problems.append(
                    f"Line {line}: “{_printable(raw_fsa)}” is not an FSA (like G1R)."
                )
                continue
            cle = _find_cle(raw_cle, cles, by_name)
            if isinstance(cle, str):
                result.problems.append(f"Line {line}: {cle}")
                continue
            if fsa in seen and result.rows[fsa].pk != cle.pk:
                result.problems.append(
                    f"Line {line}: {fsa} is already given to another CLE on line {seen[fsa]}."
                )
                continue
            seen.setdefault(fsa, line)
            result.rows[fsa] = cle
    except csv.Error as error:
        result.problems.append(f"Line {reader.line_num}: {error}.")
    if not result.rows and not result.problems:
        result.problems.append("The file has no rows.")
    if result.problems:
        result.rows = {}
    return result


def _find_cle(
    raw: str, cles: dict[int, Organisation], by_name: dict[str, list[Organisation]]
) -> Organisation | str:
    if raw.isdigit() and len(raw) < 12:
        return cles.get(int(raw)) or f"no active CLE has the id {raw}."
    found = by_name.get(raw.casefold(), [])
    if len(found) == 1:
        return found[0]
    if found:
        return f"several CLEs are named “{_printable(raw)}”; give its id instead."
    return f"no active CLE is named “{_printable(raw)}”."


@transaction.atomic
def fsa_import(parsed: FsaImport) -> tuple[int, int]:
    """Write checked rows (all or nothing): (created, changed). Rows not in the file stay."""
    if not parsed.ok:
        raise ValueError("Refusing to import a file with problems.")
    existing = {area.fsa: area for area in FsaArea.objects.select_for_update()}
    created = changed = 0
    for fsa, cle in sorted(parsed.rows.items()):
        area = existing.get(fsa)
        if area is None:
            area = FsaArea(fsa=fsa, cle=cle)
            area.full_clean()
            area.save()
            created += 1
        elif area.cle_id != cle.pk:
            area.cle = cle
            area.full_clean()
            area.save()
            changed += 1
    return created, changed
