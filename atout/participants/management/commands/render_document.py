"""Render one of a participant's companion documents to a file, from the command line.

    python manage.py render_document cv 42 --layout functional --lang en --out cv.pdf
    python manage.py render_document letter --participant participant@atout.test \\
        --format docx --out letter.docx

Any kind registered in `atout.documents.kinds` can be named (passport, cards, letter, cv,
portfolio); the app that owns the kind decides what prints (the latest letter, the
approved version when there is one, else the draft).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atout.documents.kinds import NothingToRender, document_kind, document_kinds
from atout.documents.rendering import RenderError
from atout.participants.selectors import participant_for_operator


class Command(BaseCommand):
    help = "Render a participant's document (cv, letter, portfolio…) to a PDF or DOCX file."

    def add_arguments(self, parser):
        kinds = [kind.key for kind in document_kinds() if kind.render is not None]
        parser.add_argument("kind", choices=kinds, help="which document")
        parser.add_argument("id", nargs="?", type=int, help="participant file id")
        parser.add_argument("--participant", metavar="EMAIL", help="participant's e-mail")
        parser.add_argument("--layout", default=None, help="e.g. chronological or functional")
        parser.add_argument("--lang", choices=["fr", "en"], default=None)
        parser.add_argument("--variant", choices=["colour", "copy"], default="colour")
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf", dest="fmt")
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, *args, **options):
        if (options["id"] is None) == (options["participant"] is None):
            raise CommandError("Give either a participant file id or --participant EMAIL.")
        kind = document_kind(options["kind"])
        if options["fmt"] not in kind.formats:
            raise CommandError(f"A {kind.key} is made only as {', '.join(kind.formats)}.")
        if options["layout"] and options["layout"] not in kind.layouts:
            allowed = ", ".join(kind.layouts) or "none"
            raise CommandError(f"Layouts for a {kind.key}: {allowed}.")
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"Directory {out.parent} does not exist.")
        try:
            participant = participant_for_operator(pk=options["id"], email=options["participant"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        try:
            document = kind.render(
                participant,
                lang=options["lang"],
                variant=options["variant"],
                fmt=options["fmt"],
                layout=options["layout"],
            )
        except NothingToRender as error:
            raise CommandError(str(error)) from None
        except RenderError as error:
            raise CommandError(f"The document could not be rendered: {error}") from None
        out.write_bytes(document.content)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {out} ({kind.key}, {len(document.content)} bytes).")
        )
