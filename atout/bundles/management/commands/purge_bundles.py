"""Remove print bundles past their keeping time, and recover jobs whose worker died.

Run it from cron (e.g. hourly): each finished bundle also schedules its own removal in the
task queue; this command is the safety net (a queue emptied, a worker down).
"""

from django.core.management.base import BaseCommand

from atout.bundles.services import bundles_purge


class Command(BaseCommand):
    help = (
        "Remove expired print bundles' files; retry or fail bundles whose worker died; "
        "delete files no bundle names."
    )

    def handle(self, *args, **options):
        done = bundles_purge()
        self.stdout.write(
            f"{done['expired']} bundle(s) removed, {done['recovered']} stalled job(s) recovered, "
            f"{done['orphans']} orphan file(s) deleted."
        )
