"""`make bench`, CLE dashboard: 100,000 participations, as a ratio to the minimal view.

Run through `scripts/with-postgres.sh` (it exports DATABASE_URL; without it, a throwaway
SQLite file is used, which is fine for a quick look at a few thousand rows). Rows are made
with bulk_create (no services): one CLE, five partner organisations with two agreements
each, and per person a file, a service request in one of the five states and a
participation in one of its states, with a feedback report when it ended.
Every person also has a participation (from the accepted request, or started by the
organisation): 100,000 participations. Every row falls in the period the dashboard is asked
for, so it aggregates all of them.

It prints the dashboard's query count with 50 rows loaded and again with all of them (the
same number: aggregates in the database), then the throughput of the dashboard page against
the minimal 50-row view of bench/urls.py, interleaved round by round through the same
middleware. Figures are ratios measured in the same run; the exit status is 0 either way.

Environment knobs: BENCH_CLE_ROWS (default 100000), BENCH_CLE_ROUNDS (default 12),
BENCH_CLE_BATCH (default 5), BENCH_SEED.
"""

from __future__ import annotations

import gc
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

ROWS = int(os.environ.get("BENCH_CLE_ROWS", "100000"))
ROUNDS = int(os.environ.get("BENCH_CLE_ROUNDS", "12"))
BATCH = int(os.environ.get("BENCH_CLE_BATCH", "5"))
SEED = int(os.environ.get("BENCH_SEED", "20261130"))
SMALL = 50
CHUNK = 5000
WARMUP = 5

import django  # noqa: E402

django.setup()

from bench.verdict import verdict  # noqa: E402


def step(label: str, since: float) -> None:
    print(f"  {label}: {time.perf_counter() - since:.1f} s", flush=True)


def make_world() -> dict:
    from django.utils import timezone

    from atout.accounts.models import Membership, Organisation, Role, User
    from atout.referrals.models import ServiceAgreement

    Kind = Organisation.Kind
    cle = Organisation.objects.create(name="CLE de Québec-Centre", kind=Kind.CLE, city="Québec")
    orgs = [
        Organisation.objects.create(name=name, kind=Kind.EMPLOYABILITY, city="Québec")
        for name in [
            "Carrefour emploi Limoilou",
            "Tremplin Travail Lévis",
            "Option-travail Sainte-Foy",
            "Accès-emploi Charlesbourg",
            "Service d'aide à l'emploi de Beauport",
        ]
    ]
    agent = User.objects.create(email="agent@bench.atout.test", full_name="Julie Côté")
    Membership.objects.create(user=agent, organisation=cle, role=Role.CLE_AGENT)
    counsellors = {}
    for org in orgs:
        user = User.objects.create(email=f"c{org.pk}@bench.atout.test", full_name="Conseillère")
        Membership.objects.create(user=user, organisation=org, role=Role.COUNSELLOR)
        counsellors[org.pk] = user
    today = timezone.localdate()
    agreements = [
        ServiceAgreement.objects.create(
            cle=cle,
            organisation=org,
            measure=measure,
            reference=f"{measure.upper()}-{org.pk}",
            starts_on=today - timedelta(days=300),
            ends_on=today + timedelta(days=65),
            planned_participants=ROWS // 8,
        )
        for org in orgs
        for measure in ("sae", "demarcheurs")
    ]
    return {"cle": cle, "agent": agent, "agreements": agreements, "counsellors": counsellors}


