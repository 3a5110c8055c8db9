"""Create an employer share link for a participant's approved passport and print its URL.

    python manage.py share_link 42 --days 14
    python manage.py share_link --participant participant@atout.test

The URL's base comes from the ATOUT_PUBLIC_BASE_URL setting.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from atout.participants.selectors import participant_for_operator
from atout.sharing.models import DEFAULT_DAYS, MAX_DAYS
from atout.sharing.selectors import public_url
from atout.sharing.services import share_link_create_by_operator


class Command(BaseCommand):
    help = "Create a share link to a participant's approved passport and print its full URL."

    def add_arguments(self, parser):
        parser.add_argument("id", nargs="?", type=int, help="participant file id")
        parser.add_argument("--participant", metavar="EMAIL", help="participant's e-mail")
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help=f"1 to {MAX_DAYS} (default 30)"
        )
        parser.add_argument("--label", default="", help="for the file only (e.g. employer)")

    def handle(self, *args, **options):
        if (options["id"] is None) == (options["participant"] is None):
            raise CommandError("Give either a participant file id or --participant EMAIL.")
        try:
            participant = participant_for_operator(pk=options["id"], email=options["participant"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        try:
            link, token = share_link_create_by_operator(
                participant=participant, days=options["days"], label=options["label"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(f"Link {link.pk} works until {link.expires_at:%Y-%m-%d %H:%M %Z}.")
        self.stdout.write(public_url(token))
