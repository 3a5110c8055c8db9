"""`make bench`: 100,000 participant files in a throwaway PostgreSQL, then the caseload.

Run through `scripts/with-postgres.sh` (it exports DATABASE_URL). Every figure is a ratio
against a baseline measured in the same run, interleaved with it, because machines are
noisy: the caseload page against a minimal view that renders 50 rows of one table through
the same middleware, and the search alone (the caseload selector: counts + one page of
25 rows) against a primary-key lookup. Every caseload variant is measured: the home page
(`/dossiers/`, the counsellor's own files) and the organisation list, each with and without
a search. The benched organisation holds 60 % of the files (60,000 at the default size):
the stress case. The verdicts are printed; the exit status is 0 either way (no timing
assertion anywhere).

Environment knobs: BENCH_ROWS (default 100000), BENCH_ROUNDS (default 24), BENCH_SEED,
BENCH_EXPLAIN=1 or `--explain` (`make bench -- --explain`: EXPLAIN (ANALYZE, BUFFERS) of
every query of every caseload variant), BENCH_INDEX_IDEAS=1 (also time a candidate
btree_gin index, interleaved with and without).
"""

from __future__ import annotations

import gc
import json
import os
import random
import re
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "atout.settings"
hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])

from bench.verdict import verdict  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "24"))
SEED = int(os.environ.get("BENCH_SEED", "20261120"))
EXPLAIN = os.environ.get("BENCH_EXPLAIN") == "1" or "--explain" in sys.argv[1:]
HTTP_BATCH = 5  # requests per scenario per round (minimal view, caseload page)
ORM_BATCH = 20  # calls per scenario per round (search, primary-key lookup)
WARMUP = 15
PAGE_ROWS = 25
# What counsellors type: fragments of frequent and rare names, an accented one, two words.
FRAGMENTS = ["tremb", "gagn", "côté", "lefeb", "nguy", "marie tremb", "bérub", "haddad"]
TARGET_CASELOAD = 0.5  # caseload throughput ≥ 0.5 × minimal view
TARGET_SEARCH = 5.0  # search p50 ≤ 5 × primary-key lookup p50 (the pk's p95 is noise)


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench: DATABASE_URL must point at PostgreSQL; run `make bench`.", file=sys.stderr)
        return 2
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    step("migrate", started)

    world = make_world()
    t = time.perf_counter()
    load_participants(world, ROWS)
    step(f"COPY {ROWS:,} participant files", t)
    t = time.perf_counter()
    vacuum_analyze()
    step("VACUUM ANALYZE (until the visibility map is set)", t)

    from django.test.utils import override_settings

    with override_settings(ROOT_URLCONF="bench.urls"):
        report(world)
    step("total", started)
    return 0


def step(label: str, since: float) -> None:
    print(f"  {label}: {time.perf_counter() - since:.1f} s", flush=True)


# --------------------------------------------------------------------------- data


def make_world() -> dict:
    """Organisations, counsellors and their memberships (ORM; a few hundred rows)."""
    from django.contrib.auth.hashers import make_password

    from atout.accounts.models import Membership, Organisation, Role, User

    Kind = Organisation.Kind
    main_org = Organisation.objects.create(
        name="Carrefour jeunesse-emploi de la Capitale", kind=Kind.EMPLOYABILITY, city="Québec"
    )
    others = [
        Organisation.objects.create(name=name, kind=Kind.EMPLOYABILITY, city=city)
        for name, city in [
            ("Service d'aide à l'emploi de l'Outaouais", "Gatineau"),
            ("Option-travail Sainte-Foy", "Québec"),
            ("Carrefour emploi Limoilou", "Québec"),
            ("Accès-emploi Estrie", "Sherbrooke"),
        ]
    ]
    cles = [
        Organisation.objects.create(name=f"CLE de {city}", kind=Kind.CLE, city=city)
        for city in [
            "Québec-Centre",
            "Charlesbourg",
            "Sainte-Foy",
            "Beauport",
            "Lévis",
            "Gatineau",
            "Hull",
            "Sherbrooke",
            "Magog",
            "Limoilou",
            "Portneuf",
            "Montmagny",
        ]
    ]
    password = make_password(None)  # unusable; the bench logs in with force_login
    counsellors: dict[int, list[int]] = {}
    for index, org in enumerate([main_org, *others]):
        count = 40 if org is main_org else 10
        users = User.objects.bulk_create(
            User(
                email=f"conseiller{index}-{n}@bench.atout.test",
                full_name=f"Conseillère {n} {org.name[:20]}",
                password=password,
            )
            for n in range(count)
        )
        Membership.objects.bulk_create(
            Membership(user=u, organisation=org, role=Role.COUNSELLOR) for u in users
        )
        counsellors[org.pk] = [u.pk for u in users]
    bench_user = User.objects.get(pk=counsellors[main_org.pk][0])
    return {
        "org": main_org,
        "orgs": [main_org, *others],
        "cles": cles,
        "counsellors": counsellors,
        "user": bench_user,
    }


