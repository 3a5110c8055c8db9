"""Heartbeats of the task workers and the reaper of jobs whose worker died.

django-tasks-db marks a job RUNNING when a worker claims it and never looks at it again:
a worker killed mid-job (SIGKILL, a lost machine) leaves the job RUNNING forever. Each
worker here writes a heartbeat row every ATOUT_TASK_HEARTBEAT_SECONDS; every worker, on
each beat, puts back to READY the RUNNING jobs whose last worker has not been seen for
ATOUT_TASK_STALE_SECONDS, so a live worker runs them again. After ATOUT_TASK_MAX_CLAIMS
claims the job is FAILED instead. The jobs are idempotent (a passport version's PDFs are
recorded once, a bundle is claimed by attempt), so a job that ran partly is safe to rerun.

A task may register a hook (LOST_HOOKS) to bring its own rows back in step in the same
transaction: a bundle RUNNING for the dead worker goes back to QUEUED so the rerun claims it.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from atout.workers.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

RUNNING = "RUNNING"
READY = "READY"
FAILED = "FAILED"
LOST_CLASS = "atout.workers.reaper.WorkerLost"

# task path -> "module.function(args, kwargs, *, final)" called inside the reaper's transaction.
LOST_HOOKS = {
    "atout.bundles.tasks.bundle_make": "atout.bundles.services.bundle_worker_lost",
    "atout.passports.tasks.passport_version_render": (
        "atout.passports.services.passport_version_worker_lost"
    ),
}


class WorkerLost(Exception):  # noqa: N818 - the name says what happened to the job
    """The worker running the job stopped beating."""


def heartbeat(worker_id: str, *, now: datetime | None = None) -> None:
    """This worker is alive (a row per worker, written in its own short transaction)."""
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "host": socket.gethostname()[:200],
                "pid": os.getpid(),
                "started_at": now,
                "seen_at": now,
            },
        )


def heartbeat_forget(worker_id: str) -> None:
    """A worker stopping cleanly says so: a job it left unfinished is reaped at once."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _live_workers(stale_before: datetime) -> set[str]:
    return set(
        WorkerHeartbeat.objects.filter(seen_at__gte=stale_before).values_list(
            "worker_id", flat=True
        )
    )


def tasks_reap_stale(*, now: datetime | None = None) -> dict[str, int]:
    """Put back (or fail) every RUNNING job whose worker stopped beating.

    A job is left alone while its worker's heartbeat is recent, and for its first
    ATOUT_TASK_STALE_SECONDS (its worker may not have beaten yet). Returns the counts.
    """
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.ATOUT_TASK_STALE_SECONDS)
    candidates = list(
        DBTaskResult.objects.filter(status=RUNNING, started_at__lt=stale_before).values_list(
            "pk", "worker_ids"
        )
    )
    counts = {"requeued": 0, "failed": 0}
    if not candidates:
        return counts
    live = _live_workers(stale_before)
    for pk, worker_ids in candidates:
        if worker_ids and worker_ids[-1] in live:
            continue
        outcome = _reap_one(pk, live=live, stale_before=stale_before, now=now)
        if outcome:
            counts[outcome] += 1
    return counts


def _reap_one(pk: Any, *, live: set[str], stale_before: datetime, now: datetime) -> str | None:
    """One job, under its row lock (skipped if a worker holds it right now)."""
    with transaction.atomic():
        result = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=RUNNING, started_at__lt=stale_before)
            .first()
        )
        if result is None or (result.worker_ids and result.worker_ids[-1] in live):
            return None
        final = len(result.worker_ids) >= settings.ATOUT_TASK_MAX_CLAIMS
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if final:
            result.status = FAILED
            result.finished_at = now
            result.exception_class_path = LOST_CLASS
            result.traceback = f"WorkerLost: worker {worker} stopped during the job\n"
            result.save(
                update_fields=["status", "finished_at", "exception_class_path", "traceback"]
            )
        else:
            result.status = READY
            result.save(update_fields=["status"])
        hook = LOST_HOOKS.get(result.task_path)
        if hook:
            import_string(hook)(
                result.args_kwargs.get("args", []), result.args_kwargs.get("kwargs", {}), final
            )
    logger.warning(
        "task worker lost",
        extra={
            "event": "task_reaped",
            "task": str(pk),
            "task_path": result.task_path,
            "worker": worker,
            "claims": len(result.worker_ids),
            "final": final,
        },
    )
    return "failed" if final else "requeued"
