"""Render a participant's passport to a file, from the command line.

    python manage.py render_passport 42 --variant copy --lang en --out passport.pdf
    python manage.py render_passport --participant participant@atout.test --variant colour \\
        --format docx --out passport.docx

Prints the latest approved (or printed) version, exactly as it was frozen; when none was
approved yet, the current draft.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atout.passports.selectors import passport_document, passport_for_operator


class Command(BaseCommand):
    help = "Render a participant's passport (latest approved version, else the draft)."

    def add_arguments(self, parser):
        parser.add_argument("id", nargs="?", type=int, help="participant file id")
        parser.add_argument("--participant", metavar="EMAIL", help="participant's e-mail")
        parser.add_argument("--variant", choices=["colour", "copy"], required=True)
        parser.add_argument("--lang", choices=["fr", "en"], default=None)
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf", dest="fmt")
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, *args, **options):
        if (options["id"] is None) == (options["participant"] is None):
            raise CommandError("Give either a participant file id or --participant EMAIL.")
        try:
            passport = passport_for_operator(pk=options["id"], email=options["participant"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"Directory {out.parent} does not exist.")
        document, warnings, source = passport_document(
            passport, lang=options["lang"], variant=options["variant"], fmt=options["fmt"]
        )
        out.write_bytes(document.content)
        for warning in warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {out} ({source}, {len(document.content)} bytes).")
        )
