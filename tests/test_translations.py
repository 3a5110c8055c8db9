"""The French catalogue: complete, in step with the source, typographically right, in use.

A gap in the catalogue shows English to French-speaking users, so an untranslated, fuzzy or
missing entry fails here rather than in front of a participant.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "atout" / "locale" / "fr_CA" / "LC_MESSAGES" / "django.po"

# What `make makemessages` reads: .py, .html and .txt files outside these directories.
SOURCE_SUFFIXES = {".py", ".html", ".txt"}
SKIPPED_DIRS = {".git", ".venv", "node_modules", "var", "vendor", "__pycache__", "locale"}

NO_BREAK_SPACES = "\u00a0\u202f"


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader (no extra dependency): entries with context, plurals and flags."""
    entries: list[Entry] = []
    current = Entry()
    seen_msgid = False
    target: tuple[str, int | None] = ("msgid", None)

    def flush() -> None:
        nonlocal current, seen_msgid
        if seen_msgid:
            entries.append(current)
        current, seen_msgid = Entry(), False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):
                continue
        if not line:
            flush()
            continue
        if line.startswith("#,"):
            if seen_msgid:
                flush()
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            name, index = target
            if index is None:
                setattr(current, name, getattr(current, name) + ast.literal_eval(line))
            else:
                current.msgstrs[index] += ast.literal_eval(line)
            continue
        keyword, _, rest = line.partition(" ")
        text = ast.literal_eval(rest)
        if keyword in ("msgctxt", "msgid") and seen_msgid:
            flush()
        current.obsolete = current.obsolete or obsolete
        if keyword == "msgctxt":
            current.msgctxt, target = text, ("msgctxt", None)
        elif keyword == "msgid":
            current.msgid, target, seen_msgid = text, ("msgid", None), True
        elif keyword == "msgid_plural":
            current.msgid_plural, target = text, ("msgid_plural", None)
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            while len(current.msgstrs) <= index:
                current.msgstrs.append("")
            current.msgstrs[index] = text
            target = ("msgstrs", index)
    flush()
    return entries


def messages(path: Path) -> list[Entry]:
    """The live entries: no header, no obsolete ones."""
    return [e for e in parse_po(path) if e.msgid and not e.obsolete]


def describe_key(key: tuple[str | None, str]) -> str:
    context, msgid = key
    return f"[{context}] {msgid!r}" if context else repr(msgid)


def describe(entry: Entry) -> str:
    return describe_key(entry.key)


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return messages(PO_FILE)


def test_po_reader_handles_context_plurals_flags_and_obsolete_entries(tmp_path):
    sample = tmp_path / "sample.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr_CA\\n"\n\n'
        '#, fuzzy\nmsgctxt "pagination"\nmsgid "Next"\nmsgstr "Suivante"\n\n'
        'msgid "Next"\nmsgstr ""\n"Suivant"\n\n'
        '#, python-format\nmsgid "%(n)s file"\nmsgid_plural "%(n)s files"\n'
        'msgstr[0] "%(n)s dossier"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Parti"\n',
        encoding="utf-8",
    )
    entries = parse_po(sample)
    assert [e.key for e in entries] == [
        (None, ""),
        ("pagination", "Next"),
        (None, "Next"),
        (None, "%(n)s file"),
        (None, "Gone"),
    ]
    assert "fuzzy" in entries[1].flags and "fuzzy" not in entries[2].flags
    assert entries[2].msgstrs == ["Suivant"]
    assert entries[3].msgid_plural == "%(n)s files"
    assert entries[3].msgstrs == ["%(n)s dossier", ""]
    assert [e.msgid for e in messages(sample)] == ["Next", "Next", "%(n)s file"]


# --- (a) complete ---------------------------------------------------------------------------


def test_catalogue_header_has_french_plural_rule():
    header = next(e for e in parse_po(PO_FILE) if e.msgid == "" and not e.obsolete)
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in header.msgstrs[0]
    assert "fuzzy" not in header.flags


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    assert len(catalogue) > 100, "the catalogue looks truncated or was not parsed"
    untranslated = [
        describe(e)
        for e in catalogue
        if not e.msgstrs or any(not s for s in e.msgstrs) or (e.msgid_plural and len(e.msgstrs) < 2)
    ]
    fuzzy = [describe(e) for e in catalogue if "fuzzy" in e.flags]
    assert not untranslated, "Untranslated entries:\n" + "\n".join(untranslated)
    assert not fuzzy, "Fuzzy entries (check the wording, then remove the flag):\n" + "\n".join(
        fuzzy
    )


