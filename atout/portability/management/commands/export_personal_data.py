"""`python manage.py export_personal_data (ID | --participant EMAIL) --out FILE.zip`

Builds a person's copy of their data in the foreground (for a request received by mail or
at the desk, or a person without a login) and records the read in the access log, without a
user (the operator's read of the whole file).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from atout.participants.models import Participant
from atout.portability import services


class Command(BaseCommand):
    help = "Write a person's copy of their data (ZIP: JSON, JSON Resume, PDF summary, files)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("id", nargs="?", type=int, help="the file number")
        parser.add_argument("--participant", metavar="EMAIL", help="the file's or login's e-mail")
        parser.add_argument("--out", required=True, metavar="FILE.zip", help="where to write")

    def handle(self, *args, **options) -> None:
        pk, email = options["id"], options["participant"]
        if (pk is None) == (email is None):
            raise CommandError("Give either a file number or --participant EMAIL (not both).")
        out = Path(options["out"])
        if out.exists() and out.is_dir():
            raise CommandError(f"{out} is a directory; give a file name ending in .zip.")
        if not out.parent.is_dir() or not os.access(out.parent, os.W_OK):
            raise CommandError(f"Cannot write to {out.parent}: no such directory, or not allowed.")
        participant = self._participant(pk, email)
        content = services.export_for_operator(participant)
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}.") from error
        self.stdout.write(f"Wrote {out} ({len(content)} bytes) for file {participant.pk}.")

    def _participant(self, pk: int | None, email: str | None) -> Participant:
        if pk is not None:
            participant = Participant.objects.filter(pk=pk).first()
            if participant is None:
                raise CommandError(f"No participant file with number {pk}.")
            return participant
        matches = list(
            Participant.objects.filter(Q(email__iexact=email) | Q(user__email__iexact=email))
            .select_related("organisation")
            .distinct()
            .order_by("pk")
        )
        if not matches:
            raise CommandError(f"No participant file with the e-mail {email}.")
        if len(matches) > 1:
            listed = "; ".join(f"{p.pk} ({p.organisation.name})" for p in matches)
            raise CommandError(
                f"Several files use the e-mail {email}: {listed}. Give the file number instead."
            )
        return matches[0]
