"""`manage.py send_digests`: the daily reminder digest (run it once a day, e.g. from cron).

Sends now by default; `--enqueue` hands the work to the django-tasks worker instead. Running
it twice on one day sends nothing the second time.
"""

from django.core.management.base import BaseCommand

from atout.dashboards import services, tasks


class Command(BaseCommand):
    help = "Send the daily reminder digest to the users who asked for it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Enqueue the task for the worker instead"
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = tasks.send_digests.enqueue()
            self.stdout.write(f"Digest task enqueued ({result.id}).")
            return
        sent = services.digests_send_all()
        self.stdout.write(self.style.SUCCESS(f"{sent} digest(s) sent."))
