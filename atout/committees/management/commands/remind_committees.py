"""`manage.py remind_committees`: the daily reminder to committees (run it once a day).

Sends now by default; `--enqueue` hands the work to the django-tasks worker instead. A
transmission is reminded at most once per `ATOUT_RECOGNITION_COMMITTEE_REMINDER_DAYS`.
"""

from django.core.management.base import BaseCommand

from atout.committees import services, tasks


class Command(BaseCommand):
    help = "Remind committees of the recognition dossiers waiting for a receipt or a decision."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Enqueue the task for the worker instead"
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = tasks.remind_committees.enqueue()
            self.stdout.write(f"Reminder task enqueued ({result.id}).")
            return
        reminded = services.committees_remind()
        self.stdout.write(self.style.SUCCESS(f"{reminded} transmission(s) reminded."))
