"""`make scale-test`: Atout as several servers, with one app server and one worker killed.

Starts, on this machine (run under scripts/with-postgres.sh, which gives DATABASE_URL):
- Debian redis-server on a free port (REDIS_URL: the shared cache);
- moto in server mode on a free port: a STAND-IN for the production S3-compatible object
  store (ATOUT_STORAGE=s3, a bucket created here);
- 3 gunicorn app servers on 3 ports and 2 `db_worker`s, all with the same settings.
Then real journeys over HTTP with cookies and CSRF, each crossing servers (log in on A,
upload a proof on B, download it on C, approve the passport on A, its PDFs rendered by
whichever worker and read on B, a bundle started on B and fetched on C, a share link made
on A and opened on C), plus an account lockout and a share-code throttle spread over the
three servers. Mid-run one app server and one worker (while it holds a job) get SIGKILL:
clients move on to a live server, the reaper puts the job back, the other worker runs it.
Prints requests, errors, jobs done/retried; checks every stored file from every live
server and that nothing is lost or doubled. Exit status 1 on any error.

Knobs: SCALE_JOURNEYS (default 6); SCALE_WAIT (s a journey waits for a job, default 240);
SCALE_STALE_SECONDS (default 5; 100000 switches the reaper off, to see the test fail).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PASSWORD = "Scale-test-2026!"  # noqa: S105 - throwaway accounts in a throwaway database
JOURNEYS = int(os.environ.get("SCALE_JOURNEYS", "6"))
TIMEOUT = 120.0
# How long a journey waits for a job, and after how long a silent worker's job is put back.
WAIT = float(os.environ.get("SCALE_WAIT", "240"))
STALE = os.environ.get("SCALE_STALE_SECONDS", "5")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.failovers = 0
        self.errors: list[str] = []
        self.by_server: Counter = Counter()

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text[:300])
        print(f"  ERROR {text[:300]}", flush=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: a cookie jar shared by every server (sessions live in the DB)."""

    def __init__(self, servers: list[str], stats: Stats, dead: set[str]):
        self.servers, self.stats, self.dead = servers, stats, dead
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def go(self, server: int, path: str, data=None, files=None, expect=(200,)):
        """Ask server `server` (index); a refused connection moves on to the next live one."""
        for shift in range(len(self.servers)):
            base = self.servers[(server + shift) % len(self.servers)]
            if base in self.dead and shift < len(self.servers) - 1:
                with self.stats.lock:
                    self.stats.failovers += 1
                continue
            status, body, headers = self._once(base, path, data, files)
            with self.stats.lock:
                self.stats.requests += 1
                self.stats.by_server[base] += 1
            if status == 0:  # no answer: that server is gone, try the next one
                with self.stats.lock:
                    self.stats.failovers += 1
                continue
            if status not in expect:
                self.stats.error(f"{path} on {base} -> {status} {body[:120]!r}")
            return status, body, headers
        self.stats.error(f"{path}: no live server answered")
        return 0, b"", {}

    def _once(self, base: str, path: str, data, files):
        headers = {"Accept-Language": "fr-CA", "Referer": base + "/"}
        body = None
        if data is not None or files is not None:
            headers["X-CSRFToken"] = self.csrf()
            if files:
                boundary = uuid.uuid4().hex
                out = io.BytesIO()
                for key, value in (data or {}).items():
                    out.write(
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"'
                        f"\r\n\r\n{value}\r\n".encode()
                    )
                for key, (name, content, kind) in files.items():
                    out.write(
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
                        f'filename="{name}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
                    )
                    out.write(content + b"\r\n")
                out.write(f"--{boundary}--\r\n".encode())
                body = out.getvalue()
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            else:
                body = urllib.parse.urlencode(data, doseq=True).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(base + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)
        except OSError:
            return 0, b"", {}

    def login(self, server: int, email: str, password: str = PASSWORD, expect=(302,)):
        self.go(server, "/compte/connexion/")
        return self.go(
            server,
            "/compte/connexion/",
            {"username": email, "password": password},
            expect=expect,
        )