def test_msgfmt_agrees_the_catalogue_is_complete():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext is not installed (make system-test installs it)")
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


# --- (b) in step with the source ------------------------------------------------------------


def _copy_sources(destination: Path) -> None:
    """Copy only the files makemessages reads, so the real tree is never written to."""
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith(".")]
        relative = Path(dirpath).relative_to(ROOT)
        for name in filenames:
            if Path(name).suffix in SOURCE_SUFFIXES:
                target = destination / relative / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(dirpath) / name, target)


def test_catalogue_is_up_to_date_with_the_source(tmp_path, monkeypatch, settings, catalogue):
    if shutil.which("xgettext") is None or shutil.which("msguniq") is None:
        pytest.fail("GNU gettext is required to check the catalogue (make system-test)")
    work = tmp_path / "tree"
    _copy_sources(work)
    locale_dir = work / "atout" / "locale"
    locale_dir.mkdir(parents=True)
    settings.LOCALE_PATHS = [locale_dir]
    monkeypatch.chdir(work)
    # Same options as `make makemessages`, run on the copy.
    call_command(
        "makemessages",
        locale=["fr_CA"],
        no_obsolete=True,
        add_location="file",
        ignore_patterns=[".venv", "node_modules", "var"],
        verbosity=0,
    )
    extracted = messages(locale_dir / "fr_CA" / "LC_MESSAGES" / "django.po")
    assert extracted, "makemessages extracted nothing; the copy of the source is incomplete"
    in_source = {e.key for e in extracted}
    committed = {e.key for e in catalogue}
    plural_source = {e.key: e.msgid_plural for e in extracted}
    plural_committed = {e.key: e.msgid_plural for e in catalogue}

    missing = sorted(map(describe_key, in_source - committed))
    stale = sorted(map(describe_key, committed - in_source))
    plural_changed = sorted(
        describe_key(k) for k in in_source & committed if plural_source[k] != plural_committed[k]
    )
    problems = []
    if missing:
        problems.append("Missing from the catalogue:\n" + "\n".join(f"  {m}" for m in missing))
    if plural_changed:
        problems.append("Plural form changed:\n" + "\n".join(f"  {m}" for m in plural_changed))
    if stale:
        problems.append("No longer in the source:\n" + "\n".join(f"  {m}" for m in stale))
    assert not problems, (
        "The catalogue is out of date; run `make makemessages`, translate, then `make messages`.\n"
        + "\n".join(problems)
    )


# --- (d) typography and placeholders --------------------------------------------------------

PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")


def _translations(catalogue: list[Entry]):
    for entry in catalogue:
        for msgstr in entry.msgstrs:
            yield entry, msgstr


def test_french_punctuation_uses_no_break_spaces(catalogue):
    rules = [
        (re.compile(r" :"), "plain space before « : » (use U+00A0)"),
        (re.compile(rf"[^\s{NO_BREAK_SPACES}]:(?=\s|$)"), "no space before « : »"),
        (re.compile(r"« |«(?=[^\u00a0\u202f])"), "« must be followed by U+00A0 or U+202F"),
        (re.compile(r" »|(?<=[^\u00a0\u202f])»"), "» must be preceded by U+00A0 or U+202F"),
        (re.compile(rf"[ {NO_BREAK_SPACES}][;!?]"), "no space before ; ! ? in Quebec usage"),
    ]
    errors = [
        f"{describe(entry)} -> {msgstr!r}: {why}"
        for entry, msgstr in _translations(catalogue)
        for pattern, why in rules
        if pattern.search(msgstr)
    ]
    assert not errors, "\n".join(errors)


def test_colon_msgid_is_a_no_break_space_and_colon(catalogue):
    colon = next(e for e in catalogue if e.msgid == ":" and e.msgctxt is None)
    assert colon.msgstrs == ["\u00a0:"]


