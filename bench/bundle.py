"""`make bench`, print bundle: the demo participant's full bundle, as a ratio to a one-line page.

The bundle is the one a counsellor prepares before a meeting: the passport's colour original
and 5 plain copies (the approved version's stored PDFs), the business cards, an approved cover
letter, the CV and the portfolio (approved here in person, as they would be), merged behind a
contents page — the same job the worker runs (`bundle_run`), storage write included. The
baseline is `bench/documents.py`'s one-line Typst page through the same engine. Goal (issue
10): ≤ 15×. Peak memory: tracemalloc's peak (Python allocations) during one bundle, and the
process's maximum resident size (includes Typst's own memory). Exit status 0 either way.
"""

from __future__ import annotations

import gc
import io
import itertools
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atout.settings")
os.environ["DATABASE_URL"] = "sqlite:///" + str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
os.environ["ATOUT_PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="atout-bench-media-")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402

from atout.bundles import services  # noqa: E402
from atout.bundles.models import Bundle  # noqa: E402
from atout.bundles.selectors import availability  # noqa: E402
from atout.documents.rendering import engine  # noqa: E402
from atout.participants.models import Participant  # noqa: E402
from bench.fresh import fresh_compiles  # noqa: E402
from bench.verdict import goal_mark, verdict  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_BUNDLE_ROUNDS", "5"))
GOAL = 15.0
COPIES = 5


def timed(fn) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def prepare() -> Participant:
    from atout.passports import services as passport_services
    from atout.portfolios import services as portfolio_services
    from atout.resumes import services as cv_services

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    participant = Participant.objects.get(user__email="participant@atout.test")
    found = availability(participant)
    # No worker here: make the approved version's PDFs as the worker would.
    passport_services.passport_version_documents_make(version_id=found.version.pk)
    actor = participant.counsellor
    if not found.cv:
        cv_services.cv_approve(participant=participant, actor=actor, in_person=True)
    if not found.portfolio:
        portfolio_services.portfolio_approve(participant=participant, actor=actor, in_person=True)
    return participant


def main() -> None:
    participant = prepare()
    found = availability(participant)
    options = {
        "colour": True,
        "copies": COPIES,
        "cards": True,
        "letters": [found.letters[0].pk] if found.letters else [],
        "cv": found.cv,
        "portfolio": found.portfolio,
    }

    tmp = Path(tempfile.mkdtemp(prefix="atout-bench-typst-"))
    for source in engine.TEMPLATE_ROOT.glob("*.typ"):
        shutil.copyfile(source, tmp / source.name)
    (tmp / "one_line.typ").write_text(
        '#set page(paper: "us-letter")\n#let d = json(bytes(sys.inputs.data))\nUne ligne #d.n.\n'
    )
    engine.TEMPLATE_ROOT = tmp
    engine._compiler = fresh_compiles(engine._compiler)
    counter = itertools.count()

    def one_line():
        return engine.render_typst("one_line.typ", {"n": next(counter)})

    made: list[Bundle] = []

    def bundle():
        # A new name each time, as a counsellor's edits change the file; `fresh_compiles`
        # keeps Typst from replaying a memoised compile (the name alone does not reach the
        # cards or the letter).
        Participant.objects.filter(pk=participant.pk).update(family_name=f"G{next(counter)}")
        participant.refresh_from_db()
        row = services.bundle_create_for_operator(
            participant=participant, options=options, fmt="pdf", lang="fr"
        )
        assert services.bundle_run(row.pk) == "ready"
        made.append(row)

    with translation.override("fr-ca"):
        one_line()
        tracemalloc.start()
        first = timed(bundle)  # cold: the first compilation of each template
        _size, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        lines, bundles = [], []
        for _ in range(ROUNDS):
            lines.append(timed(one_line))
            bundles.append(timed(bundle))

    last = Bundle.objects.get(pk=made[-1].pk)
    base = statistics.median(lines)
    median = statistics.median(bundles)
    ratio = median / base
    mark = goal_mark(ratio <= GOAL, f"{GOAL:.0f}×")
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\nPrint bundle of the demo participant (colour original + 5 copies + cards + letter")
    print(f"+ CV + portfolio, merged behind a contents page), {ROUNDS} rounds, median ms, ratio")
    print(f"  {'one-line page':<28} {base:8.1f} ms   1.00×")
    print(f"  {'full bundle':<28} {median:8.1f} ms {ratio:6.2f}×  {mark}")
    print(f"  {'full bundle, first (cold)':<28} {first:8.1f} ms {first / base:6.2f}×")
    print(
        f"  bundle: {last.pages} pages, {last.size / 1024:.0f} KiB; "
        f"left out: {last.notes or 'none'}"
    )
    print(
        f"  peak memory: tracemalloc {peak / 2**20:.1f} MiB (Python), max RSS {max_rss_mb:.0f} MiB"
    )
    print()
    verdict(f"print bundle ≤ {GOAL:.0f}× a one-line page", ratio <= GOAL, f"{ratio:.2f}×")


if __name__ == "__main__":
    main()
