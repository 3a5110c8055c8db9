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

from atout.documents.rendering.passport import render_passport_with_warnings
from atout.passports.models import PassportVersion
from atout.passports.selectors import passport_content, passport_for_operator


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

        version = (
            PassportVersion.objects.filter(
                passport=passport,
                reason__in=[PassportVersion.Reason.APPROVED, PassportVersion.Reason.PRINTED],
            )
            .order_by("-number")
            .first()
        )
        if version is not None:
            content, logo_field = version.content, version.logo
            source = f"version {version.number} ({version.get_reason_display()})"
        else:
            content, logo_field = passport_content(passport), passport.logo
            source = "current draft"

        lang = options["lang"] or ("en" if content.get("languages") == "en" else "fr")
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"Directory {out.parent} does not exist.")

        warnings: list[str] = []
        if options["fmt"] == "docx":
            from atout.documents.rendering.docx import render_passport_docx

            document = render_passport_docx(content, lang=lang)
        else:
            logo, logo_type = self._logo(logo_field)
            document, warnings = render_passport_with_warnings(
                content, lang=lang, variant=options["variant"], logo=logo, logo_type=logo_type
            )
        out.write_bytes(document.content)
        for warning in warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {out} ({source}, {lang}, {len(document.content)} bytes).")
        )

    def _logo(self, field) -> tuple[bytes | None, str | None]:
        if not field:
            return None, None
        try:
            with field.open("rb") as handle:
                data = handle.read()
        except OSError:
            self.stderr.write(self.style.WARNING("The logo file is missing; printed without it."))
            return None, None
        suffix = Path(field.name).suffix.lower().lstrip(".")
        return data, {"svg": "image/svg+xml", "png": "image/png"}.get(suffix, "image/jpeg")
