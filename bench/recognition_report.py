"""`make bench`, recognition report: 20,000 dossiers and their events, as a ratio to the
minimal view.

Run through `scripts/with-postgres.sh` (it exports DATABASE_URL; without it, a throwaway
SQLite file is used, fine for a quick look at a few thousand dossiers). Rows are made with
bulk_create (no services): Qualifications Québec, one committee with three standards, and
per person a file, a dossier in one of the phases and the events of the path that led there
(about five per dossier), spread over the past year; a credential for the issued ones.

It prints the report's query count with 50 dossiers and again with all of them (the same
number: aggregates in the database), then the throughput of the report page against the
minimal 50-row view of bench/urls.py, interleaved round by round through the same
middleware. Figures are ratios measured in the same run; the exit status is 0 either way.

Environment knobs: BENCH_RECOGNITION_ROWS (default 20000), BENCH_RECOGNITION_ROUNDS
(default 10), BENCH_RECOGNITION_BATCH (default 3), BENCH_SEED.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atout.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = "sqlite:///" + str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])

ROWS = int(os.environ.get("BENCH_RECOGNITION_ROWS", "20000"))
ROUNDS = int(os.environ.get("BENCH_RECOGNITION_ROUNDS", "10"))
BATCH = int(os.environ.get("BENCH_RECOGNITION_BATCH", "3"))
SEED = int(os.environ.get("BENCH_SEED", "20261130"))
SMALL = 50
CHUNK = 2000
WARMUP = 3

import django  # noqa: E402

django.setup()

from bench.cle_dashboard import (  # noqa: E402
    Scenario,
    analyse,
    dashboard_queries,
    measure_interleaved,
    print_ratios,
    step,
)
from bench.verdict import verdict  # noqa: E402

PATH = [
    "received",
    "relevance",
    "informed",
    "preparation",
    "inventory_done",
    "sent",
    "evaluation",
    "decided",
    "confirmed",
    "applied",
    "issued",
]
CLOSINGS = {"relevance": "not_relevant", "preparation": "withdrawn", "informed": "redirected"}


def make_world() -> dict:
    from atout.accounts.models import Membership, Organisation, Role, User
    from atout.standards.models import Competency, Standard

    Kind = Organisation.Kind
    qq = Organisation.objects.create(name="Qualifications Québec", kind=Kind.QUALIFICATIONS)
    committee = Organisation.objects.create(name="CQRHT", kind=Kind.COMMITTEE)
    standards = []
    for title in ("Cuisinier ou cuisinière", "Pâtissier ou pâtissière", "Boucher ou bouchère"):
        standard = Standard.objects.create(title_fr=title, committee=committee)
        for number in range(1, 6):
            Competency.objects.create(standard=standard, number=number, title_fr=f"C{number}")
        standards.append(standard)
    advisor = User.objects.create(email="advisor@bench.atout.test", full_name="Isabelle Morin")
    Membership.objects.create(user=advisor, organisation=qq, role=Role.RECOGNITION_ADVISOR)
    return {"qq": qq, "committee": committee, "standards": standards, "advisor": advisor}


def _path(rng: random.Random) -> list[str]:
    """The phases one dossier went through: a prefix of the usual path, sometimes closed."""
    length = rng.randint(1, len(PATH))
    phases = PATH[:length]
    last = phases[-1]
    if last in CLOSINGS and rng.random() < 0.3:
        phases.append(CLOSINGS[last])
    return phases


def load(world: dict, start: int, stop: int, rng: random.Random) -> None:
    from django.utils import timezone

    from atout.certificates.models import Credential
    from atout.participants.models import Participant
    from atout.recognition.models import Dossier, DossierEvent

    now = timezone.now()
    for first in range(start, stop, CHUNK):
        last = min(stop, first + CHUNK)
        people = Participant.objects.bulk_create(
            Participant(
                organisation=world["qq"], given_names=f"Personne{i}", family_name=f"Banc{i % 997}"
            )
            for i in range(first, last)
        )
        paths = [_path(rng) for _ in people]
        opened = [now - timedelta(days=rng.uniform(200, 360)) for _ in people]
        dossiers = Dossier.objects.bulk_create(
            Dossier(
                participant=person,
                organisation=world["qq"],
                standard=rng.choice(world["standards"]),
                committee=world["committee"] if "sent" in path else None,
                phase=path[-1],
                employment_status="employed",
                never_recognised=True,
                opened_on=at.date(),
            )
            for person, path, at in zip(people, paths, opened, strict=True)
        )
        events = []
        for dossier, path, at in zip(dossiers, paths, opened, strict=True):
            previous = ""
            moment = at
            for phase in path:
                events.append(
                    DossierEvent(dossier=dossier, at=moment, from_phase=previous, to_phase=phase)
                )
                previous = phase
                moment = moment + timedelta(days=rng.uniform(1, 20))
        DossierEvent.objects.bulk_create(events)
        Credential.objects.bulk_create(
            Credential(
                dossier=dossier,
                participant_id=dossier.participant_id,
                standard_id=dossier.standard_id,
                kind=rng.choice(["cqp", "attestation"]),
                legal_basis="2",
                issued_on=now.date(),
                number=f"N-{dossier.pk}",
            )
            for dossier in dossiers
            if dossier.phase == "issued"
        )


def main() -> int:
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    step("migrate", started)
    world = make_world()
    rng = random.Random(SEED)
    url = "/tableaux/reconnaissance/"

    with override_settings(ROOT_URLCONF="bench.urls"):
        client = Client()
        client.force_login(world["advisor"], backend="django.contrib.auth.backends.ModelBackend")
        load(world, 0, SMALL, rng)
        small_queries = dashboard_queries(client, url)
        t = time.perf_counter()
        load(world, SMALL, ROWS, rng)
        step(f"bulk_create {ROWS:,} files, dossiers and their events", t)
        t = time.perf_counter()
        analyse()
        step("ANALYZE", t)
        big_queries = dashboard_queries(client, url)

        from atout.recognition.models import Dossier, DossierEvent

        print(
            f"  rows: {Dossier.objects.count():,} dossiers, "
            f"{DossierEvent.objects.count():,} events",
            flush=True,
        )
        scenarios = [
            Scenario("minimal view (50 rows)", "/bench/minimal/", client),
            Scenario("recognition report", url, client),
        ]
        measure_interleaved(scenarios, warmup=WARMUP, rounds=ROUNDS, batch=BATCH, seed=SEED)

    base, report = scenarios
    print()
    print(f"Recognition report over {ROWS:,} dossiers")
    print_ratios(scenarios)
    slower = statistics.median(report.latencies) / statistics.median(base.latencies)
    print(f"  median time per page against the minimal view: {slower:.1f}×")
    verdict(
        "recognition report: constant query count",
        small_queries == big_queries,
        f"{small_queries} at {SMALL} dossiers, {big_queries} at {ROWS:,} dossiers",
    )
    step("total", started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
