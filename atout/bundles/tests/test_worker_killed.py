"""A worker killed (SIGKILL) mid-job: no half file is ever served, and the job resumes.

Real processes on a real SQLite file of this test's own: the first worker is killed while
its job waits at step 2; the bundle shows RUNNING with no file. Once its heartbeat is stale,
`purge_bundles` (as cron would, or the progress page's next poll) queues it again; a second
worker makes it whole. The last-attempt case (marked failed) is in test_lifecycle.py.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

HELPER = Path(__file__).with_name("killable.py")
pytestmark = pytest.mark.xdist_group("killed-worker")


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "atout.settings",
        "PYTHONPATH": str(settings.BASE_DIR),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'atout.sqlite3'}",
        "ATOUT_PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "ATOUT_BUNDLE_STALE_SECONDS": "1",
        "ATOUT_LOG_LEVEL": "ERROR",
    }


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and helper
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _row(tmp_path: Path, pk: int) -> dict:
    with sqlite3.connect(tmp_path / "atout.sqlite3", timeout=20) as db:
        db.row_factory = sqlite3.Row
        row = db.execute("SELECT * FROM bundles_bundle WHERE id = ?", (pk,)).fetchone()
    return dict(row)


def _files(tmp_path: Path) -> list[Path]:
    root = tmp_path / "private" / "bundles"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_killed_worker_leaves_no_file_and_the_job_resumes(tmp_path):
    env = _env(tmp_path)
    pk = int(_run([str(HELPER), "setup"], env).strip().splitlines()[-1])
    assert _row(tmp_path, pk)["status"] == "queued"

    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, str(HELPER), "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 240
        while True:
            row = _row(tmp_path, pk)
            if row["status"] == "running" and row["step"] >= 2:
                break
            assert worker.poll() is None, worker.stderr.read().decode()[-3000:]
            assert time.monotonic() < deadline, row
            time.sleep(0.2)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == -signal.SIGKILL

    # Killed mid-job: the row says running, and there is nothing to download.
    row = _row(tmp_path, pk)
    assert row["status"] == "running" and row["file"] == "" and row["attempts"] == 1
    assert _files(tmp_path) == []

    time.sleep(1.5)  # the heartbeat goes stale (ATOUT_BUNDLE_STALE_SECONDS=1)
    out = _run(["manage.py", "purge_bundles"], env)
    assert "1 stalled job(s) recovered" in out
    row = _row(tmp_path, pk)
    assert row["status"] == "queued" and row["error"]  # the reason, in LANGUAGE_CODE

    _run([str(HELPER), "worker-normal"], env)
    row = _row(tmp_path, pk)
    assert row["status"] == "ready", row
    assert row["attempts"] == 2 and row["error"] == ""
    files = _files(tmp_path)
    assert len(files) == 1 and files[0].read_bytes().startswith(b"%PDF")
    assert row["pages"] > 1 and row["size"] == files[0].stat().st_size
