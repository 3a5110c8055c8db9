"""The daily retention job, for the worker (`manage.py db_worker`) or cron."""

from __future__ import annotations

from django_tasks import task


@task()
def retention_apply() -> int:
    """Run every retention rule for today; returns how many records went (no names)."""
    from atout.retention.services import apply_retention

    return apply_retention(dry_run=False).total
