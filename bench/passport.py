"""`make bench`, part 2: the passport document.

In one run, interleaved: the demo passport (colour and copy) against the same engine
rendering a one-line page, and against headless Chromium printing an HTML rendering of the
same passport (an already-open page, and a fresh browser each time, as popular CV builders
do); the live-preview refresh (PNG pages); and 200 passports in sequence (time per passport
per batch, resident memory). Figures are ratios against baselines of the same run; the
verdicts are printed and the exit status is 0 either way.
"""

from __future__ import annotations

import gc
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atout.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django  # noqa: E402

django.setup()

from django.template import engines  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.html import escape  # noqa: E402

from atout.demo.data import DEMO_PASSPORTS  # noqa: E402
from atout.documents.rendering import engine  # noqa: E402
from atout.documents.rendering import passport as rendering  # noqa: E402
from bench.verdict import verdict  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_PASSPORT_ROUNDS", "30"))
SEQUENCE = 200
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# BENCH_PASSPORT_SHOTS=dir: both PDFs and their pages at 60 dpi, to compare by eye.
SHOTS = os.environ.get("BENCH_PASSPORT_SHOTS", "")


def save_shots(chromium: bytes, typst: bytes) -> None:
    import subprocess

    out = Path(SHOTS)
    out.mkdir(parents=True, exist_ok=True)
    for name, pdf in (("chromium", chromium), ("typst", typst)):
        (out / f"{name}.pdf").write_bytes(pdf)
        command = ["/usr/bin/pdftoppm", "-r", "60", "-png", out / f"{name}.pdf", out / name]
        subprocess.run(command, check=False)  # noqa: S603 (a fixed tool, the bench's own files)
    print(f"  pages of both PDFs at 60 dpi in {out}")


def demo_content() -> dict:
    """Émilie's demo passport, as `passport_content` gives it (consented contact only)."""
    spec = DEMO_PASSPORTS[0]
    return {
        "languages": "fr",
        "given_names": spec["given"],
        "family_name": spec["family"],
        "contact": {"mobile_phone": "4185550142", "email": "participant@atout.test"},
        "objective": {"fr": spec["fields"]["objective_fr"], "en": ""},
        "signature": True,
        "basic_skills": {
            "languages": {
                "fr": "français : langue maternelle ; anglais : élémentaire (A2)",
                "en": "",
            },
            "software": {"fr": spec["fields"]["software_fr"], "en": ""},
            "equipment": {"fr": spec["fields"]["equipment_fr"], "en": ""},
        },
        "logo": {"builtin": "star", "uploaded": False},
        "competencies": [
            {
                "title": {"fr": name, "en": ""},
                "link": {"fr": item["link_fr"], "en": ""},
                "evidence": item["evidence"],
            }
            for name, item in zip(
                [
                    "Travailler avec soin",
                    "Ponctualité et assiduité",
                    "Garder les lieux propres",
                    "Travailler en équipe",
                ],
                spec["competencies"],
                strict=True,
            )
        ],
        "cle": {
            "name": "Centre local d'emploi de Québec-Centre",
            "address": ["1000, route de l'Église, bureau 200", "Québec (Québec)  G1V 3V9"],
            "phone": "4185550100",
        },
        "wage_subsidy": True,
    }


# How popular CV builders make PDFs: an HTML page printed by Chromium. The page looks like
# the passport (same Inter files through @font-face, same margins, layout, table and
# footer), so the comparison measures two engines printing one document.
HTML = engines["django"].from_string((Path(__file__).parent / "passport_print.html").read_text())
INTER = Path("/usr/share/fonts/opentype/inter")


def html_for(content: dict, logo_url: str = "") -> str:
    with translation.override("fr-ca"):
        payload = rendering.passport_payload(content, lang="fr", variant="colour")
    return HTML.render({"p": payload, "fonts": INTER.as_uri(), "logo": logo_url})


def chromium_footer(content: dict) -> str:
    """Chromium's footer template: the counterpart of the passport's footer."""
    with translation.override("fr-ca"):
        payload = rendering.passport_payload(content, lang="fr", variant="colour")
    labels = payload["labels"]
    return (
        '<div style="font-family: Inter; font-size: 8pt; color: #586173; width: 100%;'
        " margin: 0 0.85in; border-top: 0.5pt solid #cdd6de; padding-top: 7pt;"
        ' display: flex; -webkit-print-color-adjust: exact;">'
        f"<span>{escape(payload['footer'])}</span>"
        f'<span style="margin-left: auto;">{escape(labels["page"])} <span class="pageNumber">'
        f'</span> {escape(labels["of"])} <span class="totalPages"></span></span></div>'
    )