def load(world: dict, start: int, stop: int, rng: random.Random) -> None:
    """People start..stop-1: a file, a request and (if accepted) a participation each."""
    from django.utils import timezone

    from atout.participants.models import Participant
    from atout.participations.models import FeedbackReport, Participation
    from atout.referrals.models import ServiceRequest

    now = timezone.now()
    today = timezone.localdate()
    request_states = ["draft", "sent", "accepted", "accepted", "accepted", "declined", "withdrawn"]
    part_states = [
        "accepted",
        "in_progress",
        "in_progress",
        "passport_produced",
        "completed",
        "completed",
        "abandoned",
        "interrupted",
    ]
    routes = ["individual_pathway", "multiservice_room", "own_request"]
    outcomes = ["job", "training", "job_search", "other"]
    for first in range(start, stop, CHUNK):
        last = min(stop, first + CHUNK)
        deals = [rng.choice(world["agreements"]) for _ in range(first, last)]
        people = Participant.objects.bulk_create(
            Participant(
                organisation_id=deal.organisation_id,
                referring_cle=world["cle"],
                given_names=f"Personne{i}",
                family_name=f"Banc{i % 997}",
                opened_on=today,
            )
            for i, deal in zip(range(first, last), deals, strict=True)
        )
        requests = []
        for person, deal in zip(people, deals, strict=True):
            status = rng.choice(request_states)
            sent = None if status == "draft" else now - timedelta(days=rng.uniform(1, 330))
            decided = (
                sent + timedelta(days=rng.uniform(0.2, 30))
                if status in ("accepted", "declined")
                else None
            )
            requests.append(
                ServiceRequest(
                    cle=world["cle"],
                    agent=world["agent"],
                    agreement=deal,
                    organisation_id=deal.organisation_id,
                    participant=person if status == "accepted" else None,
                    given_names=person.given_names,
                    family_name=person.family_name,
                    objective_kind="precise",
                    objective="Commis d'entrepôt",
                    reason="little_experience",
                    income_support="last_resort",
                    entry_route=rng.choice(routes),
                    expected_start=today,
                    expected_end=today + timedelta(days=90),
                    status=status,
                    sent_at=sent,
                    decided_at=decided,
                )
            )
        requests = ServiceRequest.objects.bulk_create(requests)
        # A participation per person: from the accepted request, or else one the
        # organisation started itself under its agreement (no request).
        participations = [
            Participation(
                participant=person,
                organisation_id=r.organisation_id,
                cle=world["cle"],
                request=r if r.status == "accepted" else None,
                agreement_id=r.agreement_id,
                entry_route=r.entry_route if r.status == "accepted" else "organisation",
                counsellor=world["counsellors"][r.organisation_id],
                status=rng.choice(part_states),
                planned_end=today + timedelta(days=rng.randint(-60, 90)),
            )
            for person, r in zip(people, requests, strict=True)
        ]
        participations = Participation.objects.bulk_create(participations)
        FeedbackReport.objects.bulk_create(
            FeedbackReport(
                participation=p,
                status=rng.choice(["draft", "sent", "acknowledged"]),
                outcome=rng.choice(outcomes),
            )
            for p in participations
            if p.status in ("completed", "abandoned", "interrupted")
        )
    # Spread the participations' start over the period (auto_now_add gave them all "now").
    from django.db import connection

    with connection.cursor() as cursor:
        table = Participation._meta.db_table
        cursor.execute(
            f"UPDATE {table} SET created_at = created_at - (id % 300) * INTERVAL '1 day'"  # noqa: S608
            if connection.vendor == "postgresql"
            else f"UPDATE {table} SET created_at = datetime(created_at, '-' || (id % 300) || ' days')"  # noqa: S608, E501
        )


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