def _ascii(text: str) -> str:
    from atout.participants.models import search_key

    return "".join(c for c in search_key(text) if c.isalnum())


def participant_rows(world: dict, n: int, rng: random.Random):
    """Tuples in `columns` order; search_text exactly as Participant.refresh_search_text."""
    from atout.participants.models import Participant, search_key
    from bench.names import CITIES, GIVEN_NAMES, PRONOUNS, STREETS, family_name_weights

    family_names, fam_weights = family_name_weights()
    giv_weights = [1 / (rank + 1) ** 0.6 for rank in range(len(GIVEN_NAMES))]
    families = rng.choices(family_names, weights=fam_weights, k=n)
    givens = rng.choices(GIVEN_NAMES, weights=giv_weights, k=n)
    seconds = rng.choices(GIVEN_NAMES, weights=giv_weights, k=n)
    # The benched organisation holds 60 % of the files; four others share the rest.
    orgs = world["orgs"]
    org_ids = rng.choices([o.pk for o in orgs], weights=[60, 10, 10, 10, 10], k=n)
    statuses = rng.choices(
        [Participant.Status.ACTIVE, Participant.Status.ON_HOLD, Participant.Status.CLOSED],
        weights=[55, 15, 30],
        k=n,
    )
    cle_ids = [c.pk for c in world["cles"]]
    today = date(2026, 11, 20)
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    for i in range(n):
        family = families[i]
        given = givens[i] if rng.random() > 0.2 else f"{givens[i]} {seconds[i]}"
        preferred = rng.choice(GIVEN_NAMES) if rng.random() < 0.08 else ""
        email = ""
        if rng.random() < 0.75:
            domain = rng.choice(["courriel.qc.ca", "exemple.ca", "poste.test"])
            email = f"{_ascii(given.split()[0])}.{_ascii(family)}{rng.randint(1, 999)}@{domain}"
        status = statuses[i]
        opened = today - timedelta(days=rng.randint(0, 6 * 365))
        closed = opened + timedelta(days=rng.randint(30, 400)) if status == "closed" else None
        created = now - timedelta(days=(today - opened).days, seconds=rng.randint(0, 86399))
        updated = created + timedelta(days=rng.randint(0, max(0, (today - opened).days)))
        org_id = org_ids[i]
        counsellor = rng.choice(world["counsellors"][org_id]) if rng.random() < 0.95 else None
        yield {
            "organisation_id": org_id,
            "referring_cle_id": rng.choice(cle_ids) if rng.random() < 0.8 else None,
            "counsellor_id": counsellor,
            "user_id": None,
            "given_names": given,
            "family_name": family,
            "preferred_name": preferred,
            "pronouns": rng.choice(PRONOUNS),
            "preferred_language": "fr" if rng.random() < 0.85 else "en",
            "street_address": f"{rng.randint(1, 9999)}, {rng.choice(STREETS)}",
            "city": rng.choice(CITIES),
            "province": "Québec",
            "postal_code": f"G{rng.randint(0, 9)}R {rng.randint(0, 9)}L{rng.randint(0, 9)}",
            "home_phone": f"418555{rng.randint(0, 9999):04d}" if rng.random() < 0.3 else "",
            "mobile_phone": f"581555{rng.randint(0, 9999):04d}",
            "email": email,
            "objective": "",
            "status": status,
            "opened_on": opened,
            "closed_on": closed,
            "created_at": created,
            "updated_at": updated,
            "version": 1,
            "search_text": search_key(" ".join([given, preferred, family, email]))[:500],
        }


