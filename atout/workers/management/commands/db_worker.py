"""`manage.py db_worker`: django-tasks-db's worker, plus a heartbeat and the stale-job reaper.

Same name and options as the library's command (this app is listed before it, so this one
runs): `make run`, the deployment and the tests start it unchanged. A thread beside the
worker loop writes the heartbeat and runs the reaper every ATOUT_TASK_HEARTBEAT_SECONDS,
with its own database connection; the worker loop itself is the library's.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as LibraryCommand

from atout.workers import reaper

logger = logging.getLogger("atout.workers")


def _beat_loop(worker_id: str, stop: threading.Event) -> None:
    interval = max(0.2, float(settings.ATOUT_TASK_HEARTBEAT_SECONDS))
    try:
        while True:
            try:
                close_old_connections()
                reaper.heartbeat(worker_id)
                reaper.tasks_reap_stale()
            except DatabaseError:  # a busy or restarting database: try again next beat
                logger.warning("worker heartbeat failed", exc_info=True)
            if stop.wait(interval):
                return
    finally:
        connection.close()


class Command(LibraryCommand):
    help = "Run a database background worker (with a heartbeat and the stale-job reaper)"

    def handle(self, *args: Any, worker_id: str, **options: Any) -> None:
        stop = threading.Event()
        reaper.heartbeat(worker_id)
        beat = threading.Thread(
            target=_beat_loop, args=(worker_id, stop), name="heartbeat", daemon=True
        )
        beat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            stop.set()
            beat.join(timeout=10)
            try:
                reaper.heartbeat_forget(worker_id)
            except DatabaseError:
                logger.warning("worker heartbeat not removed", exc_info=True)
