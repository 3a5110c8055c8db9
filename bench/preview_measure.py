"""Preview refresh: HTML bytes and request time (issue 14, §1 preview PNGs).

Run through pytest so the project's fixtures build a file (not collected by the suite):
    .venv/bin/pytest -q -n0 --nomigrations -s -p no:cacheprovider bench/preview_measure.py
Prints the HTML bytes of one passport preview refresh and of the CV page, the image bytes a
browser fetches (first refresh; an unchanged page keeps its URL and is not fetched again), and
p50 of each request over an interleaved loop (the file's page as a reference; "preview+images"
fetches every image each round, as if nothing were cached). No timing assertion.
"""

from __future__ import annotations

import os
import re
import statistics
import time

import pytest
from django.urls import reverse

from atout.passports import services

ROUNDS = int(os.environ.get("PREVIEW_ROUNDS", "15"))


@pytest.fixture
def passport(participant, counsellor):
    passport = services.passport_start(participant=participant, actor=counsellor)
    for title in ("Fiabilité", "Travail d’équipe", "Autonomie"):
        services.key_competency_add(passport=passport, actor=counsellor, title_fr=title)
    return passport


def _ms(run) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return (time.perf_counter() - start) * 1000, result


@pytest.mark.django_db
def test_measure_preview(client_for, counsellor, participant, passport):
    client = client_for(counsellor)
    preview = reverse("passports:preview", kwargs={"pk": participant.pk})
    cv = reverse("resumes:cv", kwargs={"pk": participant.pk})
    reference = reverse("participants:detail", kwargs={"pk": participant.pk})
    times: dict[str, list[float]] = {
        "file page (reference)": [],
        "preview": [],
        "preview+images": [],
        "one image": [],
        "cv": [],
    }
    sizes: dict[str, int] = {}
    seen: set[str] = set()  # what a browser holds (immutable): fetched once
    for _round in range(ROUNDS):
        ms, _response = _ms(lambda: client.get(reference))
        times["file page (reference)"].append(ms)
        ms, response = _ms(lambda: client.get(preview))
        times["preview"].append(ms)
        html = response.content.decode()
        sizes["preview HTML"] = len(response.content)
        srcs = re.findall(r'class="preview-page" src="([^"]+)"', html)
        image_ms = 0.0
        image_bytes = 0
        for src in srcs:
            if src.startswith("/"):
                t, image = _ms(lambda src=src: client.get(src.replace("&amp;", "&")))
                assert image.status_code == 200
                times["one image"].append(t)
                image_ms += t
                if src not in seen:
                    image_bytes += len(image.content)
                seen.add(src)
        times["preview+images"].append(ms + image_ms)
        sizes.setdefault("image bytes, 1st refresh", image_bytes)
        sizes["image bytes, next refresh"] = image_bytes
        sizes["preview pages"] = len(srcs)
        ms, response = _ms(lambda: client.get(cv))
        times["cv"].append(ms)
        sizes["cv HTML"] = len(response.content)
    print()
    for name, value in sizes.items():
        print(f"{name:28} {value:>10,}")
    for name, values in times.items():
        print(f"{name:28} p50 {statistics.median(values):7.1f} ms  (n={len(values)})")
