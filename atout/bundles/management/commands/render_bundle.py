"""Make a participant's print bundle in the foreground, the same job the worker runs.

    python manage.py render_bundle 42 --copies 5 --out pochette.pdf
    python manage.py render_bundle --participant participant@atout.test --zip --out p.zip

Everything approved in the file goes in: the passport's colour original and N plain copies
(default 5), the business cards, every approved cover letter, the CV and portfolio when
approved, the wage-subsidy letter when attached.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from atout.bundles import selectors, services
from atout.bundles.models import Bundle
from atout.participants.selectors import participant_for_operator


class Command(BaseCommand):
    help = "Make a participant's print bundle (merged PDF or ZIP) in the foreground."

    def add_arguments(self, parser):
        parser.add_argument("id", nargs="?", type=int, help="participant file id")
        parser.add_argument("--participant", metavar="EMAIL", help="participant's e-mail")
        parser.add_argument("--copies", type=int, default=5, help="plain copies, 0 to 20")
        parser.add_argument("--zip", action="store_true", help="a ZIP of separate files")
        parser.add_argument("--lang", choices=["fr", "en"], default="fr")
        parser.add_argument("--layout", default="", help="card stock layout")
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, *args, **options):
        if (options["id"] is None) == (options["participant"] is None):
            raise CommandError("Give either a participant file id or --participant EMAIL.")
        if not 0 <= options["copies"] <= 20:
            raise CommandError("--copies goes from 0 to 20.")
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"Directory {out.parent} does not exist.")
        try:
            participant = participant_for_operator(pk=options["id"], email=options["participant"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        found = selectors.availability(participant)
        has_passport = found.version is not None
        chosen = {
            "colour": has_passport,
            "copies": options["copies"] if has_passport else 0,
            "cards": has_passport,
            "layout": options["layout"],
            "letters": [letter.pk for letter in found.letters],
            "cv": found.cv,
            "portfolio": found.portfolio,
            "wage_subsidy": bool(found.cle_letters),
        }
        try:
            bundle = services.bundle_create_for_operator(
                participant=participant,
                options=chosen,
                fmt="zip" if options["zip"] else "pdf",
                lang=options["lang"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            services.bundle_run(bundle.pk)
        except Exception as error:
            services.bundle_failed(bundle_id=bundle.pk, reason=f"{type(error).__name__}: {error}")
            Bundle.objects.filter(pk=bundle.pk).update(status=Bundle.Status.FAILED)
            raise CommandError(f"The bundle could not be made: {error}") from None
        bundle.refresh_from_db()
        if bundle.status != Bundle.Status.READY:
            raise CommandError(f"The bundle could not be made: {bundle.error or bundle.status}")
        with bundle.file.open("rb") as handle:
            out.write_bytes(handle.read())
        for note in bundle.notes:
            self.stderr.write(f"Left out: {note}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {out} ({bundle.get_fmt_display()}, {bundle.pages} pages, "
                f"{bundle.size} bytes)."
            )
        )