def load_participants(world: dict, n: int) -> None:
    """COPY FROM STDIN through psycopg: 100,000 rows in seconds, indexes included."""
    from django.db import connection

    from atout.participants.models import Participant

    fields = [f for f in Participant._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    # Columns the generator does not fill (added by later issues) get the field's default.
    defaults = {}
    for f in fields:
        value = f.get_default()
        defaults[f.column] = json.dumps(value) if f.get_internal_type() == "JSONField" else value
    table = Participant._meta.db_table
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 (model metadata)
    rng = random.Random(SEED)
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in participant_rows(world, n, rng):
            copy.write_row([row[c] if c in row else defaults[c] for c in columns])
    if not connection.get_autocommit():
        connection.connection.commit()


def vacuum_analyze() -> None:
    """VACUUM until the participant table's visibility map is set, as autovacuum would have.

    Freshly copied rows are not all-visible until a VACUUM sees no older snapshot; without
    it every index-only scan (the per-status counts) visits the heap.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        for _attempt in range(5):
            cursor.execute(
                "SELECT relpages, relallvisible FROM pg_class"
                " WHERE relname = 'participants_participant'"
            )
            pages, visible = cursor.fetchone()
            if pages and visible >= pages:
                break
            time.sleep(1)
            cursor.execute("VACUUM (ANALYZE, FREEZE) participants_participant")
        print(f"  participants_participant: {visible:,} of {pages:,} pages all-visible", flush=True)


# --------------------------------------------------------------------------- measuring


class Scenario:
    def __init__(self, name: str, call, batch: int):
        self.name = name
        self.call = call  # call(i) performs one request or query
        self.batch = batch
        self.latencies: list[float] = []
        self.calls: list[int] = []  # the counter each recorded latency was called with
        self.i = 0

    def run(self, count: int, record: bool = True) -> None:
        for _ in range(count):
            t = time.perf_counter()
            self.call(self.i)
            elapsed = time.perf_counter() - t
            if record:
                self.latencies.append(elapsed)
                self.calls.append(self.i)
            self.i += 1

    def p50_of(self, k: int, every: int) -> float:
        """Median (ms) of the calls made with counter ≡ k (mod every): one fragment's."""
        mine = [d for d, i in zip(self.latencies, self.calls, strict=True) if i % every == k]
        return statistics.median(mine) * 1000

    @property
    def rate(self) -> float:
        return len(self.latencies) / sum(self.latencies)

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def caseload_url(fragment: str = "", scope: str = "organisation") -> str:
    """The caseload as counsellors open it: with a fragment, q + status=active."""
    if not fragment:
        return "/dossiers/" if scope == "mine" else f"/dossiers/?{urlencode({'scope': scope})}"
    query = urlencode({"scope": scope, "q": fragment, "status": "active"})
    return f"/dossiers/?{query}"


def run_search(world: dict, fragment: str, status: str = ""):
    """The search alone, as the product runs it: the caseload selector (counts + one page)."""
    from atout.participants.selectors import CaseloadFilters, caseload

    filters = CaseloadFilters(scope="organisation", query=fragment, status=status)
    result = caseload(user=world["user"], organisation=world["org"], filters=filters)
    list(result.page.object_list)
    return result


def report(world: dict) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from atout.participants.models import Participant

    client = Client()
    client.force_login(world["user"], backend="django.contrib.auth.backends.ModelBackend")
    pks = list(Participant.objects.values_list("pk", flat=True))
    pk_rng = random.Random(SEED + 1)
    in_org = Participant.objects.filter(organisation=world["org"]).count()
    mine = Participant.objects.filter(organisation=world["org"], counsellor=world["user"]).count()
    print(
        f"  stress case: the benched organisation holds {in_org:,} of {len(pks):,} files;"
        f" the benched counsellor's own files: {mine:,}",
        flush=True,
    )

    def get_ok(url: str) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"bench: GET {url} answered {response.status_code}")

    def minimal(i: int) -> None:
        get_ok("/bench/minimal/")

    def home(i: int) -> None:
        # The counsellor's home page as it opens: their own files, no search.
        get_ok(caseload_url(scope="mine"))

    def home_search(i: int) -> None:
        get_ok(caseload_url(FRAGMENTS[i % len(FRAGMENTS)], scope="mine"))

    def organisation(i: int) -> None:
        get_ok(caseload_url(scope="organisation"))

    def organisation_search(i: int) -> None:
        get_ok(caseload_url(FRAGMENTS[i % len(FRAGMENTS)]))

    def search(i: int) -> None:
        run_search(world, FRAGMENTS[i % len(FRAGMENTS)])

    def pk_lookup(i: int) -> None:
        Participant.objects.get(pk=pks[pk_rng.randrange(len(pks))])

    scenarios = [
        Scenario("minimal view (50 rows)", minimal, HTTP_BATCH),
        Scenario("home /dossiers/", home, HTTP_BATCH),
        Scenario("home q+status", home_search, HTTP_BATCH),
        Scenario("organisation list", organisation, HTTP_BATCH),
        Scenario("organisation q+status", organisation_search, HTTP_BATCH),
        Scenario("pk lookup", pk_lookup, ORM_BATCH),
        Scenario("search: selector", search, ORM_BATCH),
    ]
    # Sanity: the selector's page is the first 25 matches in name order.
    from atout.participants.selectors import SORTS, search_filter

    for f in FRAGMENTS:
        shown = [p.pk for p in run_search(world, f).page.object_list]
        plain = (
            Participant.objects.filter(organisation=world["org"])
            .filter(search_filter(f))
            .order_by(*SORTS["name"])[:PAGE_ROWS]
        )
        if shown != [p.pk for p in plain]:
            raise SystemExit(f"bench: the selector's page for {f!r} is not in name order")
    # Sanity: each page shows a full page of rows.
    for url in [caseload_url(FRAGMENTS[0]), caseload_url(scope="mine"), caseload_url()]:
        body = client.get(url).content.decode()
        shown = body.count('<th scope="row"')
        print(f"  {url}: {shown} rows, {len(body):,} bytes", flush=True)

    queries: dict[str, int] = {}
    for s in scenarios:
        s.run(WARMUP, record=False)
        with CaptureQueriesContext(connection) as ctx:
            s.call(0)
        queries[s.name] = len(ctx.captured_queries)

    t = time.perf_counter()
    order_rng = random.Random(SEED + 2)
    for _round in range(ROUNDS):
        order = scenarios[:]
        order_rng.shuffle(order)
        for s in order:
            gc.collect()
            s.run(s.batch)
    step(f"measurement ({ROUNDS} interleaved rounds)", t)

    base, home_s, home_q, org_s, org_q, pk, srch = scenarios
    print()
    head = f"{'scenario':<24}{'n':>6}{'req/s':>9}{'ratio':>8}{'p50 ms':>9}{'p95 ms':>9}"
    print(f"{head}{'queries':>9}")
    for s, ref in [
        (base, base),
        (home_s, base),
        (home_q, base),
        (org_s, base),
        (org_q, base),
        (pk, pk),
        (srch, pk),
    ]:
        print(
            f"{s.name:<24}{len(s.latencies):>6}{s.rate:>9.1f}{s.rate / ref.rate:>7.2f}×"
            f"{s.pct(0.5):>9.2f}{s.pct(0.95):>9.2f}{queries[s.name]:>9}"
        )
    print("  ratio: throughput against the minimal view (HTTP rows) or the pk lookup (ORM rows)")
    print(
        f"  search against the pk lookup: p50 {srch.pct(0.5) / pk.pct(0.5):.1f}×,"
        f" p95 {srch.pct(0.95) / pk.pct(0.95):.1f}× (the pk's p95 is noise: shown, not judged)"
    )

    per_fragment(world, org_q, home_q, srch)
    broad_searches(world, client, base)
    breakdown(client)
    explain(client, full=EXPLAIN)
    if os.environ.get("BENCH_INDEX_IDEAS") == "1":
        index_ideas(world)

    print()
    for s, label in [
        (home_s, "home /dossiers/ (my files, no search)"),
        (home_q, "home with search q+status"),
        (org_s, "organisation list (no search)"),
        (org_q, "organisation list with search q+status"),
    ]:
        ratio = s.rate / base.rate
        verdict(
            f"caseload {label} throughput ≥ {TARGET_CASELOAD}× minimal view",
            ratio >= TARGET_CASELOAD,
            f"{ratio:.2f}×",
        )
    search_ratio = srch.pct(0.5) / pk.pct(0.5)
    verdict(
        f"search p50 ≤ {TARGET_SEARCH:g}× pk lookup p50",
        search_ratio <= TARGET_SEARCH,
        f"{search_ratio:.1f}×",
    )