# --------------------------------------------------------------------------- Django side


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def schema_and_fixture(journeys: int) -> dict:
    """The schema (syncdb: migrating from zero takes minutes on this machine) and the files."""
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    settings.MIGRATION_MODULES = {}

    from atout.accounts.models import Role
    from atout.accounts.tests.factories import OrganisationFactory, member
    from atout.letters.tests.factories import make_passport_with_evidence
    from atout.participants.tests.factories import ParticipantFactory

    organisation = OrganisationFactory(name="Carrefour emploi Limoilou")
    files = []
    for index in range(journeys):
        counsellor = member(organisation, Role.COUNSELLOR, email=f"c{index}@scale.test")
        counsellor.set_password(PASSWORD)
        counsellor.save()
        participant = ParticipantFactory(organisation=organisation, counsellor=counsellor)
        make_passport_with_evidence(participant)
        files.append({"email": counsellor.email, "participant": participant.pk})
    locked = member(organisation, Role.COUNSELLOR, email="lockout@scale.test")
    locked.set_password(PASSWORD)
    locked.save()
    from django.db import connection

    connection.close()
    return {"files": files, "lockout": locked.email}


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(out, "PNG")
    return out.getvalue()


def _wait_for(check, seconds: float = WAIT, every: float = 1.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    return None


# --------------------------------------------------------------------------- journeys


def journey(index: int, spec: dict, servers: list[str], stats: Stats, dead: set, out: dict):
    """Log in on A, upload on B, download on C, approve on A, PDF on B, bundle B→C, link A→C."""
    from django.db import connection

    from atout.bundles.models import Bundle
    from atout.passports.models import PassportVersion

    a, b, c = index % 3, (index + 1) % 3, (index + 2) % 3
    pk = spec["participant"]
    browser = Browser(servers, stats, dead)
    try:
        browser.login(a, spec["email"])
        png = _png()
        browser.go(
            b,
            f"/dossiers/{pk}/documents/",
            {"kind": "photo", "description": "Scale"},
            {"upload": ("preuve.png", png, "image/png")},
            expect=(302,),
        )
        _s, page, _h = browser.go(b, f"/dossiers/{pk}/")
        found = re.findall(rb"/dossiers/documents/(\d+)/", page)
        if not found:
            stats.error(f"journey {index}: the uploaded proof is not listed")
            return
        _s, got, _h = browser.go(c, f"/dossiers/documents/{found[0].decode()}/")
        if got != png:
            stats.error(f"journey {index}: the proof read on another server differs")
        browser.go(a, f"/passeport/dossiers/{pk}/approbation-en-personne/", {}, expect=(302,))
        version = _wait_for(
            lambda: PassportVersion.objects.filter(
                participant_id=pk, documents_status="ready"
            ).first()
        )
        if version is None:
            stats.error(f"journey {index}: the passport PDFs were never made")
            return
        _s, pdf, _h = browser.go(b, f"/passeport/versions/{version.pk}/document/")
        if not pdf.startswith(b"%PDF"):
            stats.error(f"journey {index}: the version's PDF is not a PDF")
        _s, _body, headers = browser.go(
            b,
            f"/dossiers/{pk}/pochette/",
            {"colour": "on", "copies": "1", "lang": "fr", "fmt": "pdf"},
            expect=(302,),
        )
        match = re.search(r"/pochette/(\d+)/", headers.get("Location", ""))
        if match:
            bundle_pk = int(match.group(1))
            ready = _wait_for(lambda: Bundle.objects.filter(pk=bundle_pk, status="ready").exists())
            browser.go(c, f"/dossiers/{pk}/pochette/{bundle_pk}/")
            if not ready:
                stats.error(f"journey {index}: bundle {bundle_pk} never became ready")
            else:
                _s, got, _h = browser.go(c, f"/dossiers/{pk}/pochette/{bundle_pk}/telecharger/")
                if not got.startswith(b"%PDF"):
                    stats.error(f"journey {index}: the bundle read on C is not a PDF")
        code = "ouvre-sesame-42" if index == 0 else ""
        browser.go(
            a, f"/dossiers/{pk}/liens-employeurs/", {"days": "7", "code": code}, expect=(302,)
        )
        _s, page, _h = browser.go(a, f"/dossiers/{pk}/liens-employeurs/")
        urls = re.findall(rb'value="(https?://[^"]+/p/[^"]+/)"', page)
        if not urls:
            stats.error(f"journey {index}: no share link address shown")
            return
        path = urllib.parse.urlsplit(urls[0].decode()).path
        employer = Browser(servers, stats, dead)
        if not code:
            employer.go(c, path)
            _s, got, _h = employer.go(c, path + "passport.pdf")
            if not got.startswith(b"%PDF"):
                stats.error(f"journey {index}: the shared PDF on C is not a PDF")
        else:
            # Five wrong codes spread over A, B, C; then the right one on C is refused:
            # the throttle is shared (counted in the database), not per server.
            for attempt in range(5):
                employer.go((a + attempt) % 3, path, {"code": "mauvais-code"}, expect=(404,))
            status, _b, _h = employer.go(c, path, {"code": code}, expect=(404,))
            out["throttle"] = status == 404
        out.setdefault("done", []).append(index)
    finally:
        connection.close()


def lockout(email: str, servers: list[str], stats: Stats, dead: set) -> bool:
    """Three wrong passwords on A, B, C: the right one is then refused on A (axes in the DB)."""
    browser = Browser(servers, stats, dead)
    for server in range(3):
        browser.login(server, email, "wrong-password", expect=(200, 403, 429))
    status, _body, _h = browser.login(0, email, expect=(200, 403, 429))
    return status in (403, 429)


# --------------------------------------------------------------------------- processes


def start(name: str, command: list[str], env: dict, logs: Path) -> subprocess.Popen:
    handle = open(logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603 - our own interpreter and tools
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def kill(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)


def wait_http(url: str, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.5)
    return False


def main() -> int:
    started = time.monotonic()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("scale-test: run under scripts/with-postgres.sh (DATABASE_URL)", file=sys.stderr)
        return 2
    redis_bin = shutil.which("redis-server") or "/usr/bin/redis-server"
    tmp = Path(tempfile.mkdtemp(prefix="atout-scale-"))
    processes: dict[str, subprocess.Popen] = {}
    status = 1
    try:
        redis_port, s3_port = free_port(), free_port()
        env = {
            **os.environ,
            "DEBUG": "1",
            "ATOUT_REQUIRE_2FA": "0",
            "ATOUT_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "atout.settings",
            "PYTHONUNBUFFERED": "1",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "ATOUT_STORAGE": "s3",
            "ATOUT_S3_BUCKET": "atout-scale",
            "ATOUT_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
            "ATOUT_S3_REGION": "us-east-1",
            "ATOUT_S3_ACCESS_KEY": "scale-test",
            "ATOUT_S3_SECRET_KEY": "scale-test",
            "ATOUT_LOGIN_FAILURE_LIMIT": "3",
            "ATOUT_TASK_HEARTBEAT_SECONDS": "1",
            "ATOUT_TASK_STALE_SECONDS": STALE,
        }
        print(f"scale-test: redis-server on :{redis_port}; moto on :{s3_port} "
              "(STAND-IN for the production S3-compatible object store)", flush=True)  # fmt: skip
        processes["redis"] = start(
            "redis",
            [redis_bin, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            env, tmp,
        )  # fmt: skip
        moto = str(Path(PY).with_name("moto_server"))
        processes["s3"] = start("s3", [moto, "-H", "127.0.0.1", "-p", str(s3_port)], env, tmp)
        if not wait_http(f"http://127.0.0.1:{s3_port}/"):
            print("moto did not start", file=sys.stderr)
            return 1
        import boto3

        boto3.client(
            "s3",
            endpoint_url=env["ATOUT_S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="scale-test",
            aws_secret_access_key="scale-test",  # noqa: S106 - moto's fake key
        ).create_bucket(Bucket="atout-scale")
        django_setup(env)
        fixture = schema_and_fixture(JOURNEYS)
        print(f"scale-test: schema and {JOURNEYS} files ready "
              f"({time.monotonic() - started:.0f} s)", flush=True)  # fmt: skip
        ports = [free_port() for _ in range(3)]
        servers = [f"http://127.0.0.1:{port}" for port in ports]
        for name, port in zip("ABC", ports, strict=True):
            processes[f"app-{name}"] = start(
                f"app-{name}",
                [PY, "-m", "gunicorn", "atout.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", "1", "--threads", "4", "--worker-class", "gthread",
                 "--timeout", "120"],
                env, tmp,
            )  # fmt: skip
        for name in ("w1", "w2"):
            processes[name] = start(
                name,
                [PY, str(ROOT / "manage.py"), "db_worker", "--no-reload", "--interval", "0.5",
                 "--worker-id", f"scale-{name}"],
                env, tmp,
            )  # fmt: skip
        for base in servers:
            if not wait_http(base + "/healthz"):
                print(f"{base} did not start", file=sys.stderr)
                return 1
        print(f"scale-test: 3 app servers {', '.join(servers)}; 2 workers "
              f"({time.monotonic() - started:.0f} s)", flush=True)  # fmt: skip

        stats, dead, out = Stats(), set(), {}
        threads = [
            threading.Thread(target=journey, args=(i, spec, servers, stats, dead, out), daemon=True)
            for i, spec in enumerate(fixture["files"])
        ]
        for thread in threads:
            thread.start()
        locked = lockout(fixture["lockout"], servers, stats, dead)

        # The killer: when worker w1 holds a job, SIGKILL it and app server A.
        from django.db import connection
        from django_tasks_db.models import DBTaskResult

        held = _wait_for(
            lambda: DBTaskResult.objects.filter(
                status="RUNNING", worker_ids__contains=["scale-w1"]
            ).exists(),
            seconds=180,
            every=0.2,
        )
        kill(processes["w1"])
        kill(processes["app-A"])
        dead.add(servers[0])
        print(f"scale-test: SIGKILL worker w1 (holding a job: {bool(held)}) and app server A "
              f"({time.monotonic() - started:.0f} s)", flush=True)  # fmt: skip
        for thread in threads:
            thread.join(timeout=400)
        connection.close()
        status = report(fixture, servers, stats, dead, out, locked, bool(held), started, tmp)
        return status
    finally:
        for process in processes.values():
            if process.poll() is None:
                kill(process, signal.SIGTERM)
        if status == 0:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"scale-test: logs in {tmp}")


def live_servers(servers: list[str], dead: set) -> list[str]:
    return [base for base in servers if base not in dead]


def report(fixture, servers, stats, dead, out, locked, held, started, tmp) -> int:
    from django.core.files.storage import default_storage
    from django.db.models import Count, Q
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult, get_date_max

    from atout.bundles.models import Bundle
    from atout.participants.models import Attachment
    from atout.passports.models import PassportDocument

    def due():  # READY or RUNNING, and not scheduled for later (a bundle's expiry)
        when = Q(run_after=get_date_max()) | Q(run_after__lte=timezone.now())
        return DBTaskResult.objects.filter(when, status__in=["READY", "RUNNING"])

    _wait_for(lambda: not due().exists(), seconds=min(120, WAIT))
    jobs = Counter(DBTaskResult.objects.values_list("status", flat=True))
    pending = due().count()
    retried = sum(
        1 for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) if len(ids) > 1
    )
    problems = list(stats.errors)
    if pending or jobs.get("FAILED"):
        problems.append(f"jobs lost or failed: {pending} pending, {jobs.get('FAILED', 0)} failed")
    doubled = (
        PassportDocument.objects.values("version", "lang", "variant")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    bundles_ready = Bundle.objects.filter(status="ready").count()
    if doubled:
        problems.append(f"{doubled} passport documents made twice")
    referenced = set(PassportDocument.objects.values_list("file", flat=True))
    referenced |= set(Bundle.objects.exclude(file="").values_list("file", flat=True))
    referenced |= set(Attachment.objects.values_list("file", flat=True))
    stored = set()
    for folder in ("passports", "bundles", "attachments"):
        stack = [folder]
        while stack:
            here = stack.pop()
            dirs, names = default_storage.listdir(here)
            stack += [f"{here}/{d}" for d in dirs]
            stored |= {f"{here}/{n}" for n in names}
    orphans = sorted(stored - referenced - {n for n in stored if "/logos/" in n})
    if orphans:
        problems.append(f"{len(orphans)} stored files no row points to: {orphans[:3]}")
    if len(out.get("done", [])) != len(fixture["files"]):
        problems.append(f"journeys finished: {len(out.get('done', []))}/{len(fixture['files'])}")
    if not locked:
        problems.append("the lockout did not hold across servers")
    if out.get("throttle") is not True:
        problems.append("the share-code throttle did not hold across servers")
    # Every stored file, through the views of every live server, byte for byte; then every
    # object in the bucket straight from the store.
    readable = unreadable = 0
    for spec in fixture["files"]:
        pk = spec["participant"]
        checker = Browser(servers, stats, dead)
        checker.login(1, spec["email"])
        wanted = [
            (f"/dossiers/documents/{row.pk}/", row.file)
            for row in Attachment.objects.filter(participant_id=pk)
        ]
        wanted += [
            (f"/passeport/versions/{row.version_id}/document/?lang={row.lang}&variant={row.variant}",
             row.file)
            for row in PassportDocument.objects.filter(version__participant_id=pk)
        ]  # fmt: skip
        wanted += [
            (f"/dossiers/{pk}/pochette/{row.pk}/telecharger/", row.file)
            for row in Bundle.objects.filter(participant_id=pk, status="ready")
        ]
        for base in live_servers(servers, dead):
            for path, field in wanted:
                _s, got, _h = checker.go(servers.index(base), path)
                with field.open("rb") as handle:
                    same = got == handle.read()
                readable += same
                unreadable += not same
    if unreadable:
        problems.append(f"{unreadable} stored files read differently through a live server")
    for name in sorted(stored):
        with default_storage.open(name, "rb") as handle:
            if not handle.read(4):
                problems.append(f"empty object {name}")
    print(f"requests {stats.requests} (per server {dict(stats.by_server)}), "
          f"failovers to a live server {stats.failovers}, errors {len(stats.errors)}")  # fmt: skip
    kinds = Counter(
        (path.rsplit(".", 1)[-1], status)
        for path, status in DBTaskResult.objects.values_list("task_path", "status")
    )
    print(
        "jobs by task and status: "
        + ", ".join(f"{k} {st} {n}" for (k, st), n in sorted(kinds.items()))
    )
    print(
        f"jobs {dict(jobs)} (READY: expiries scheduled days ahead); "
        f"retried after a worker died {retried}; killed worker was holding a job: {held}"
    )
    documents = PassportDocument.objects.count()
    print(
        f"passport documents {documents}, bundles ready {bundles_ready}, "
        f"stored objects {len(stored)}; files read back through the live servers {readable} "
        f"(identical), differing {unreadable}"
    )
    print(f"lockout across servers: {'PASS' if locked else 'MISS'}; share-code throttle across "
          f"servers: {'PASS' if out.get('throttle') else 'MISS'}")  # fmt: skip
    for problem in problems:
        print(f"  problem: {problem}")
    print(f"scale-test: {'PASS' if not problems else 'FAIL'} in {time.monotonic() - started:.0f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
