"""Load the FSA → CLE table from a CSV file (columns `fsa` and `cle`: the CLE's name or id).

Every row is checked first; one bad row and nothing is written, with each problem listed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atout.territories.importing import MAX_BYTES, fsa_import, parse_fsa_csv


class Command(BaseCommand):
    help = "Import the FSA → CLE table from a CSV file (columns fsa, cle)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            if file.stat().st_size > MAX_BYTES:
                raise CommandError(f"{file}: larger than {MAX_BYTES // 1024} KB.")
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}.") from None
        parsed = parse_fsa_csv(data)
        if not parsed.ok:
            for problem in parsed.problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(parsed.problems)} problem(s); nothing was imported.")
        if dry_run:
            self.stdout.write(f"{len(parsed.rows)} rows are valid; nothing written (dry run).")
            return
        created, changed = fsa_import(parsed)
        unchanged = len(parsed.rows) - created - changed
        self.stdout.write(f"FSA table: {created} added, {changed} changed, {unchanged} unchanged.")