def per_fragment(world: dict, org_q: Scenario, home_q: Scenario, srch: Scenario) -> None:
    from atout.participants.models import Participant
    from atout.participants.selectors import search_filter

    print()
    print(
        f"{'fragment':<13}{'matches':>8}{'in org':>8}{'active':>8}{'mine':>6}"
        f"{'org p50':>9}{'home p50':>9}{'selector':>9}  (ms)"
    )
    org = world["org"]
    n = len(FRAGMENTS)
    for k, fragment in enumerate(FRAGMENTS):
        matches = Participant.objects.filter(search_filter(fragment))
        in_org = matches.filter(organisation=org)
        print(
            f"{fragment:<13}{matches.count():>8}{in_org.count():>8}"
            f"{in_org.filter(status='active').count():>8}"
            f"{in_org.filter(counsellor=world['user']).count():>6}"
            + "".join(f"{s.p50_of(k, n):>9.2f}" for s in (org_q, home_q, srch))
        )
    print("  matches: whole table; in org / active / mine: what the pages search")


def broad_searches(world: dict, client, base: Scenario) -> None:
    """One-letter searches: the counts stop at COUNT_CAP (« 1 000+ ») instead of reading
    every match. Median of 10 requests each, with the minimal view's p50 for scale."""
    from atout.participants.selectors import COUNT_CAP

    print()
    print(f"broad searches (counts capped at {COUNT_CAP:,}), median of 10 requests:")
    print(f"  minimal view p50 (above): {base.pct(0.5):.2f} ms")
    for fragment, status in [("e", ""), ("e", "active"), ("a", "on_hold")]:
        query = {"scope": "organisation", "q": fragment, **({"status": status} if status else {})}
        url = f"/dossiers/?{urlencode(query)}"
        times = []
        for _ in range(10):
            t = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t)
        body = response.content.decode()
        count = re.search(r'id="caseload-count"[^>]*>(.*?)</p>', body, re.S)
        summary = re.search(r'class="counts counts__detail">(.*?)</p>', body, re.S)
        p50 = statistics.median(times) * 1000
        print(f"  q={fragment!r:<4} status={status or 'any':<8} p50 {p50:7.2f} ms")
        for found in (count, summary):
            text = re.sub(r'<span class="visually-hidden">.*?</span>|<[^>]+>', "", found[1])
            print(f"      {' '.join(text.split())}")


