"""`make load` and `make soak`: locust against gunicorn on PostgreSQL, figures per core.

What production runs, on one machine: gunicorn (gthread, one worker process per core, as
docs/deploy.md recommends) with DEBUG off, `manage.py db_worker` beside it, a throwaway
database in the PostgreSQL cluster of DATABASE_URL (run it through scripts/with-postgres.sh)
holding the demo data plus LOAD_FILES generated files (default 5,000) in the demo
organisation, most of them referred by the demo CLE. Then locust, headless, runs
bench/locustfile.py: 16 users (LOAD_USERS) of mixed counsellor, participant and CLE traffic.

Load (default, LOAD_SECONDS=60): prints requests, req/s, req/s per core, p50/p95/p99 overall
and per action, the error count, and the requests per CPU-second the app server used (a
figure less sensitive to the load generator sharing the machine). Exit status 1 on any error.

Soak (`--soak`, SOAK_MINUTES=30, SOAK_WINDOW_SECONDS=300): the same scenario for longer;
per window, the p99, the gunicorn CPU per request and the RSS of each gunicorn worker; then
PASS/MISS lines: p99 flat (the last window's p99 ≤ 1.5× the first's), server CPU per request
flat (the same, for a figure other jobs on a shared machine do not move) and memory flat (no
worker's RSS grew by more than 10 % or 32 MB, whichever is larger, from the end of the first
window to the end of the last). Exit status 1 on any error or MISS; each error's request and
exception are printed.

    scripts/with-postgres.sh .venv/bin/python bench/locust_load.py [--seconds 60] [--users 16]
    scripts/with-postgres.sh .venv/bin/python bench/locust_load.py --soak [--minutes 30]

Loopback only; locust stops itself at the end of the run (-t), every process started here is
stopped by its own id.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402 - the existing load bench's processes and fixture

CORES = os.cpu_count() or 1
P99_FLAT = 1.5
RSS_FLAT_RATIO = 0.10
RSS_FLAT_BYTES = 32 * 1024 * 1024


# --------------------------------------------------------------------------- fixture


def prepare(files: int, pairs: int) -> dict:
    """In the server's database: `files` generated files, then the accounts the users log in as.

    The files go to the demo counsellor's organisation (so the caseload, its search and the
    organisation list have thousands of rows to count and sort), 80 % of them referred by the
    demo CLE (so the CLE agent's list is not a toy). Then bench/load.py's fixture: one
    counsellor and one participant login per file, each with a self-evaluation and a draft
    passport.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atout.settings")
    import django

    django.setup()
    from datetime import date, timedelta

    from atout.accounts.models import Membership, Role, User
    from atout.participants.models import Participant
    from bench.names import FAMILY_NAMES, GIVEN_NAMES

    lead = Membership.objects.get(user__email="conseillere@atout.test", role=Role.COUNSELLOR)
    cle_user = User.objects.get(email="agent.cle@atout.test")
    cle = Membership.objects.get(user=cle_user, role=Role.CLE_AGENT).organisation
    rng = random.Random(20261130)  # noqa: S311 - test data
    weights = [1 / (rank + 1) for rank in range(len(FAMILY_NAMES))]
    statuses = [Participant.Status.ACTIVE, Participant.Status.ON_HOLD, Participant.Status.CLOSED]
    today = date(2026, 11, 20)
    rows = []
    for family in rng.choices(FAMILY_NAMES, weights=weights, k=files):
        given = rng.choice(GIVEN_NAMES)
        status = rng.choices(statuses, weights=[55, 15, 30])[0]
        opened = today - timedelta(days=rng.randint(0, 6 * 365))
        row = Participant(
            organisation=lead.organisation,
            referring_cle=cle if rng.random() < 0.8 else None,
            counsellor=lead.user if rng.random() < 0.3 else None,
            given_names=given,
            family_name=family,
            preferred_language="fr" if rng.random() < 0.85 else "en",
            city=rng.choice(["Québec", "Lévis", "Sherbrooke", "Gatineau"]),
            mobile_phone=f"581555{rng.randint(0, 9999):04d}",
            email=f"{rng.randint(1, 10**6)}@courriel.qc.ca" if rng.random() < 0.75 else "",
            status=status,
            opened_on=opened,
            closed_on=opened + timedelta(days=90) if status == "closed" else None,
        )
        row.refresh_search_text()
        rows.append(row)
    Participant.objects.bulk_create(rows, batch_size=1000)
    result = load.prepare(pairs)
    org_files = Participant.objects.filter(organisation=lead.organisation, user__isnull=True)
    result["files"] = list(org_files.order_by("?").values_list("pk", flat=True)[:200])
    referred = Participant.objects.visible_to(cle_user).order_by("?")
    result["cle"] = {
        "email": cle_user.email,
        "files": list(referred.values_list("pk", flat=True)[:200]),
    }
    result["search_terms"] = [f.lower()[:5] for f in FAMILY_NAMES[:12]] + ["mar", "gab", "xyz"]
    return result


# --------------------------------------------------------------------------- measuring


def gunicorn_workers(master) -> list:
    import psutil

    try:
        return psutil.Process(master.pid).children()
    except psutil.NoSuchProcess:
        return []


def cpu_seconds(processes) -> float:
    import psutil

    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system
    return total


class Sampler(threading.Thread):
    """Every few seconds: the RSS of each gunicorn worker (pid -> list of (t, bytes))."""

    def __init__(self, master, every: float = 5.0):
        super().__init__(daemon=True)
        self.master = master
        self.every = every
        self.samples: dict[int, list[tuple[float, int]]] = defaultdict(list)
        self.cpu: list[tuple[float, float]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stop.is_set():
            now = time.time()
            workers = gunicorn_workers(self.master)
            for worker in workers:
                with contextlib.suppress(psutil.NoSuchProcess):
                    self.samples[worker.pid].append((now, worker.memory_info().rss))
            self.cpu.append((now, cpu_seconds(workers)))
            self.stop.wait(self.every)

    def rss_at(self, pid: int, moment: float) -> int:
        """The last sample taken at or before `moment` (the first one if none)."""
        samples = self.samples[pid]
        before = [rss for t, rss in samples if t <= moment]
        return before[-1] if before else samples[0][1]

    def cpu_between(self, first: float, last: float) -> float:
        """CPU-seconds the workers used between two moments (nearest samples inside)."""
        inside = [c for t, c in self.cpu if first <= t <= last]
        return inside[-1] - inside[0] if len(inside) >= 2 else 0.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def read_log(path: Path) -> list[tuple[float, str, float, bool]]:
    with path.open(encoding="utf-8") as handle:
        return [(float(a), b, float(c), d == "1") for a, b, c, d in csv.reader(handle)]


# --------------------------------------------------------------------------- run


def run(*, seconds: int, users: int, files: int, window: int, soak: bool) -> int:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Run through scripts/with-postgres.sh (DATABASE_URL must be PostgreSQL)")
    pairs = max(1, users // 2)
    url, drop = load._postgres_database(database_url)
    with tempfile.TemporaryDirectory(prefix="atout-locust-") as tmp_name:
        tmp = Path(tmp_name)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ATOUT_HTTPS": "0",  # plain HTTP on loopback; production sits behind TLS
            "ATOUT_REQUIRE_2FA": "0",
            "ATOUT_PRIVATE_MEDIA_ROOT": str(tmp / "private"),
            "ATOUT_LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": "atout.settings",
            "PYTHONUNBUFFERED": "1",
        }
        processes: list[subprocess.Popen] = []
        try:
            started = time.perf_counter()
            print(f"load: migrate, seed_demo and {files} generated files…", flush=True)
            load._manage(env, "migrate", "--noinput", "-v0")
            load._manage(env, "createcachetable")
            load._manage(env, "collectstatic", "--noinput", "-v0")
            load._manage(env, "seed_demo")
            out = subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, __file__, "--prepare", str(files), "--pairs", str(pairs)],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            fixture = tmp / "fixture.json"
            fixture.write_text(out.strip().splitlines()[-1], encoding="utf-8")
            subprocess.run(  # noqa: S603 - the same cluster, as autovacuum would have
                [sys.executable, "-c", VACUUM], cwd=ROOT, env=env, check=True
            )
            print(f"load: data ready in {time.perf_counter() - started:.0f} s", flush=True)
            port = load.free_port()
            server_log = open(tmp / "server.log", "w+b")  # noqa: SIM115
            worker_log = open(tmp / "worker.log", "w+b")  # noqa: SIM115
            master = subprocess.Popen(  # noqa: S603
                [
                    sys.executable, "-m", "gunicorn", "atout.wsgi",
                    "--bind", f"127.0.0.1:{port}", "--workers", str(CORES),
                    "--threads", "4", "--worker-class", "gthread", "--timeout", "120",
                    "--graceful-timeout", "10",
                ],
                cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
            processes.append(master)
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload"],
                    cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            load._wait_ready(base, master)
            for _ in range(4 * CORES):  # every worker booted and past its first imports
                with urllib.request.urlopen(base + "/compte/connexion/", timeout=60):  # noqa: S310
                    pass
            workers = gunicorn_workers(master)
            sampler = Sampler(master, every=min(10.0, max(2.0, window / 10)) if soak else 2.0)
            sampler.start()
            request_log = tmp / "requests.csv"
            print(
                f"load: {users} locust users for {seconds} s against gunicorn "
                f"({CORES} workers × 4 threads, {CORES} cores)…",
                flush=True,
            )
            locust = subprocess.run(  # noqa: S603 - locust from our venv, bounded by -t
                [
                    sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
                    "--headless", "-u", str(users), "-r", str(users), "-t", f"{seconds}s",
                    "--host", base, "--csv", str(tmp / "locust"), "--only-summary",
                    "--stop-timeout", "10", "--loglevel", "WARNING",
                ],
                cwd=ROOT,
                env={**env, "ATOUT_LOCUST_FIXTURE": str(fixture),
                     "ATOUT_LOCUST_LOG": str(request_log)},
                capture_output=True, text=True, timeout=seconds + 120,
            )  # fmt: skip
            sampler.stop.set()
            sampler.join(timeout=15)
            rows = read_log(request_log)
            errors_path = request_log.with_name(request_log.name + ".errors")
            error_lines = (
                errors_path.read_text(encoding="utf-8").splitlines() if errors_path.exists() else []
            )
            for process in processes:
                load._stop(process)
            tasks = json.loads(load._script(env, "--tasks").strip().splitlines()[-1])
            server_text = load._read(server_log)
            worker_log.close()
        finally:
            for process in processes:
                load._stop(process)
            drop()
    if not rows:
        print(locust.stdout[-3000:], locust.stderr[-3000:], sep="\n")
        print("MISS  no request was recorded")
        return 1
    errors = report(rows, sampler, tasks)
    if errors:
        failures = [
            line for line in locust.stdout.splitlines() if "HTTP" in line or "Error" in line
        ]
        failures = error_lines + failures
        for line in failures[:15]:
            print(f"  ! {line.strip()}")
        tracebacks = [line for line in server_text.splitlines() if "Error" in line]
        for line in tracebacks[:10]:
            print(f"  ! server: {line.strip()[:200]}")
    ok = errors == 0 and tasks.get("FAILED", 0) == 0
    if soak:
        ok = soak_report(steady(rows), sampler, workers, window) and ok
    return 0 if ok else 1


VACUUM = """
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atout.settings")
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
"""


LOGIN = {"login", "login page"}


def steady(rows):
    """The requests started once every user had logged in (logins hash a password: ~0.5 s
    of CPU each, all at once at the start; they are counted for errors, not for speed)."""
    logins = [r[0] + r[2] / 1000 for r in rows if r[1] in LOGIN]
    after = max(logins, default=min(r[0] for r in rows))
    kept = [r for r in rows if r[1] not in LOGIN and r[0] >= after]
    return kept or rows


def report(all_rows, sampler: Sampler, tasks: dict) -> int:
    """The run's figures once every user is logged in; returns the error count (all requests)."""
    errors = sum(1 for r in all_rows if r[3])
    rows = steady(all_rows)
    start = min(r[0] for r in rows)
    end = max(r[0] + r[2] / 1000 for r in rows)
    elapsed = max(end - start, 1e-9)
    cpu_used = sampler.cpu_between(start, end)
    times = [r[2] for r in rows]
    rate = len(rows) / elapsed
    print(
        f"load: {len(all_rows) - len(rows)} requests while the users logged in, then "
        f"{len(rows)} requests in {elapsed:.0f} s: {rate:.1f} req/s, "
        f"{rate / CORES:.1f} req/s per core ({CORES} cores, {CORES} gunicorn workers); "
        f"p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms, "
        f"p99 {percentile(times, 99):.0f} ms; errors {errors}"
    )
    if cpu_used > 0:
        print(
            f"load: the app server used {cpu_used:.0f} CPU-seconds: "
            f"{len(rows) / cpu_used:.1f} requests per CPU-second of gunicorn "
            f"(the rest of the machine ran PostgreSQL, the worker and locust itself)"
        )
    print(f"load: worker tasks {tasks}")
    by_name = defaultdict(list)
    failed = defaultdict(int)
    for _start, name, ms, fail in all_rows:
        by_name[name].append(ms)
        failed[name] += fail
    print(f"  {'action':<28} {'count':>6} {'errors':>6} {'p50':>7} {'p95':>7} {'p99':>7}")
    for name, values in sorted(by_name.items()):
        print(
            f"  {name:<28} {len(values):>6} {failed[name]:>6} "
            f"{percentile(values, 50):>5.0f}ms {percentile(values, 95):>5.0f}ms "
            f"{percentile(values, 99):>5.0f}ms"
        )
    print(f"{'PASS' if errors == 0 else 'MISS'}  load: no error ({errors} errors)")
    return errors


def soak_report(rows, sampler: Sampler, workers, window: int) -> bool:
    """Per window: p99 and each worker's RSS; then whether both stayed flat."""
    start = min(r[0] for r in rows)
    windows: dict[int, list[float]] = defaultdict(list)
    for moment, _name, ms, _fail in rows:
        windows[int((moment - start) // window)].append(ms)
    # A last window shorter than half a window is folded into the one before it.
    last = max(windows)
    if last > 0 and max(r[0] for r in rows) - start - last * window < window / 2:
        windows[last - 1].extend(windows.pop(last))
    pids = [w.pid for w in workers]
    print(f"soak: {len(windows)} windows of {window} s")
    p99s = []
    cpu_per_request = []  # ms of gunicorn CPU per request: blind to other jobs on the machine
    rss_first: dict[int, int] = {}
    rss_last: dict[int, int] = {}
    for index in sorted(windows):
        values = windows[index]
        p99 = percentile(values, 99)
        p99s.append(p99)
        window_end = start + (index + 1) * window
        if index == max(windows):
            window_end = time.time()
        rss = {pid: sampler.rss_at(pid, window_end) for pid in pids if sampler.samples[pid]}
        if index == 0:
            rss_first = rss
        rss_last = rss
        memory = ", ".join(f"{pid}: {value / 2**20:.0f} MB" for pid, value in rss.items())
        window_start = start + index * window
        cpu_end = min(window_end, max(r[0] for r in rows))  # the sampler ran past the last request
        cpu = 1000 * sampler.cpu_between(window_start, cpu_end) / len(values)
        cpu_per_request.append(cpu)
        print(
            f"  window {index + 1}: {len(values)} requests, p50 {percentile(values, 50):.0f} ms, "
            f"p99 {p99:.0f} ms, server CPU {cpu:.1f} ms per request; worker RSS {memory}"
        )
    p99_ok = len(p99s) < 2 or p99s[-1] <= P99_FLAT * p99s[0]
    print(
        f"{'PASS' if p99_ok else 'MISS'}  soak: p99 flat (last window {p99s[-1]:.0f} ms "
        f"≤ {P99_FLAT}× the first, {p99s[0]:.0f} ms)"
    )
    cpu_ok = len(cpu_per_request) < 2 or cpu_per_request[-1] <= P99_FLAT * cpu_per_request[0]
    print(
        f"{'PASS' if cpu_ok else 'MISS'}  soak: server CPU per request flat (last window "
        f"{cpu_per_request[-1]:.1f} ms ≤ {P99_FLAT}× the first, {cpu_per_request[0]:.1f} ms; "
        "unlike the p99, other jobs on the machine do not move it)"
    )
    growth = {pid: rss_last[pid] - rss_first[pid] for pid in rss_first if pid in rss_last}
    memory_ok = bool(growth) and all(
        grown <= max(RSS_FLAT_RATIO * rss_first[pid], RSS_FLAT_BYTES)
        for pid, grown in growth.items()
    )
    worst = max(growth.values(), default=0)
    print(
        f"{'PASS' if memory_ok else 'MISS'}  soak: memory flat (largest worker growth "
        f"{worst / 2**20:+.1f} MB from the first window to the last; "
        f"limit 10 % or 32 MB, whichever is larger; workers {len(growth)})"
    )
    return p99_ok and cpu_ok and memory_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 60)))
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 16)))
    parser.add_argument("--files", type=int, default=int(os.environ.get("LOAD_FILES", 5000)))
    parser.add_argument("--soak", action="store_true")
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("SOAK_MINUTES", 30)))
    parser.add_argument(
        "--window", type=int, default=int(os.environ.get("SOAK_WINDOW_SECONDS", 300))
    )
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pairs", type=int, default=8, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare is not None:
        print(json.dumps(prepare(args.prepare, args.pairs)))
        return 0
    seconds = int(args.minutes * 60) if args.soak else args.seconds
    return run(
        seconds=seconds, users=args.users, files=args.files, window=args.window, soak=args.soak
    )


if __name__ == "__main__":
    sys.exit(main())