class Scenario:
    def __init__(self, name: str, url: str, client):
        self.name, self.url, self.client = name, url, client
        self.latencies: list[float] = []

    def run(self, count: int, record: bool = True) -> None:
        for _ in range(count):
            t = time.perf_counter()
            response = self.client.get(self.url)
            elapsed = time.perf_counter() - t
            if response.status_code != 200:
                raise SystemExit(f"bench: GET {self.url} answered {response.status_code}")
            if record:
                self.latencies.append(elapsed)

    @property
    def rate(self) -> float:
        return len(self.latencies) / sum(self.latencies)

    def p(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def measure_interleaved(
    scenarios: list[Scenario], *, warmup: int, rounds: int, batch: int, seed: int
) -> None:
    """Warm each scenario, then run them in shuffled interleaved rounds (noisy machines)."""
    for s in scenarios:
        s.run(warmup, record=False)
    t = time.perf_counter()
    order_rng = random.Random(seed + 1)
    for _round in range(rounds):
        order = scenarios[:]
        order_rng.shuffle(order)
        for s in order:
            gc.collect()
            s.run(batch)
    step(f"measurement ({rounds} interleaved rounds of {batch})", t)


def print_ratios(scenarios: list[Scenario]) -> None:
    """One line per scenario, its rate as a ratio of the first (the baseline)."""
    base = scenarios[0]
    print(f"{'scenario':<26}{'req/s':>9}{'ratio':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for s in scenarios:
        print(
            f"{s.name:<26}{s.rate:>9.1f}{s.rate / base.rate:>8.3f}×"
            f"{s.p(0.5):>9.1f}{s.p(0.95):>9.1f}"
        )


def check_percentiles(world: dict) -> None:
    """The one-scan PostgreSQL percentiles against the portable ordered slices."""
    from datetime import date

    from atout.dashboards import selectors

    period = selectors.period_for("custom", start=date(2000, 1, 1), end=date(2100, 1, 1))
    requests = selectors.cle_requests(world["agent"], world["cle"], period)
    waiting = selectors.waiting_times(requests)
    decided = requests.filter(
        status__in=selectors.DECIDED_STATES, sent_at__isnull=False, decided_at__isnull=False
    ).annotate(wait=selectors.WAIT)
    count = decided.count()
    sliced = (
        selectors._percentile_days(decided, count, 0.5),
        selectors._percentile_days(decided, count, 0.9),
    )
    same = "same" if sliced == (waiting.median_days, waiting.p90_days) else "DIFFERENT"
    print(
        f"  waiting days over {waiting.decided:,} decisions: median {waiting.median_days}, "
        f"p90 {waiting.p90_days} (ordered slices: {sliced[0]}, {sliced[1]} — {same})",
        flush=True,
    )


def dashboard_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request of a session writes more (session, last login)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def slowest_queries(client, url: str, rounds: int = 5) -> list[tuple[float, str]]:
    """Median time of each query of one dashboard page, the slowest first."""
    from django.db import connection

    spent: dict[int, list[float]] = {}
    sqls: dict[int, str] = {}

    for _ in range(rounds):
        counter = iter(range(1000))

        def timed(execute, sql, params, many, context, counter=counter):
            n = next(counter)
            t = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent.setdefault(n, []).append(time.perf_counter() - t)
                sqls[n] = sql

        with connection.execute_wrapper(timed):
            client.get(url)
    ranked = sorted(
        ((statistics.median(d) * 1000, sqls[n]) for n, d in spent.items()), reverse=True
    )
    return ranked


def main() -> int:
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import timezone

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    step("migrate", started)
    world = make_world()
    rng = random.Random(SEED)
    today = timezone.localdate()
    query = f"?period=custom&start={today - timedelta(days=365)}&end={today}"

    with override_settings(ROOT_URLCONF="bench.urls"):
        client = Client()
        client.force_login(world["agent"], backend="django.contrib.auth.backends.ModelBackend")
        url = "/tableaux/cle/" + query
        load(world, 0, SMALL, rng)
        small_queries = dashboard_queries(client, url)
        t = time.perf_counter()
        load(world, SMALL, ROWS, rng)
        step(f"bulk_create {ROWS:,} files, requests and their participations", t)
        t = time.perf_counter()
        analyse()
        step("ANALYZE", t)
        big_queries = dashboard_queries(client, url)

        from atout.participations.models import Participation
        from atout.referrals.models import ServiceRequest

        print(
            f"  rows: {ServiceRequest.objects.count():,} requests, "
            f"{Participation.objects.count():,} participations",
            flush=True,
        )
        check_percentiles(world)
        scenarios = [
            Scenario("minimal view (50 rows)", "/bench/minimal/", client),
            Scenario("CLE dashboard", url, client),
        ]
        measure_interleaved(scenarios, warmup=WARMUP, rounds=ROUNDS, batch=BATCH, seed=SEED)

    base, board = scenarios
    print()
    print(f"CLE dashboard over {ROWS:,} people (one year, every row in the period)")
    print_ratios(scenarios)
    slower = statistics.median(board.latencies) / statistics.median(base.latencies)
    print(f"  median time per page against the minimal view: {slower:.1f}×")
    verdict(
        "CLE dashboard: constant query count",
        small_queries == big_queries,
        f"{small_queries} at {SMALL} rows, {big_queries} at {ROWS:,} rows",
    )
    with override_settings(ROOT_URLCONF="bench.urls"):
        ranked = slowest_queries(client, url)
    print(
        f"  one page: {sum(ms for ms, _sql in ranked):.0f} ms in queries; the slowest (median ms):"
    )
    for ms, sql in ranked[:6]:
        print(f"  {ms:8.1f}  {' '.join(sql.split())[:110]}")
    step("total", started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
