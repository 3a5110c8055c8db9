"""The real server and worker under eight people saving at once: no request may fail.

One person working through `make run` once got "database is locked" (HTTP 500) on about
1.5 % of requests. This starts what production starts, on a fresh database: gunicorn with
several processes and threads (a busy office, not the one-thread dev server) plus
`manage.py db_worker` polling beside it, then eight logged-in clients (four counsellors,
four participants) who, for LOAD_SECONDS, autosave self-evaluation answers and passport
steps, add journal notes, open files and now and then record an in-person approval (the
worker then renders that version's PDFs). It prints the statuses and p50/p95 per action,
and how the worker's tasks ended.

Database: a temporary SQLite file, unless DATABASE_URL points at PostgreSQL; then a
separate database is created in that cluster and dropped after. `--legacy-sqlite` runs
the SQLite options Atout had before (a single `PRAGMA journal_mode=WAL`, DEFERRED
transactions, the 5 s default timeout) to show what the check catches.

    .venv/bin/python bench/load.py [--seconds 60] [--clients 8] [--legacy-sqlite] [--runserver]

Loopback only; every loop is bounded by the duration and stops by itself. Exit status 1
when any request answered 5xx or did not answer at all.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Atout-demo-2026"  # noqa: S105 - the demo accounts' documented password
REQUEST_TIMEOUT = 60.0
LEGACY_SETTINGS = """\
from atout.settings import *  # noqa: F403

# The SQLite options before issue 8: one PRAGMA, DEFERRED transactions, 5 s timeout.
DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;"}  # noqa: F405
"""


# --------------------------------------------------------------------------- fixture


def prepare(pairs: int) -> dict:
    """In the server's database: `pairs` counsellors and participants, each pair on one file.

    Each file gets a participant login, an unfinished self-evaluation and a draft passport,
    so no two clients write the same passport (a conflict would be a 409, not a failure,
    but it would hide the saves this check is about).
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atout.settings")
    import django

    django.setup()
    from atout.accounts.models import Membership, Role, User
    from atout.competencies import selectors as competency_selectors
    from atout.competencies import services as competency_services
    from atout.competencies.models import Indicator
    from atout.participants.models import Participant
    from atout.passports import services as passport_services

    lead = Membership.objects.filter(
        user__email="conseillere@atout.test", role=Role.COUNSELLOR
    ).first()
    if lead is None:
        raise SystemExit("seed_demo has not run in this database")
    organisation = lead.organisation
    framework = competency_selectors.generic_framework()
    files = list(
        Participant.objects.filter(
            organisation=organisation, user__isnull=True, passport__isnull=True
        ).order_by("pk")[:pairs]
    )
    if len(files) < pairs:
        raise SystemExit(f"only {len(files)} files without a login or passport")
    result = {"counsellors": [], "participants": []}
    for index, participant in enumerate(files, start=1):
        counsellor = _load_user(f"charge.{index}@load.atout.test", f"Chargée {index}")
        Membership.objects.get_or_create(
            user=counsellor, organisation=organisation, role=Role.COUNSELLOR
        )
        person = _load_user(f"personne.{index}@load.atout.test", participant.given_names)
        participant.user = person
        participant.counsellor = counsellor
        participant.save(update_fields=["user", "counsellor"])
        evaluation = competency_services.evaluation_start(
            participant=participant, framework=framework, actor=counsellor
        )
        passport = passport_services.passport_start(participant=participant, actor=counsellor)
        common = {"participant": participant.pk, "evaluation": evaluation.pk}
        result["counsellors"].append(
            {"email": counsellor.email, "passport_languages": passport.languages, **common}
        )
        result["participants"].append({"email": person.email, **common})
    result["indicators"] = list(
        Indicator.objects.filter(competency__framework=framework).values_list("pk", flat=True)
    )
    User.objects.filter(email__endswith="@load.atout.test").update(is_active=True)
    return result


