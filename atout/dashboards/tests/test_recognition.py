"""The recognition report: figures, scopes, CSV, and a constant number of queries."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.certificates.models import Credential
from atout.certificates.tests import factories as f
from atout.dashboards import recognition_selectors as selectors
from atout.recognition.models import Dossier, DossierEvent, Phase

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def qq():
    return f.qq_organisation(name="Qualifications Québec")


@pytest.fixture
def advisor(qq):
    return f.advisor(qq)


@pytest.fixture
def cook(qq):
    return f.standard(f.committee(name="CQRHT"))


def _walk(qq, std, phases, *, start_days_ago=30, step_days=2, **fields):
    """A dossier that went through `phases` (after RECEIVED), each stay `step_days` long."""
    dossier = f.dossier(
        qq=qq,
        std=std,
        phase=phases[-1] if phases else Phase.RECEIVED,
        opened_on=(NOW - datetime.timedelta(days=start_days_ago)).date(),
        **fields,
    )
    DossierEvent.objects.filter(dossier=dossier).update(
        at=NOW - datetime.timedelta(days=start_days_ago)
    )
    previous = Phase.RECEIVED
    for index, phase in enumerate(phases, start=1):
        DossierEvent.objects.create(
            dossier=dossier,
            from_phase=previous,
            to_phase=phase,
            at=NOW - datetime.timedelta(days=start_days_ago - index * step_days),
        )
        previous = phase
    return dossier


def _credential(dossier, kind):
    return Credential.objects.create(
        dossier=dossier,
        participant=dossier.participant,
        standard=dossier.standard,
        kind=kind,
        legal_basis="2",
        issued_on=timezone.localdate(),
        number=f"N-{dossier.pk}",
    )


def test_figures(qq, advisor, cook):
    _walk(qq, cook, [Phase.RELEVANCE, Phase.INFORMED], step_days=2)
    _walk(qq, cook, [Phase.RELEVANCE, Phase.INFORMED], step_days=4)
    _walk(qq, cook, [Phase.RELEVANCE, Phase.WITHDRAWN], step_days=6)
    issued = _walk(qq, cook, [Phase.RELEVANCE, Phase.APPLIED, Phase.ISSUED], step_days=1)
    _credential(issued, Credential.Kind.CQP)
    other = f.standard(cook.committee, title="Pâtissier")
    _walk(qq, other, [], start_days_ago=400)  # opened more than a year ago
    f.dossier(std=cook)  # another Qualifications organisation's dossier: not counted

    report = selectors.recognition_report(user=advisor, organisation=qq)
    phases = {bar.key: bar.value for bar in report.by_phase}
    assert report.total == 5
    assert phases[Phase.INFORMED] == 2 and phases[Phase.RECEIVED] == 1
    assert report.open == 3
    assert [(b.label, b.value) for b in report.by_standard] == [
        ("Cuisinier ou cuisinière", 4),
        ("Pâtissier", 1),
    ]
    assert len(report.by_month) == 12
    assert sum(b.value for b in report.by_month) == 4
    times = {t.phase: t for t in report.phase_times}
    # Stays in RECEIVED: 2, 4, 6 and 1 days.
    assert times[Phase.RECEIVED].stays == 4
    assert times[Phase.RECEIVED].median_days == 3.0
    assert times[Phase.RECEIVED].mean_days == 3.2
    assert times[Phase.RELEVANCE].median_days == 3.0  # 2, 4, 6, 1 → (2 + 4) / 2
    outcomes = {b.key: b.value for b in report.outcomes}
    assert outcomes["cqp"] == 1 and outcomes["withdrawn"] == 1 and outcomes["attestation"] == 0


def test_committee_sees_the_dossiers_sent_to_it_only(qq, cook):
    sent = _walk(
        qq,
        cook,
        [Phase.RELEVANCE, Phase.INFORMED, Phase.PREPARATION, Phase.INVENTORY_DONE, Phase.SENT],
    )
    assert sent.committee == cook.committee
    _walk(qq, cook, [Phase.RELEVANCE])  # not sent: no committee
    elsewhere = f.standard(f.committee(name="CSMO commerce"))
    _walk(
        qq,
        elsewhere,
        [Phase.RELEVANCE, Phase.INFORMED, Phase.PREPARATION, Phase.INVENTORY_DONE, Phase.SENT],
    )
    evaluator = member(cook.committee, Role.COMMITTEE_EVALUATOR)
    report = selectors.recognition_report(user=evaluator, organisation=cook.committee)
    assert report.total == 1


def test_queries_do_not_grow_with_the_dossiers(qq, advisor, cook):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.recognition_report(user=advisor, organisation=qq)
        return len(ctx.captured_queries)

    _walk(qq, cook, [Phase.RELEVANCE, Phase.APPLIED, Phase.ISSUED])
    count()  # the memberships are read once per user
    few = count()
    for days in range(3, 7):
        dossier = _walk(qq, cook, [Phase.RELEVANCE, Phase.APPLIED, Phase.ISSUED], step_days=days)
        _credential(dossier, Credential.Kind.ATTESTATION)
        _walk(qq, cook, [Phase.RELEVANCE, Phase.NOT_RELEVANT], step_days=days)
    # The same phases were left (one median slice each on SQLite): the same queries.
    assert count() == few


def test_page_and_csv(client_for, qq, advisor, cook):
    _walk(qq, f.standard(cook.committee, title='=HYPERLINK("http://x")'), [Phase.RELEVANCE])
    client = client_for(advisor)
    page = client.get(reverse("dashboards:recognition"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    csv = b"".join(client.get(reverse("dashboards:recognition_csv")).streaming_content).decode()
    assert "'=HYPERLINK" in csv or "\t=HYPERLINK" in csv or "\"'=HYPERLINK" in csv
    assert ",=HYPERLINK" not in csv


def test_page_queries_bounded(client_for, qq, advisor, cook, django_assert_max_num_queries):
    for days in range(1, 4):
        _walk(qq, cook, [Phase.RELEVANCE, Phase.INFORMED, Phase.PREPARATION], step_days=days)
    client = client_for(advisor)
    client.get(reverse("dashboards:recognition"))
    with django_assert_max_num_queries(20):
        client.get(reverse("dashboards:recognition"))


def test_who_may_read_the_report(client_for, qq, cook, organisation, counsellor):
    assert client_for(counsellor).get(reverse("dashboards:recognition")).status_code == 403
    evaluator = member(cook.committee, Role.COMMITTEE_EVALUATOR)
    assert client_for(evaluator).get(reverse("dashboards:recognition")).status_code == 200
    assert Dossier.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="percentile_cont is PostgreSQL's")
def test_postgresql_sums_the_stays_as_python_does(qq, cook):
    """The report's phase times come from PostgreSQL's aggregate there and from Python on
    SQLite: same stays, same median (interpolated) and mean, to the float."""
    rng = random.Random(14)
    walks = [Phase.RELEVANCE, Phase.INFORMED, Phase.PREPARATION]
    for _ in range(9):
        dossier = _walk(qq, cook, walks[: rng.randint(0, 3)], step_days=rng.randint(1, 9))
        # Stays of fractional days.
        for event in DossierEvent.objects.filter(dossier=dossier).exclude(from_phase=""):
            event.at += datetime.timedelta(hours=rng.randint(0, 23), seconds=rng.randint(0, 59))
            event.save()
    # Two events at the same instant: a stay of zero days.
    DossierEvent.objects.create(
        dossier=dossier, from_phase=Phase.RECEIVED, to_phase=Phase.RELEVANCE, at=NOW
    )
    DossierEvent.objects.create(
        dossier=dossier, from_phase=Phase.RELEVANCE, to_phase=Phase.INFORMED, at=NOW
    )
    events = selectors._events_with_previous(Dossier.objects.filter(organisation=qq))
    in_database = selectors._stays_summed_in_postgresql(events)
    in_python = selectors._stays_summed_in_python(events)
    assert set(in_database) == set(in_python) and in_python
    for phase, (stays, median, mean) in in_python.items():
        assert in_database[phase][0] == stays
        assert in_database[phase][1:] == pytest.approx((median, mean), rel=1e-9, abs=1e-9)


def test_report_reads_the_same_dossiers_as_visible_to(qq, advisor, cook, counsellor):
    """The report's narrow read (no OR on the owners' logins) counts what visible_to shows."""
    mine = [_walk(qq, cook, [Phase.RELEVANCE]) for _ in range(2)]
    f.dossier(std=cook)  # another Qualifications organisation's dossier
    for user in (advisor, counsellor):
        narrow = selectors.report_dossiers(user, qq)
        wide = Dossier.objects.visible_to(user).filter(organisation=qq)
        assert sorted(narrow.values_list("pk", flat=True)) == sorted(
            wide.values_list("pk", flat=True)
        )
    assert {d.pk for d in selectors.report_dossiers(advisor, qq)} == {d.pk for d in mine}
    assert not selectors.report_dossiers(counsellor, qq).exists()
