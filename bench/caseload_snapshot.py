"""Snapshot of the caseload pages' HTML, to check a change keeps them byte for byte.

    CASELOAD_SNAPSHOT=<dir> .venv/bin/pytest -q -n0 --nomigrations -p no:cacheprovider \
        bench/caseload_snapshot.py
(required) then `diff -r` two directories. CSRF tokens are masked. Not collected by the suite.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.dashboards.tests import builders
from atout.participants.tests.factories import ParticipantFactory

PAGES = [
    "",
    "?scope=organisation",
    "?scope=organisation&q=tr&status=active",
    "?q=tr",
    "?scope=organisation&page=2",
    "?scope=organisation&sort=-opened&status=closed",
    "?scope=organisation&q=e&sort=-opened&page=2",
    "?scope=organisation&q=mimi&status=on_hold",
]


@pytest.mark.django_db
def test_snapshot(client, organisation, cle, cle_agent):
    out = Path(os.environ["CASELOAD_SNAPSHOT"])
    out.mkdir(parents=True, exist_ok=True)
    counsellor = member(organisation, Role.COUNSELLOR, full_name="Geneviève Tremblay")
    for i in range(40):
        ParticipantFactory(
            organisation=organisation,
            counsellor=counsellor if i % 3 else None,
            referring_cle=cle if i % 2 else None,
            family_name=["Tremblay", "Côté", "O’Neil <b>", "Roy"][i % 4] + str(i),
            given_names="Marie-Ève" if i % 5 else "Jean",
            preferred_name="Mimi" if i % 7 == 0 else "",
            email="" if i % 6 == 0 else f"p{i}@exemple.ca",
            status=["active", "on_hold", "closed"][i % 3],
            opened_on=date(2026, 3, 1) + timedelta(days=i * 17),
        )
    agreement = builders.agreement(cle, organisation)
    builders.request(agreement, cle_agent, status="sent", sent_days_ago=9)
    client.force_login(counsellor)
    for lang in ["fr-ca", "en"]:
        client.cookies["django_language"] = lang
        for n, query in enumerate(PAGES):
            for htmx in (False, True):
                headers = {"HX-Request": "true", "HX-Target": "caseload-results"} if htmx else {}
                body = client.get(reverse("participants:caseload") + query, headers=headers)
                text = re.sub(r'value="[A-Za-z0-9]{64}"', 'value="CSRF"', body.content.decode())
                (out / f"{lang}-{n}-{'htmx' if htmx else 'page'}.html").write_text(text)