def task_outcomes() -> dict[str, int]:
    """How the worker's tasks ended (a lock it could not get would leave FAILED ones)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atout.settings")
    import django

    django.setup()
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def _load_user(email: str, name: str):
    from atout.accounts.models import User

    user = User.objects.filter(email=email).first() or User(email=email, full_name=name)
    user.set_password(PASSWORD)
    user.save()
    return user


# --------------------------------------------------------------------------- clients


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    by_action: dict = field(default_factory=lambda: defaultdict(Counter))
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    failures: list = field(default_factory=list)

    def record(self, action: str, status: int, seconds: float, detail: str = "") -> None:
        with self.lock:
            self.statuses[status] += 1
            self.by_action[action][status] += 1
            self.latencies[action].append(seconds)
            if status >= 500 or status == 0:
                self.failures.append(f"{action} -> {status or 'no answer'} {detail}"[:300])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 after a save is the answer itself; the client does not follow


class Client:
    """One browser: its own cookies, CSRF token and passport version."""

    def __init__(self, base: str, stats: Stats):
        self.base = base
        self.stats = stats
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(
        self, action: str, path: str, data: dict | None = None, htmx: bool = False
    ) -> tuple[int, str]:
        headers = {"Accept-Language": "fr-CA"}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["X-CSRFToken"] = self.csrf()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx:
            headers["HX-Request"] = "true"
        req = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=REQUEST_TIMEOUT) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except OSError as error:  # refused, reset, timed out: the server did not answer
            status, text = 0, repr(error)
        self.stats.record(action, status, time.perf_counter() - started, _hint(text))
        return status, text

    def login(self, email: str) -> None:
        self.request("login", "/compte/connexion/")
        status, _text = self.request(
            "login", "/compte/connexion/", {"username": email, "password": PASSWORD}
        )
        if status != 302:
            raise RuntimeError(f"{email} could not log in ({status})")


def _hint(text: str) -> str:
    """The exception line of a Django error page, enough to recognise 'database is locked'."""
    match = re.search(r'<pre class="exception_value">(.*?)</pre>', text, re.S)
    if match:
        return match.group(1).strip()
    return text[:120].replace("\n", " ") if text.startswith("<urlopen") else ""


VERSION = re.compile(r'name="version" value="(\d+)"')


def counsellor_loop(client: Client, spec: dict, indicators: list[int], until: float) -> None:
    rng = random.Random(spec["email"])  # noqa: S311 - load pattern, not security
    pk, evaluation = spec["participant"], spec["evaluation"]
    step = f"/passeport/dossiers/{pk}/etape/competences-de-base/"
    langs = ["fr", "en"] if spec["passport_languages"] == "both" else [spec["passport_languages"]]
    version = None
    n = 0
    while time.monotonic() < until:
        n += 1
        roll = rng.random()
        if version is None:
            status, text = client.request("passport step page", step)
            match = VERSION.search(text)
            version = match.group(1) if match else ""
        elif roll < 0.40:
            data = {"version": version}
            for lang in langs:
                data |= {
                    f"languages_{lang}": f"Français, anglais ({n})",
                    f"software_{lang}": f"Suite bureautique, logiciel de caisse ({n})",
                    f"equipment_{lang}": f"Transpalette, chariot élévateur ({n})",
                }
            status, text = client.request("passport autosave", step, data, htmx=True)
            match = VERSION.search(text)
            version = match.group(1) if status == 200 and match else None
        elif roll < 0.60:
            text = f"Rencontre de suivi {n} : démarches de la semaine, CV révisé."
            client.request("journal note", f"/dossiers/{pk}/journal/", {"text": text})
        elif roll < 0.75:
            client.request("file read", f"/dossiers/{pk}/")
        elif roll < 0.82:
            client.request("caseload read", "/dossiers/")
        elif roll < 0.85:
            # Freezes a version: the worker renders its PDFs while the others keep saving.
            path = f"/passeport/dossiers/{pk}/approbation-en-personne/"
            client.request("in-person approval", path, {})
            version = None  # the passport's version moved on
        else:
            answer = {f"indicator-{rng.choice(indicators)}": str(rng.randint(1, 4))}
            path = f"/competences/autoevaluations/{evaluation}/reponse/"
            client.request("self-evaluation autosave", path, answer, htmx=True)
        time.sleep(rng.uniform(0.1, 0.3))


def participant_loop(client: Client, spec: dict, indicators: list[int], until: float) -> None:
    rng = random.Random(spec["email"])  # noqa: S311 - load pattern, not security
    evaluation = spec["evaluation"]
    while time.monotonic() < until:
        roll = rng.random()
        if roll < 0.75:
            answer = {f"indicator-{rng.choice(indicators)}": str(rng.randint(0, 4))}
            path = f"/competences/autoevaluations/{evaluation}/reponse/"
            client.request("self-evaluation autosave", path, answer, htmx=True)
        elif roll < 0.90:
            step = rng.randint(1, 3)
            client.request(
                "self-evaluation page", f"/competences/autoevaluations/{evaluation}/etape/{step}/"
            )
        else:
            client.request("own file read", "/dossiers/mon-dossier/")
        time.sleep(rng.uniform(0.1, 0.3))


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout if capture else ""


def _script(env: dict, *args: str) -> str:
    """This file's own Django-side modes (fixture, task outcomes), in the server's database."""
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(Path(__file__)), *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _postgres_database(url: str) -> tuple[str, callable]:
    """A fresh database in the cluster of `url`, and the function that drops it."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"atout_load_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), drop