def chromium_pdf(page, footer: str) -> bytes:
    return page.pdf(
        format="Letter",
        prefer_css_page_size=True,
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=footer,
    )


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        gc.collect()
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    content = demo_content()
    # A private template root with our templates plus a one-line page, so both go through
    # exactly the same engine path (copy into a per-render dir, JSON input, cached fonts).
    tmp = Path(tempfile.mkdtemp(prefix="atout-bench-typst-"))
    for source in engine.TEMPLATE_ROOT.glob("*.typ"):
        shutil.copyfile(source, tmp / source.name)
    (tmp / "one_line.typ").write_text(
        '#set page(paper: "us-letter")\n#let d = json(bytes(sys.inputs.data))\nUne ligne #d.n.\n'
    )
    engine.TEMPLATE_ROOT = tmp

    # Every call gets slightly different input: Typst memoises identical compilations, and
    # a counsellor's passport changes between two renders.
    counter = itertools.count()
    objective = content["objective"]["fr"]

    def fresh() -> dict:
        content["objective"]["fr"] = f"{objective} ({next(counter)})"
        return content

    with translation.override("fr-ca"):

        def one_line():
            return engine.render_typst("one_line.typ", {"n": next(counter)})

        def colour():
            return rendering.render_passport(fresh(), lang="fr", variant="colour")

        def copy():
            return rendering.render_passport(fresh(), lang="fr", variant="copy")

        def preview():
            return rendering.render_passport_preview(fresh(), lang="fr")

        for fn in (one_line, colour, copy, preview):
            fn()  # warm-up (font scan once per thread)
        results = {
            "one-line page": [],
            "passport colour": [],
            "passport copy": [],
            "preview (PNG pages)": [],
        }
        for _ in range(ROUNDS):
            for name, fn in (
                ("one-line page", one_line),
                ("passport colour", colour),
                ("passport copy", copy),
                ("preview (PNG pages)", preview),
            ):
                results[name].extend(timed(fn, 1))
        pages = len(preview())

        # Fonts and logo are local files, so each page is a file the browser opens (a page
        # set from a string may not load file URLs).
        logo = tmp / "logo.svg"
        logo.write_bytes(rendering.builtin_logo(content["logo"]["builtin"], "colour") or b"")
        footer = chromium_footer(content)
        htmls = []
        for n in range(ROUNDS + 1):
            page_file = tmp / f"passport-{n}.html"
            page_file.write_text(html_for(fresh(), logo.as_uri()))
            htmls.append(page_file.as_uri())
        chromium_open, chromium_fresh = [], []
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(htmls[-1])
                chromium_pdf(page, footer)
                if SHOTS:
                    save_shots(chromium_pdf(page, footer), colour().content)
                for html in htmls[:ROUNDS]:
                    # Interleave with Typst so both see the same machine load.
                    results["passport colour"].extend(timed(colour, 1))
                    start = time.perf_counter()
                    page.goto(html)
                    chromium_pdf(page, footer)
                    chromium_open.append((time.perf_counter() - start) * 1000)
                browser.close()
                for html in htmls[:5]:
                    start = time.perf_counter()
                    other = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    tab = other.new_page()
                    tab.goto(html)
                    chromium_pdf(tab, footer)
                    other.close()
                    chromium_fresh.append((time.perf_counter() - start) * 1000)
        except Exception as error:  # noqa: BLE001 (the bench reports what it could not measure)
            print(f"  Chromium comparison skipped: {error}")

        memory = [rss_mib()]
        per_batch = []
        for _batch in range(SEQUENCE // 50):
            times = timed(colour, 50)
            per_batch.append(statistics.median(times))
            memory.append(rss_mib())

    med = {name: statistics.median(values) for name, values in results.items()}
    base = med["one-line page"]
    print()
    print(f"{'passport document':<26}{'median ms':>10}{'ratio':>10}")
    for name, value in med.items():
        print(f"{name:<26}{value:>10.1f}{value / base:>9.2f}×")
    if chromium_open:
        open_med = statistics.median(chromium_open)
        print(f"{'chromium, open page':<26}{open_med:>10.1f}{open_med / base:>9.2f}×")
    if chromium_fresh:
        fresh_med = statistics.median(chromium_fresh)
        print(f"{'chromium, fresh browser':<26}{fresh_med:>10.1f}{fresh_med / base:>9.2f}×")
    print(f"  preview: {pages} PNG pages per refresh")
    print(
        "  200 passports in sequence, median ms per batch of 50: "
        + ", ".join(f"{v:.1f}" for v in per_batch)
    )
    print(
        "  resident memory (MiB) before and after each batch: "
        + ", ".join(f"{m:.0f}" for m in memory)
    )
    print()

    worst = max(med["passport colour"], med["passport copy"])
    verdict("passport ≤ 3× a one-line page", worst <= 3 * base, f"{worst / base:.2f}×")
    if chromium_open:
        speed = statistics.median(chromium_open) / med["passport colour"]
        verdict("≥ 4× faster than Chromium printing from an open page", speed >= 4, f"{speed:.1f}×")
    verdict(
        "preview refresh under 100 ms",
        med["preview (PNG pages)"] < 100,
        f"{med['preview (PNG pages)']:.0f} ms",
    )
    flat = max(per_batch) <= 1.5 * min(per_batch)
    verdict(
        "time per passport flat over 200", flat, f"{min(per_batch):.1f}–{max(per_batch):.1f} ms"
    )
    grew = memory[-1] - memory[1]
    verdict("memory bounded over 200", grew < 50, f"+{grew:.0f} MiB after the first batch")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