def breakdown(client) -> None:
    """Median time of one request split into waiting on PostgreSQL and running Python."""
    from django.db import connection

    spent: list[tuple[str, float]] = []

    def timed(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append((sql, time.perf_counter() - t))

    print()
    print("one request, median of 20: total = waiting on PostgreSQL + Python")
    per_query: dict[str, list[float]] = {}
    for label, url in [
        ("minimal view", "/bench/minimal/"),
        ("home /dossiers/", caseload_url(scope="mine")),
        ("organisation", caseload_url()),
        ("caseload page", caseload_url(FRAGMENTS[0])),
    ]:
        totals, dbs = [], []
        for _ in range(20):
            spent.clear()
            with connection.execute_wrapper(timed):
                t = time.perf_counter()
                client.get(url)
                totals.append(time.perf_counter() - t)
            dbs.append(sum(d for _sql, d in spent))
            if label == "caseload page":
                for n, (sql, d) in enumerate(spent):
                    per_query.setdefault(f"{n:02d} {sql}", []).append(d)
        total, db = statistics.median(totals) * 1000, statistics.median(dbs) * 1000
        print(
            f"  {label:<14}{total:7.2f} ms = {db:6.2f} ms in {len(spent)} queries"
            f" + {total - db:6.2f} ms Python (BEGIN/COMMIT not counted)"
        )
    print(f"  caseload page q={FRAGMENTS[0]!r}, its slowest queries (median ms):")
    slowest = sorted(per_query.items(), key=lambda kv: -statistics.median(kv[1]))[:4]
    for key, ds in slowest:
        sql = " ".join(key[3:].split())
        print(f"  {statistics.median(ds) * 1000:7.2f}  {sql[:100]}")


def index_ideas(world: dict) -> None:
    """Candidate index, tried with raw SQL after the measurement (a migration would add it).

    With and without it are interleaved: "without" drops it inside a transaction that is
    rolled back, so both are measured on the same data, seconds apart.
    """
    from django.db import connection, transaction

    def median_ms(fragment: str) -> float:
        run_search(world, fragment, status="active")
        times = []
        for _ in range(5):
            t = time.perf_counter()
            run_search(world, fragment, status="active")
            times.append(time.perf_counter() - t)
        return statistics.median(times) * 1000

    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        cursor.execute(
            "CREATE INDEX bench_org_search_trgm ON participants_participant "
            "USING gin (organisation_id, search_text gin_trgm_ops)"
        )
        cursor.execute("ANALYZE participants_participant")
    built = time.perf_counter() - t
    before = dict.fromkeys(FRAGMENTS, 0.0)
    after = dict.fromkeys(FRAGMENTS, 0.0)
    for _ in range(3):
        for fragment in FRAGMENTS:
            after[fragment] += median_ms(fragment) / 3
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("DROP INDEX bench_org_search_trgm")
                before[fragment] += median_ms(fragment) / 3
                transaction.set_rollback(True)
    print()
    print(
        "index idea: gin (organisation_id, search_text gin_trgm_ops) with btree_gin"
        f" (built in {built:.1f} s)"
    )
    print(f"  {'fragment':<13}{'selector now':>13}{'with index':>12}  (ms, q + status=active)")
    for fragment in FRAGMENTS:
        print(f"  {fragment:<13}{before[fragment]:>13.2f}{after[fragment]:>12.2f}")
    print(f"  {'sum':<13}{sum(before.values()):>13.2f}{sum(after.values()):>12.2f}")
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX bench_org_search_trgm")


def explain(client, *, full: bool) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the caseload's queries on the participant table.

    Without `--explain`: the plan nodes (one line each, with their actual times) of the
    organisation search's queries. With it: every query of every caseload variant, whole
    plans.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    variants = [("organisation q+status", caseload_url(FRAGMENTS[0]))]
    if full:
        variants = [
            ("home /dossiers/", caseload_url(scope="mine")),
            ("home q+status", caseload_url(FRAGMENTS[0], scope="mine")),
            ("organisation list", caseload_url()),
            ("organisation q+status", caseload_url(FRAGMENTS[0])),
            ("organisation q=common name", caseload_url(FRAGMENTS[1])),
        ]
    for variant, url in variants:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        selects = [
            q["sql"]
            for q in ctx.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT")
            and (full or "participants_participant" in q["sql"])
        ]
        for n, sql in enumerate(selects, 1):
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                plan = [r[0] for r in cursor.fetchall()]
            print()
            print(f"EXPLAIN {variant} ({url}), query {n} of {len(selects)}:")
            print(f"  {' '.join(sql.split())[: 400 if full else 96]}…")
            # The search is one nested query: its scan is deep in the plan, so the short form
            # keeps every node's line rather than the first lines.
            shown = plan if full else [line for line in plan if "->" in line or line == plan[0]]
            for line in shown:
                print(f"  {line[:160]}")
            if not full:
                print(f"  {plan[-1]}")


if __name__ == "__main__":
    sys.exit(main())
