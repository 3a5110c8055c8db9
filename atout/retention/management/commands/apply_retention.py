"""Apply the retention rules: destroy what reached the end of its period.

Run it once a day, from cron (`15 3 * * * cd /srv/atout && .venv/bin/python manage.py
apply_retention`) or by enqueuing the task `atout.retention.tasks.retention_apply` for the
worker (`manage.py apply_retention --enqueue`). `--dry-run` lists what would go and changes
nothing. The output gives counts and file numbers, never a name.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from atout.retention.services import apply_retention


class Command(BaseCommand):
    help = (
        "Destroy what reached the end of its retention period (run daily by cron or the "
        "worker). --dry-run lists what would be destroyed without changing anything."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Change nothing; list only")
        parser.add_argument("--today", help="Pretend today is this day (YYYY-MM-DD)")
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the run to the background worker"
        )

    def handle(self, *args, dry_run: bool, today: str | None, enqueue: bool, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today: not a date (YYYY-MM-DD): {today!r}") from None
        if enqueue:
            if dry_run or day:
                raise CommandError("--enqueue runs for real, today: no --dry-run or --today.")
            from atout.retention.tasks import retention_apply

            result = retention_apply.enqueue()
            self.stdout.write(f"Enqueued retention run {result.id}")
            return
        report = apply_retention(today=day, dry_run=dry_run)
        verb = "would destroy" if dry_run else "destroyed"
        self.stdout.write(
            f"Retention {'dry run' if dry_run else 'run'} {report.run_id} for {report.today}"
        )
        for rule in report.rules:
            line = f"- {rule.key} ({rule.record_kind}): {verb} {rule.count}"
            if rule.held:
                line += f", held {rule.held}"
            if rule.blocked:
                line += f", blocked {rule.blocked}"
            self.stdout.write(line)
            if rule.refs:
                self.stdout.write("    " + ", ".join(rule.refs))
            for problem in rule.problems:
                self.stdout.write(self.style.WARNING(f"    ! {problem}"))
        self.stdout.write(f"Total: {report.total}")
