"""CSV cells a spreadsheet will not run as formulas (OWASP "CSV injection").

Every CSV export writes through `writer()`. A cell starting with = + - @, a tab or a carriage
return gets a leading apostrophe, which spreadsheets show as text. Cells that already start
with apostrophes before such a character get one more, so `restore()` (used by the imports
that read our own exports back) undoes exactly what `neutralise()` did: "-5 ans" exports as
"'-5 ans" and imports again as "-5 ans".
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

_TRIGGER = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(value: Any) -> Any:
    """The cell as a spreadsheet must show it: text, never a formula."""
    if isinstance(value, str) and _TRIGGER.match(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The value `neutralise()` was given (for a cell read back from our own export)."""
    if _ESCAPED.match(value):
        return value[1:]
    return value


class _SafeWriter:
    def __init__(self, out: Any, **kwargs: Any):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: Any, **kwargs: Any) -> _SafeWriter:
    """`csv.writer` whose every cell goes through `neutralise()`."""
    return _SafeWriter(out, **kwargs)
