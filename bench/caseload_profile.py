"""Where a caseload page spends its Python: cProfile of the real pages on SQLite.

Run through pytest so the project's fixtures and settings apply (not collected by the suite):
    .venv/bin/pytest -q -n0 --nomigrations -s -p no:cacheprovider bench/caseload_profile.py
Builds PROFILE_FILES files (default 3000) in one organisation, then prints, for the minimal
view and each caseload variant, the median request time and query count over PROFILE_ROUNDS
interleaved rounds, and the top functions (cumulative) of one caseload variant
(PROFILE_PAGE: home, home_q, org, org_q; PROFILE_TOP lines; PROFILE_OUT=<file> saves the
profile for pstats). No timing assertion.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import random
import statistics
import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from atout.accounts.models import Organisation, Role
from atout.accounts.tests.factories import OrganisationFactory, member
from atout.participants.models import Participant, search_key

FILES = int(os.environ.get("PROFILE_FILES", "3000"))
ROUNDS = int(os.environ.get("PROFILE_ROUNDS", "15"))
PAGE = os.environ.get("PROFILE_PAGE", "home")
TOP = int(os.environ.get("PROFILE_TOP", "45"))
PAGES = {
    "minimal": "/bench/minimal/",
    "home": "/dossiers/",
    "home_q": "/dossiers/?q=tr&status=active",
    "org": "/dossiers/?scope=organisation",
    "org_q": "/dossiers/?scope=organisation&q=tr&status=active",
}
FAMILIES = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie"]


def _files(organisation, counsellors, cles) -> None:
    rng = random.Random(14)
    rows = []
    for i in range(FILES):
        family = f"{rng.choice(FAMILIES)}{'' if i % 3 else i}"
        given = rng.choice(["Marie", "Jean", "Émilie", "Luc", "Sophie"])
        email = f"{given.lower()}.{i}@exemple.ca" if i % 4 else ""
        rows.append(
            Participant(
                organisation=organisation,
                counsellor_id=counsellors[i % len(counsellors)],
                referring_cle_id=cles[i % len(cles)] if i % 5 else None,
                given_names=given,
                family_name=family,
                email=email,
                status=rng.choice(["active", "active", "on_hold", "closed"]),
                opened_on=date(2026, 11, 20) - timedelta(days=rng.randint(0, 2000)),
                search_text=search_key(f"{given} {family} {email}"),
            )
        )
    Participant.objects.bulk_create(rows, batch_size=500)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="bench.urls")
def test_profile_caseload(client):
    organisation = OrganisationFactory(name="Carrefour jeunesse-emploi de la Capitale")
    users = [member(organisation, Role.COUNSELLOR, full_name=f"Conseillère {n}") for n in range(4)]
    cles = [OrganisationFactory(name=f"CLE {n}", kind=Organisation.Kind.CLE).pk for n in range(4)]
    _files(organisation, [u.pk for u in users], cles)
    client.force_login(users[0])
    for url in PAGES.values():  # warm up caches, sessions, templates
        for _ in range(3):
            assert client.get(url).status_code == 200
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    queries: dict[str, int] = {}
    for name, url in PAGES.items():
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries[name] = len(ctx.captured_queries)
    for _ in range(ROUNDS):
        for name, url in PAGES.items():
            t = time.perf_counter()
            client.get(url)
            times[name].append((time.perf_counter() - t) * 1000)
    base = statistics.median(times["minimal"])
    print()
    for name in PAGES:
        p50 = statistics.median(times[name])
        print(
            f"  {name:<8} p50 {p50:7.2f} ms  {queries[name]:>3} queries  "
            f"throughput ratio {base / p50:.2f}×"
        )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        client.get(PAGES[PAGE])
    profiler.disable()
    if os.environ.get("PROFILE_OUT"):
        profiler.dump_stats(os.environ["PROFILE_OUT"])
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(TOP)
    print(out.getvalue())