def _stop(process: subprocess.Popen) -> None:
    """Stop one process we started (and its children: it leads its own session)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def run(
    *,
    seconds: float,
    clients: int = 8,
    database_url: str = "",
    legacy_sqlite: bool = False,
    workers: int = 3,
    threads: int = 4,
    runserver: bool = False,
    log=print,
) -> dict:
    """Start server and worker on a fresh database, load it, stop everything, return figures."""
    pairs = max(1, clients // 2)
    drop = None
    with tempfile.TemporaryDirectory(prefix="atout-load-") as tmp_name:
        tmp = Path(tmp_name)
        env = {
            **os.environ,
            "DEBUG": "1",
            "ATOUT_REQUIRE_2FA": "0",
            "ATOUT_AXES_ENABLED": "0",
            "ATOUT_PRIVATE_MEDIA_ROOT": str(tmp / "private"),
            "ATOUT_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "atout.settings",
            "PYTHONUNBUFFERED": "1",
        }
        if database_url.startswith(("postgres://", "postgresql://")):
            env["DATABASE_URL"], drop = _postgres_database(database_url)
            engine = "PostgreSQL"
        else:
            env["DATABASE_URL"] = f"sqlite:///{tmp / 'atout.sqlite3'}"
            engine = "SQLite (legacy options)" if legacy_sqlite else "SQLite"
        if runserver:
            engine += ", runserver"
        if legacy_sqlite:
            (tmp / "legacy_settings.py").write_text(LEGACY_SETTINGS, encoding="utf-8")
            env["PYTHONPATH"] = os.pathsep.join([str(tmp), str(ROOT)])
            env["DJANGO_SETTINGS_MODULE"] = "legacy_settings"
        processes: list[subprocess.Popen] = []
        phases: dict[str, float] = {}
        try:
            log(f"load: {engine}; migrate and seed_demo…")
            mark = time.perf_counter()
            _manage(env, "migrate", "--noinput", "-v0")
            phases["migrate"] = time.perf_counter() - mark
            mark = time.perf_counter()
            _manage(env, "seed_demo")
            fixture = json.loads(_script(env, "--prepare", str(pairs)).strip().splitlines()[-1])
            phases["seed"] = time.perf_counter() - mark
            mark = time.perf_counter()
            port = free_port()
            logs = {name: open(tmp / f"{name}.log", "w+b") for name in ("server", "worker")}  # noqa: SIM115
            server = [
                sys.executable, "-m", "gunicorn", "atout.wsgi",
                "--bind", f"127.0.0.1:{port}",
                "--workers", str(workers), "--threads", str(threads),
                "--worker-class", "gthread", "--timeout", "120",
                "--graceful-timeout", "10",
            ]  # fmt: skip
            if runserver:  # what `make run` starts: Django's threaded development server
                server = [
                    sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload",
                    f"127.0.0.1:{port}",
                ]  # fmt: skip
            processes.append(
                subprocess.Popen(  # noqa: S603
                    server,
                    cwd=ROOT, env=env, stdout=logs["server"], stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )  # fmt: skip
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload"],
                    cwd=ROOT, env=env, stdout=logs["worker"], stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            _wait_ready(base, processes[0])
            phases["start"] = time.perf_counter() - mark
            stats = Stats()
            roster = [("counsellor", s) for s in fixture["counsellors"]] + [
                ("participant", s) for s in fixture["participants"]
            ]
            roster = roster[:clients]
            sessions = []
            for kind, spec in roster:
                client = Client(base, stats)
                client.login(spec["email"])
                sessions.append((kind, spec, client))
            log(f"load: {len(sessions)} clients for {seconds:.0f} s against {base}…")
            until = time.monotonic() + seconds
            started = time.perf_counter()
            workers_threads = [
                threading.Thread(
                    target=counsellor_loop if kind == "counsellor" else participant_loop,
                    args=(client, spec, fixture["indicators"], until),
                    daemon=True,
                )
                for kind, spec, client in sessions
            ]
            for thread in workers_threads:
                thread.start()
            for thread in workers_threads:
                thread.join(timeout=seconds + REQUEST_TIMEOUT + 30)
            elapsed = time.perf_counter() - started
            for process in processes:
                _stop(process)
            server_log = _read(logs["server"])
            worker_log = _read(logs["worker"])
            tasks = json.loads(_script(env, "--tasks").strip().splitlines()[-1])
        finally:
            for process in processes:
                _stop(process)
            if drop is not None:
                drop()
    setup = {name: round(seconds, 1) for name, seconds in phases.items()}
    return _summary(engine, stats, elapsed, server_log, worker_log) | {
        "tasks": tasks,
        "setup_seconds": setup,
    }


def _read(handle) -> str:
    handle.flush()
    handle.seek(0)
    text = handle.read().decode("utf-8", "replace")
    handle.close()
    return text


def _wait_ready(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited before serving")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not answer /healthz within 90 s")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _summary(engine: str, stats: Stats, elapsed: float, server_log: str, worker_log: str):
    everything = [s for values in stats.latencies.values() for s in values]
    actions = {
        action: {
            "statuses": dict(sorted(counter.items())),
            "p50_ms": round(_percentile(stats.latencies[action], 50) * 1000),
            "p95_ms": round(_percentile(stats.latencies[action], 95) * 1000),
        }
        for action, counter in sorted(stats.by_action.items())
    }
    return {
        "engine": engine,
        "seconds": round(elapsed, 1),
        "requests": sum(stats.statuses.values()),
        "statuses": dict(sorted(stats.statuses.items())),
        "server_errors": sum(n for s, n in stats.statuses.items() if s >= 500),
        "no_answer": stats.statuses.get(0, 0),
        "p50_ms": round(_percentile(everything, 50) * 1000),
        "p95_ms": round(_percentile(everything, 95) * 1000),
        "actions": actions,
        "failures": stats.failures[:20],
        "locked_in_logs": server_log.count("database is locked")
        + worker_log.count("database is locked"),
    }


def print_summary(result: dict, out=sys.stdout) -> None:
    print(
        f"{result['engine']}: {result['requests']} requests in {result['seconds']} s, "
        f"statuses {result['statuses']}, p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
        f"5xx {result['server_errors']}, no answer {result['no_answer']}, "
        f"'database is locked' in logs {result['locked_in_logs']}, "
        f"worker tasks {result.get('tasks', {})}",
        file=out,
    )
    if result.get("setup_seconds"):
        steps = ", ".join(f"{name} {s} s" for name, s in result["setup_seconds"].items())
        print(f"  set-up: {steps}", file=out)
    for action, figures in result["actions"].items():
        print(
            f"  {action:<26} {figures['statuses']}  "
            f"p50 {figures['p50_ms']} ms  p95 {figures['p95_ms']} ms",
            file=out,
        )
    for failure in result["failures"]:
        print(f"  ! {failure}", file=out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("LOAD_SECONDS", 60)))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--legacy-sqlite", action="store_true")
    parser.add_argument("--sqlite", action="store_true", help="ignore DATABASE_URL")
    parser.add_argument(
        "--runserver", action="store_true", help="serve as `make run` does, not with gunicorn"
    )
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tasks", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(args.prepare)))
        return 0
    if args.tasks:
        print(json.dumps(task_outcomes()))
        return 0
    url = "" if args.sqlite or args.legacy_sqlite else os.environ.get("DATABASE_URL", "")
    result = run(
        seconds=args.seconds,
        clients=args.clients,
        database_url=url,
        legacy_sqlite=args.legacy_sqlite,
        runserver=args.runserver,
        log=lambda message: print(message, flush=True),
    )
    print_summary(result)
    failed = result["tasks"].get("FAILED", 0)
    return 1 if result["server_errors"] or result["no_answer"] or failed else 0


if __name__ == "__main__":
    sys.exit(main())
