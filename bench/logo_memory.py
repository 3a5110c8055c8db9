"""Peak memory of rendering the demo passport with the largest logo uploads accept.

Each case runs in a fresh interpreter, so its peak resident set (`ru_maxrss`) is its own:
the demo passport rendered as the builder's preview (PNG pages, after every autosave), the
colour PDF and the plain copy, with no logo, then with a logo at the pixel cap
(ATOUT_IMAGE_MAX_PIXELS, default 25 megapixels: 5,000 × 5,000, RGBA), a JPEG at the cap,
and the 13,000 × 13,000 PNG of issue 8 (refused at upload; the renderer must not decode it).

    .venv/bin/python bench/logo_memory.py
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ["none", "png-at-cap", "jpeg-at-cap", "png-13000"]


def logo_for(case: str) -> tuple[bytes | None, str | None]:
    from atout.common import images
    from atout.common.tests import builders

    side = int(images.max_pixels() ** 0.5)
    if case == "none":
        return None, None
    if case == "png-at-cap":
        return builders.noisy_png(side, side), "png"
    if case == "jpeg-at-cap":
        return builders.jpeg(side, side), "jpg"
    if case == "png-13000":
        return builders.png(13_000, 13_000), "png"
    raise SystemExit(f"unknown case {case}")


def measure(case: str, path: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from bench.passport import demo_content, rendering

    content = demo_content()
    # Built by the parent: drawing a 25-megapixel image here would count in this peak.
    logo = Path(path).read_bytes() or None
    logo_type = {"png": "png", "jpeg": "jpg"}.get(case.split("-")[0])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    warnings = []
    rendering.render_passport_preview(content, lang="fr", logo=logo, logo_type=logo_type)
    for variant in ("colour", "copy"):
        _document, found = rendering.render_passport_with_warnings(
            content, lang="fr", variant=variant, logo=logo, logo_type=logo_type
        )
        warnings.extend(found)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "case": case,
        "logo_bytes": len(logo or b""),
        "rss_before_mib": round(before / 1024),
        "peak_rss_mib": round(peak / 1024),
        "seconds_for_3_renders": round(seconds, 2),
        "logo_warnings": sorted({w for w in warnings if "logo" in w.lower()}),
    }


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--case":
        print(json.dumps(measure(sys.argv[2], sys.argv[3]), ensure_ascii=False))
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == "--build":
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atout.settings")
        import django

        django.setup()
        for case in CASES:
            (Path(sys.argv[2]) / case).write_bytes(logo_for(case)[0] or b"")
        return 0
    env = {**os.environ, "DATABASE_URL": "sqlite:///:memory:"}
    tmp = Path(tempfile.mkdtemp(prefix="atout-logo-"))
    # Linux keeps ru_maxrss across exec: this parent stays small, a child draws the logos.
    build = [sys.executable, __file__, "--build", str(tmp)]
    subprocess.run(build, cwd=ROOT, env=env, check=True)  # noqa: S603
    for case in CASES:
        path = tmp / case
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "--case", case, str(path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            print(f"{case}: failed\n{done.stderr[-2000:]}")
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{case:<12} logo {result['logo_bytes']:>9,} B  "
            f"RSS before {result['rss_before_mib']:>4} MiB  peak {result['peak_rss_mib']:>5} MiB  "
            f"{result['seconds_for_3_renders']:>6} s (preview + colour + copy)  "
            f"{'; '.join(result['logo_warnings'])}"
        )
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
