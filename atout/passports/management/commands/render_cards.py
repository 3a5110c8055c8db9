"""Render a participant's business cards (a sheet of 10) to a PDF, from the command line.

    python manage.py render_cards 42 --variant colour --layout clean-edge-10 --out cards.pdf
    python manage.py render_cards --participant participant@atout.test --test-page \\
        --offset-x 1.5 --offset-y -0.5 --out test-page.pdf
    python manage.py render_cards 42 --layout "Avery 8871 clean edge" --out cards.pdf

`--layout` takes a preset or the name of a layout of the file's organisation (its print
settings). The organisation's printer offset applies unless --offset-x/--offset-y are given.

The cards come from the passport's latest approved version, or from the draft passport
while none is approved (consented contact only). Print at
actual size (100 %), with no scaling; the test page, on plain paper, shows whether the
printer needs an offset.
"""

from __future__ import annotations

import math
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atout.cards.selectors import (
    card_source,
    logo_for,
    own_layouts,
    printer_offset,
    resolve_layout,
)
from atout.documents.rendering.cards import LAYOUTS, render_business_cards
from atout.passports.selectors import passport_for_operator

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
            help=f"sheet layout: {' | '.join(LAYOUTS)} | the name of the organisation's own",
        )
        parser.add_argument("--lang", choices=["fr", "en"], default=None)
        parser.add_argument("--test-page", action="store_true", help="outlines and crosshairs")
        # Default: the organisation's printer offset (its print settings).
        parser.add_argument("--offset-x", type=float, default=None, metavar="MM")
        parser.add_argument("--offset-y", type=float, default=None, metavar="MM")
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, *args, **options):
        if (options["id"] is None) == (options["participant"] is None):
            raise CommandError("Give either a participant file id or --participant EMAIL.")
        given = [v for v in (options["offset_x"], options["offset_y"]) if v is not None]
        if not all(math.isfinite(v) and abs(v) <= MAX_OFFSET_MM for v in given):
            raise CommandError(f"Offsets are in millimetres, at most {MAX_OFFSET_MM:g} either way.")
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"Directory {out.parent} does not exist.")

        try:
            passport = passport_for_operator(pk=options["id"], email=options["participant"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        organisation = passport.participant.organisation
        found = resolve_layout(organisation, options["layout"])
        if found is None:
            own = ", ".join(repr(layout.name) for layout in own_layouts(organisation))
            raise CommandError(
                f"Unknown layout {options['layout']!r}: use one of {', '.join(LAYOUTS)}"
                + (f" or one of {organisation}'s own: {own}." if own else ".")
            )
        layout = found[1]
        saved_x, saved_y = printer_offset(organisation)
        offset = (
            saved_x if options["offset_x"] is None else options["offset_x"],
            saved_y if options["offset_y"] is None else options["offset_y"],
        )
        # As on the cards page: the latest approved version, else the draft passport.
        source = card_source(participant=passport.participant)
        content = source.content
        lang = options["lang"] or ("en" if content.get("languages") == "en" else "fr")
        logo, logo_type = logo_for(source)
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
        if source.is_draft and not options["test_page"]:
            self.stderr.write(self.style.WARNING("The passport is not approved: draft content."))
        if layout.unconfirmed:
            self.stderr.write(
                self.style.WARNING(
                    f"Layout {layout.name}: {', '.join(layout.unconfirmed)} not confirmed "
                    "against the stock's own template; print the test page first."
                )
            )
        what = "test page" if options["test_page"] else f"{options['variant']} cards"
        shift = f", offset {offset[0]:g}/{offset[1]:g} mm" if any(offset) else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {out} ({what}, {layout.name}, {lang}{shift}, "
                f"{len(document.content)} bytes). "
                "Print at actual size (100 %), no scaling."
            )
        )
