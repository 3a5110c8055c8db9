"""Export a participant's file to a JSON Resume file, or import one into it.

    python manage.py jsonresume export 42 cv.json --lang en
    python manage.py jsonresume import --participant participant@atout.test cv.json

Export writes the accepted records and the contact details consented for employers, as the
web download does. Import checks the whole file first and refuses a bad one with the web
form's messages (one line per problem, with its JSON path), writing nothing and exiting with
status 1. A good file is imported as the operator: records are accepted (the operator answers
for the file, as with seed_demo), and each record's history gives the reason "JSON Resume
import (command line): FILE". What the file already holds is not added twice.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atout.jsonresume.importing import compare, parse_resume
from atout.jsonresume.parsing import MAX_BYTES, ResumeRejected
from atout.jsonresume.selectors import export_resume
from atout.jsonresume.services import resume_import_as_operator
from atout.participants.selectors import participant_for_operator


class Command(BaseCommand):
    help = "Export a participant's file as JSON Resume, or import a JSON Resume file into it."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("id", nargs="?", type=int, help="participant file id")
        parser.add_argument("file", help="JSON Resume file to write (export) or read (import)")
        parser.add_argument("--participant", metavar="EMAIL", help="participant's e-mail")
        parser.add_argument(
            "--lang",
            choices=["fr", "en"],
            default=None,
            help="export: language of the texts (default: the person's); import: language of "
            "the file's texts when its meta.language does not say (default: French)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="import: check and show the plan only"
        )

    def handle(self, *args, **options):
        if (options["id"] is None) == (options["participant"] is None):
            raise CommandError("Give either a participant file id or --participant EMAIL.")
        try:
            participant = participant_for_operator(pk=options["id"], email=options["participant"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        path = Path(options["file"])
        if options["action"] == "export":
            self._export(participant, path, options["lang"])
        else:
            self._import(participant, path, options["lang"], options["dry_run"])

    def _export(self, participant, path: Path, lang: str | None) -> None:
        if not path.parent.exists():
            raise CommandError(f"Directory {path.parent} does not exist.")
        lang = lang or ("en" if participant.preferred_language == "en" else "fr")
        document = export_resume(participant, lang=lang)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
        counts = ", ".join(
            f"{key} {len(value)}" for key, value in document.items() if isinstance(value, list)
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({lang}; {counts or 'no records'})."))

    def _import(self, participant, path: Path, lang: str | None, dry_run: bool) -> None:
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        with path.open("rb") as handle:
            # One byte over the limit is enough for the size check to refuse a huge file.
            raw = handle.read(MAX_BYTES + 1)
        try:
            plan = parse_resume(raw, lang=lang)
            if dry_run:
                preview = compare(plan, participant)
                for section in preview.sections:
                    for entry in section.to_add:
                        self.stdout.write(f"+ {entry.path}: {entry.label}")
                    for entry in section.present:
                        self.stdout.write(f"= {entry.path}: {entry.label} (already there)")
                for item in preview.skipped:
                    self.stdout.write(f"- {item.path}: {item.label} ({item.reason})")
                self.stdout.write(f"Dry run: {len(preview.to_add)} to add, nothing written.")
                return
            result = resume_import_as_operator(participant=participant, plan=plan, source=path.name)
        except ResumeRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{path} was not imported ({len(rejected.problems)} problem(s)); "
                "nothing was written."
            ) from None
        added = ", ".join(f"{k} {v}" for k, v in sorted(result.added.items())) or "nothing"
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path} into file {participant.pk} ({plan.lang}): added {added}; "
                f"{result.present} already there."
            )
        )
