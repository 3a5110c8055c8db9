"""`make bench`, share links: the employer's public page against the minimal view.

The demo data (seed_demo) gives Émilie an approved passport; a fresh link to it is opened
by an anonymous client (the employer), interleaved round by round with the minimal view of
bench/urls.py opened by a logged-in counsellor, through the same middleware. Goal from
issue 10: the public page's throughput ≥ 0.8 × the minimal view's. It also prints the mean
time of an unknown token against a real link's page (enumeration timing), as a ratio.
Figures are ratios measured in the same run; the exit status is 0 either way.

Environment knobs: BENCH_SHARING_ROUNDS (default 20), BENCH_SHARING_BATCH (default 10).
"""

from __future__ import annotations

import gc
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atout.settings")
os.environ["DATABASE_URL"] = "sqlite:///" + str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
os.environ["ATOUT_PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="atout-bench-media-")
hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench.verdict import verdict  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_SHARING_ROUNDS", "20"))
BATCH = int(os.environ.get("BENCH_SHARING_BATCH", "10"))
WARMUP = 10
GOAL = 0.8
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"


def main() -> int:
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from atout.accounts.models import User
    from atout.participants.models import Participant
    from atout.sharing.services import share_link_create_by_operator

    emilie = Participant.objects.get(user__email="participant@atout.test")
    _link, token = share_link_create_by_operator(participant=emilie, label="bench")
    revoked, revoked_token = share_link_create_by_operator(participant=emilie, label="revoked")
    revoked.revoked_at = revoked.created_at
    revoked.save(update_fields=["revoked_at"])
    counsellor = User.objects.get(email="conseillere@atout.test")
    print(f"  set-up (migrate, seed_demo): {time.perf_counter() - started:.1f} s", flush=True)

    staff = Client()
    staff.force_login(counsellor, backend="django.contrib.auth.backends.ModelBackend")
    employer = Client()
    page = f"/p/{token}/"

    def get(client: Client, url: str, status: int) -> None:
        response = client.get(url, HTTP_USER_AGENT=PHONE)
        if response.status_code != status:
            raise SystemExit(f"bench: GET {url} answered {response.status_code}")

    scenarios = {
        "minimal view (logged in)": lambda: get(staff, "/bench/minimal/", 200),
        "public share page": lambda: get(employer, page, 200),
        "unknown token (404)": lambda: get(employer, f"/p/{secrets.token_urlsafe(32)}/", 404),
        "revoked link (404)": lambda: get(employer, f"/p/{revoked_token}/", 404),
    }
    times: dict[str, list[float]] = {name: [] for name in scenarios}
    with override_settings(ROOT_URLCONF="bench.urls"):
        for call in scenarios.values():
            for _ in range(WARMUP):
                call()
        gc.collect()
        for _round in range(ROUNDS):
            for name, call in scenarios.items():
                for _ in range(BATCH):
                    t = time.perf_counter()
                    call()
                    times[name].append(time.perf_counter() - t)

    rate = {name: len(values) / sum(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"  {name}: {rate[name]:.0f} req/s, median {statistics.median(values) * 1000:.1f} ms")
    ratio = rate["public share page"] / rate["minimal view (logged in)"]
    label = f"public share page throughput ≥ {GOAL}× the minimal view"
    verdict(label, ratio >= GOAL, f"{ratio:.2f}×")
    unknown = statistics.mean(times["unknown token (404)"])
    real = statistics.mean(times["public share page"])
    gone = statistics.mean(times["revoked link (404)"])
    print(
        f"enumeration timing: unknown token {unknown * 1000:.1f} ms vs real link "
        f"{real * 1000:.1f} ms, ratio {unknown / real:.2f} (a real link shows its page anyway); "
        f"unknown vs revoked link (both the same 404): ratio {unknown / gone:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
