"""Render a participant's business cards (a sheet of 10) to a PDF, from the command line.

    python manage.py render_cards 42 --variant colour --layout clean-edge-10 --out cards.pdf
    python manage.py render_cards --participant participant@atout.test --test-page \\
        --offset-x 1.5 --offset-y -0.5 --out test-page.pdf

The cards come from the passport's current content (consented contact only). Print at
actual size (100 %), with no scaling; the test page, on plain paper, shows whether the
printer needs an offset.
"""

from __future__ import annotations

import math
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atout.documents.rendering.cards import LAYOUTS, render_business_cards
from atout.passports.selectors import business_card_content, passport_for_operator
from atout.passports.services import logo_bytes

MAX_OFFSET_MM = 25.0


class Command(BaseCommand):
    help = "Render a participant's business cards (a sheet of 10) or the alignment test page."

    def add_arguments(self, parser):
        parser.add_argument("id", nargs="?", type=int, help="participant file id")
        parser.add_argument("--participant", metavar="EMAIL", help="participant's e-mail")
        parser.add_argument("--variant", choices=["colour", "copy"], default="colour")
        parser.add_argument(
            "--layout",
            default="perforated-10",
            help=f"sheet layout: {' | '.join(LAYOUTS)} (an organisation's own: not yet)",
        )
        parser.add_argument("--lang", choices=["fr", "en"], default=None)
        parser.add_argument("--test-page", action="store_true", help="outlines and crosshairs")
        parser.add_argument("--offset-x", type=float, default=0.0, metavar="MM")
        parser.add_argument("--offset-y", type=float, default=0.0, metavar="MM")
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, *args, **options):
        if (options["id"] is None) == (options["participant"] is None):
            raise CommandError("Give either a participant file id or --participant EMAIL.")
        layout = LAYOUTS.get(options["layout"])
        if layout is None:
            raise CommandError(
                f"Unknown layout {options['layout']!r}: use one of {', '.join(LAYOUTS)}. "
                "An organisation's own layout cannot be chosen from the command line yet."
            )
        offset = (options["offset_x"], options["offset_y"])
        if not all(math.isfinite(v) and abs(v) <= MAX_OFFSET_MM for v in offset):
            raise CommandError(f"Offsets are in millimetres, at most {MAX_OFFSET_MM:g} either way.")
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"Directory {out.parent} does not exist.")

        try:
            passport = passport_for_operator(pk=options["id"], email=options["participant"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        content = business_card_content(passport)
        lang = options["lang"] or ("en" if content.get("languages") == "en" else "fr")
        logo, logo_type = logo_bytes(passport)
        document, warnings = render_business_cards(
            content,
            lang=lang,
            variant=options["variant"],
            layout=layout,
            offset_mm=offset,
            test_page=options["test_page"],
            logo=logo,
            logo_type=logo_type,
        )
        out.write_bytes(document.content)
        for warning in warnings:
            self.stderr.write(self.style.WARNING(warning))
        if layout.unconfirmed:
            self.stderr.write(
                self.style.WARNING(
                    f"Layout {layout.name}: {', '.join(layout.unconfirmed)} not confirmed "
                    "against the stock's own template; print the test page first."
                )
            )
        what = "test page" if options["test_page"] else f"{options['variant']} cards"
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {out} ({what}, {layout.name}, {lang}, {len(document.content)} bytes). "
                "Print at actual size (100 %), no scaling."
            )
        )