def test_placeholders_are_kept(catalogue):
    errors = []
    for entry, msgstr in _translations(catalogue):
        expected = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            expected |= set(PLACEHOLDER.findall(entry.msgid_plural))
        if set(PLACEHOLDER.findall(msgstr)) != expected:
            errors.append(f"{describe(entry)} -> {msgstr!r}")
    assert not errors, "Placeholders differ:\n" + "\n".join(errors)


def test_no_truncated_inclusive_forms(catalogue):
    truncated = re.compile(r"\w\((e|ère|ice|euse|ne|te)s?\)|\w[·.](e|ère|rice|euse)s?\b")
    errors = [f"{describe(e)} -> {s!r}" for e, s in _translations(catalogue) if truncated.search(s)]
    assert not errors, "Use epicene words or full doublets:\n" + "\n".join(errors)


# --- (c) the pages speak French -------------------------------------------------------------


def test_runtime_catalogue_is_compiled_and_loaded():
    with translation.override("fr-ca"):
        assert translation.gettext("Password") == "Mot de passe"
        assert translation.ngettext("%(total)s file", "%(total)s files", 2) == "%(total)s dossiers"
        assert translation.ngettext("%(total)s file", "%(total)s files", 1) == "%(total)s dossier"


@pytest.mark.django_db
def test_login_page_in_quebec_french(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr-ca"' in page or 'lang="fr' in page
    for text in ("Courriel", "Mot de passe", "Se connecter à Atout"):
        assert text in page
    assert "E-mail" not in page
    assert "Password" not in page


@pytest.mark.django_db
def test_login_page_in_english(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("E-mail", "Password", "Log in to Atout"):
        assert text in page
    assert "Mot de passe" not in page


@pytest.mark.django_db
def test_failed_login_error_in_french(client):
    response = client.post(
        reverse("accounts:login"),
        {"username": "personne@exemple.ca", "password": "pas-le-bon"},
        HTTP_ACCEPT_LANGUAGE="fr-CA",
    )
    page = response.content.decode()
    assert "ne correspondent pas" in page


@pytest.mark.django_db
def test_missing_page_in_french(client):
    response = client.get("/page-qui-n-existe-pas/", HTTP_ACCEPT_LANGUAGE="fr-CA")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_caseload_in_french(client_for, counsellor, participant):
    response = client_for(counsellor).get(
        reverse("participants:caseload"), HTTP_ACCEPT_LANGUAGE="fr-CA"
    )
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Dossiers", "Se déconnecter", "Conseillère ou conseiller", "1 dossier"):
        assert text in page
    assert "Caseload" not in page
    assert "Log out" not in page


def test_first_of_the_month_is_an_ordinal_in_french():
    import datetime

    from atout.formats.dates import date_format

    first = datetime.date(2026, 3, 1)
    assert date_format(first, lang="fr-ca") == "1er mars 2026"
    assert date_format(datetime.date(2026, 3, 12), lang="fr-ca") == "12 mars 2026"
    assert date_format(first, "SHORT_DATE_FORMAT", lang="fr-ca") == "2026-03-01"
    assert date_format(first, lang="en") == "March 1, 2026"
    with translation.override("fr-ca"):
        at = datetime.datetime(2026, 3, 1, 14, 30)
        assert date_format(at, "DATETIME_FORMAT") == "1er mars 2026, 14\u00a0h\u00a030"


@pytest.mark.django_db
def test_pages_print_the_first_of_the_month_as_1er(client_for, counsellor, participant):
    import datetime

    participant.opened_on = datetime.date(2026, 3, 1)
    participant.save(update_fields=["opened_on"])
    response = client_for(counsellor).get(
        reverse("participants:detail", kwargs={"pk": participant.pk}), HTTP_ACCEPT_LANGUAGE="fr-CA"
    )
    page = response.content.decode()
    assert "1er mars 2026" in page
    assert "1 mars 2026" not in page


# Fails until the lead converts the catalogue's straight apostrophes when merging the
# pending .po files (issue 8, 5b): then every French msgstr uses ’ only.
def test_french_uses_the_typographic_apostrophe(catalogue):
    errors = [
        f"{describe(entry)} -> {msgstr!r}"
        for entry, msgstr in _translations(catalogue)
        if "'" in msgstr
    ]
    assert not errors, "Straight apostrophe (use ’):\n" + "\n".join(errors)
