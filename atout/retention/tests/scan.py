"""Search every table and every stored file for traces of a person (the proof test's eyes).

Tables come from `connection.introspection.table_names()` and every column of every row is
read as text (SQLite and PostgreSQL alike); stored files are walked on disk, zips opened
and PDFs read with pdftotext (their text is compressed, a byte search would see nothing).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass
class Needles:
    family_name: str
    email: str
    phone: str  # ten digits

    def patterns(self) -> list[re.Pattern]:
        digits = self.phone
        phone = rf"{digits[:3]}\D{{0,3}}{digits[3:6]}\D{{0,3}}{digits[6:]}"
        return [
            re.compile(re.escape(_plain(self.family_name))),
            re.compile(re.escape(_plain(self.email))),
            re.compile(phone),
        ]

    def found_in(self, text: str) -> bool:
        plain = _plain(text)
        return any(p.search(plain) for p in self.patterns())


@dataclass
class ScanResult:
    tables: int = 0
    rows: int = 0
    files: int = 0
    table_hits: list[str] = field(default_factory=list)
    file_hits: list[str] = field(default_factory=list)


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes | memoryview):
        raw = bytes(value)
        return raw.decode("utf-8", "ignore") + raw.decode("latin-1", "ignore")
    return str(value)


def scan_tables(needles: Needles, result: ScanResult) -> None:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            result.tables += 1
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (names from introspection)
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                result.rows += 1
                for column, value in zip(columns, row, strict=True):
                    text = _as_text(value)
                    # JSON columns escape accents (\u00e9): read them unescaped too.
                    if "\\u" in text:
                        with contextlib.suppress(UnicodeDecodeError):
                            text += text.encode("latin-1", "ignore").decode("unicode_escape")
                    if text and needles.found_in(text):
                        result.table_hits.append(f"{table}.{column}")


def _pdf_text(data: bytes) -> str:
    if not shutil.which("pdftotext"):
        return ""
    done = subprocess.run(  # noqa: S603
        [shutil.which("pdftotext"), "-q", "-", "-"], input=data, capture_output=True, check=False
    )
    return done.stdout.decode("utf-8", "ignore")


def _file_texts(name: str, data: bytes, depth: int = 0) -> list[str]:
    texts = [_as_text(data)]
    if data.startswith(b"%PDF"):
        texts.append(_pdf_text(data))
    if depth < 3 and data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    texts.append(member)
                    texts.extend(_file_texts(member, archive.read(member), depth + 1))
        except zipfile.BadZipFile:
            pass
    return texts


def scan_storage(root: Path, needles: Needles, result: ScanResult) -> None:
    if not root.exists():
        return
    for folder, _dirs, files in os.walk(root):
        for filename in files:
            path = Path(folder) / filename
            result.files += 1
            texts = [str(path.relative_to(root)), *_file_texts(filename, path.read_bytes())]
            if any(needles.found_in(t) for t in texts):
                result.file_hits.append(str(path.relative_to(root)))


def scan(root: Path, needles: Needles) -> ScanResult:
    result = ScanResult()
    scan_tables(needles, result)
    scan_storage(root, needles, result)
    return result
