"""The caseload at scale (issue 14): narrow scoping, two queries, cached filter options."""

from __future__ import annotations

import pytest
from django.core.paginator import Page
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.participants import selectors
from atout.participants.models import Participant
from atout.participants.selectors import SORTS, CaseloadFilters, search_filter
from atout.participants.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
CASELOAD = reverse("participants:caseload")


def _caseload(user, organisation, **filters):
    return selectors.caseload(
        user=user, organisation=organisation, filters=CaseloadFilters(**filters)
    )


def test_visible_through_shows_the_same_rows_as_visible_to(
    participant, counsellor, outsider, organisation, other_organisation
):
    ParticipantFactory(organisation=other_organisation)
    for user, org in [
        (counsellor, organisation),
        (outsider, organisation),
        (outsider, other_organisation),
    ]:
        narrow = Participant.objects.visible_through(user, "organisation", org)
        wide = Participant.objects.visible_to(user).filter(organisation=org)
        assert sorted(narrow.values_list("pk", flat=True)) == sorted(
            wide.values_list("pk", flat=True)
        )
    assert not Participant.objects.visible_through(outsider, "organisation", organisation).exists()


def test_status_counts_are_one_group_by_without_the_owner_condition(counsellor, organisation):
    for status in ["active", "active", "closed"]:
        ParticipantFactory(organisation=organisation, counsellor=counsellor, status=status)
    with CaptureQueriesContext(connection) as ctx:
        result = _caseload(counsellor, organisation, scope="organisation")
        list(result.page.object_list)
    assert result.status_counts == {"active": 2, "on_hold": 0, "closed": 1}
    counts = [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
    assert len(counts) == 1
    assert "COUNT(*)" in counts[0]
    assert " OR " not in counts[0]
    assert "user_id" not in counts[0]


def _files(organisation, counsellor, names_and_statuses):
    for i, (family, status) in enumerate(names_and_statuses):
        ParticipantFactory(
            organisation=organisation,
            counsellor=counsellor,
            family_name=family,
            given_names=f"Marie {i:02d}",
            email="",
            status=status,
        )


def test_search_pages_keep_the_name_order_and_counts(counsellor, organisation):
    statuses = ["active", "closed", "on_hold"]
    _files(
        organisation,
        counsellor,
        [(f"Tremblay{chr(97 + i % 26)}", statuses[i % 3]) for i in range(60)],
    )
    _files(organisation, counsellor, [("Gagnon", "active")] * 3)
    plain = list(
        Participant.objects.filter(organisation=organisation, status="active")
        .filter(search_filter("tremb"))
        .order_by(*SORTS["name"])
        .values_list("pk", flat=True)
    )
    first = _caseload(
        counsellor, organisation, scope="organisation", query="tremb", status="active"
    )
    assert first.status_counts == {"active": 20, "on_hold": 20, "closed": 20}
    assert first.total == 20
    assert [p.pk for p in first.page.object_list] == plain[:20]
    assert first.page.paginator.num_pages == 1
    every = _caseload(counsellor, organisation, scope="organisation", query="tremb")
    assert every.total == 60
    assert every.page.paginator.num_pages == 3
    second = _caseload(counsellor, organisation, scope="organisation", query="tremb", page=2)
    all_names = list(
        Participant.objects.filter(organisation=organisation)
        .filter(search_filter("tremb"))
        .order_by(*SORTS["name"])
        .values_list("pk", flat=True)
    )
    assert [p.pk for p in second.page.object_list] == all_names[25:50]
    assert second.page.number == 2
    assert second.page.has_previous() and second.page.has_next()
    # Past the last page: the last page, as Paginator.get_page does.
    beyond = _caseload(counsellor, organisation, scope="organisation", query="tremb", page=9)
    assert beyond.page.number == 3
    assert [p.pk for p in beyond.page.object_list] == all_names[50:]
    nothing = _caseload(counsellor, organisation, scope="organisation", query="zzz")
    assert nothing.total == 0
    assert list(nothing.page.object_list) == []
    assert nothing.status_counts == {"active": 0, "on_hold": 0, "closed": 0}


def test_search_takes_one_query_whatever_the_matches(counsellor, organisation):
    def queries(how_many: int) -> int:
        Participant.objects.all().delete()
        _files(organisation, counsellor, [("Tremblay", "active")] * how_many)
        with CaptureQueriesContext(connection) as ctx:
            result = _caseload(
                counsellor, organisation, scope="organisation", query="tremb", status="active"
            )
            rows = list(result.page.object_list)
            for p in rows:  # what a row shows is loaded with it
                (str(p.counsellor), str(p.referring_cle), p.get_status_display(), p.opened_on)
        assert result.total == how_many
        return len(ctx.captured_queries)

    _caseload(counsellor, organisation)  # the user's memberships, read once per request
    assert queries(3) == queries(40) == 1


def test_search_rows_are_the_files_with_their_counsellor_and_cle(counsellor, organisation, cle):
    _files(organisation, counsellor, [("Tremblay", "active")] * 3)
    _files(organisation, None, [("Tremblay", "active")])
    first = Participant.objects.order_by("pk").first()
    Participant.objects.filter(pk=first.pk).update(referring_cle=cle)
    result = _caseload(counsellor, organisation, scope="organisation", query="tremb")
    expected = {
        p.pk: p for p in Participant.objects.filter(organisation=organisation).order_by("pk")
    }
    assert sorted(p.pk for p in result.page.object_list) == sorted(expected)
    for p in result.page.object_list:
        e = expected[p.pk]
        shown = ["organisation_id", "given_names", "family_name", "preferred_name", "email"]
        assert [getattr(p, f) for f in [*shown, "status", "opened_on"]] == [
            getattr(e, f) for f in [*shown, "status", "opened_on"]
        ]
        assert str(p.counsellor or "") == str(e.counsellor or "")
        assert str(p.referring_cle or "") == str(e.referring_cle or "")
        assert p.get_absolute_url() == e.get_absolute_url()
    assert any(p.referring_cle == cle for p in result.page.object_list)
    assert any(p.counsellor is None for p in result.page.object_list)


def test_search_rows_are_noted_for_the_access_log(counsellor, organisation):
    from atout.accounts.scoping import files_read

    _files(organisation, counsellor, [("Tremblay", "active"), ("Tremblay", "closed")])
    _files(organisation, counsellor, [("Gagnon", "active")])
    noted: set[int] = set()
    token = files_read.set(noted)
    try:
        result = _caseload(
            counsellor, organisation, scope="organisation", query="tremb", status="active"
        )
    finally:
        files_read.reset(token)
    assert noted == {p.pk for p in result.page.object_list}
    assert len(noted) == 1


def test_search_page_query_count_does_not_grow(client_for, counsellor, organisation):
    client = client_for(counsellor)
    client.get(CASELOAD, {"q": "tremb"})  # warm up the session and the caches

    def page_queries(how_many: int) -> int:
        Participant.objects.all().delete()
        _files(organisation, counsellor, [("Tremblay", "active")] * how_many)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(CASELOAD, {"scope": "organisation", "q": "tremb"})
        assert response.context["caseload"].total == how_many
        return len(ctx.captured_queries)

    assert page_queries(4) == page_queries(50)


def _counsellor_options(response) -> list[str]:
    return [label for _pk, label in response.context["form"].fields["counsellor"].choices]


def test_filter_options_come_from_the_cache_and_follow_changes(
    client_for, counsellor, organisation
):
    client = client_for(counsellor)
    assert "Geneviève Tremblay" in _counsellor_options(client.get(CASELOAD))
    with CaptureQueriesContext(connection) as ctx:
        client.get(CASELOAD)
    assert not any(
        "accounts_membership" in q["sql"] and "DISTINCT" in q["sql"] for q in ctx.captured_queries
    )
    # A renamed counsellor shows on the next request.
    counsellor.full_name = "Geneviève Tremblay-Roy"
    counsellor.save()
    assert "Geneviève Tremblay-Roy" in _counsellor_options(client.get(CASELOAD))
    # So does a new colleague, and a closed CLE leaves the list.
    member(organisation, Role.COUNSELLOR, full_name="Samuel Nadeau")
    response = client.get(CASELOAD)
    assert "Samuel Nadeau" in _counsellor_options(response)


def test_cle_options_follow_a_renamed_cle(client_for, counsellor, cle):
    client = client_for(counsellor)
    labels = [label for _pk, label in client.get(CASELOAD).context["form"].fields["cle"].choices]
    assert str(cle) in labels
    cle.name = "CLE de Charlesbourg (nouveau nom)"
    cle.save()
    labels = [label for _pk, label in client.get(CASELOAD).context["form"].fields["cle"].choices]
    assert "CLE de Charlesbourg (nouveau nom)" in labels


def test_a_login_does_not_drop_the_cached_options(
    counsellor, organisation, django_assert_num_queries
):
    selectors.caseload_filter_options(organisation=organisation)
    counsellor.save(update_fields=["last_login"])
    # Both lists still cached: a single cache read (one query with the database cache).
    with CaptureQueriesContext(connection) as ctx:
        selectors.caseload_filter_options(organisation=organisation)
    assert not any("accounts_membership" in q["sql"] for q in ctx.captured_queries)


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_rows_print_the_same_link_status_and_date(
    client_for, counsellor, organisation, language, settings
):
    from datetime import date

    from django.template.defaultfilters import date as django_date
    from django.utils import translation

    files = [
        ParticipantFactory(
            organisation=organisation,
            counsellor=counsellor,
            status=status,
            opened_on=date(2026, month, 1),
        )
        for month, status in [(3, "active"), (3, "on_hold"), (11, "closed")]
    ]
    client = client_for(counsellor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(CASELOAD).content.decode()
    with translation.override(language):
        for p in files:
            assert f'<a href="{reverse("participants:detail", args=[p.pk])}">' in page
            assert f">{p.get_status_display()}</span>" in page
            assert f">{django_date(p.opened_on, 'SHORT_DATE_FORMAT')}</td>" in page


@pytest.fixture
def broad(counsellor, organisation, monkeypatch):
    """70 « Tremblay » files (50 active, 15 on hold, 5 closed) and a cap of 30."""
    monkeypatch.setattr(selectors, "COUNT_CAP", 30)
    statuses = ["active"] * 50 + ["on_hold"] * 15 + ["closed"] * 5
    _files(
        organisation,
        counsellor,
        [(f"Tremblay{chr(97 + i % 26)}{i:02d}", status) for i, status in enumerate(statuses)],
    )


def _in_name_order(organisation, **filters):
    return list(
        Participant.objects.filter(organisation=organisation, **filters)
        .filter(search_filter("tremb"))
        .order_by(*SORTS["name"])
        .values_list("pk", flat=True)
    )


def test_a_broad_search_counts_up_to_the_cap(broad, counsellor, organisation):
    result = _caseload(counsellor, organisation, scope="organisation", query="tremb")
    assert result.capped == {"active"}
    assert result.status_counts == {"active": 30, "on_hold": 15, "closed": 5}
    assert (result.total, result.total_capped) == (50, True)
    every = _in_name_order(organisation)
    assert [p.pk for p in result.page.object_list] == every[:25]
    second = _caseload(counsellor, organisation, scope="organisation", query="tremb", page=2)
    assert [p.pk for p in second.page.object_list] == every[25:50]
    assert second.pages_label == "2+"
    # A status under the cap is exact, even when another one is capped.
    on_hold = _caseload(
        counsellor, organisation, scope="organisation", query="tremb", status="on_hold"
    )
    assert (on_hold.total, on_hold.total_capped) == (15, False)
    assert [p.pk for p in on_hold.page.object_list] == _in_name_order(
        organisation, status="on_hold"
    )
    active = _caseload(
        counsellor, organisation, scope="organisation", query="tremb", status="active"
    )
    assert (active.total, active.total_capped) == (30, True)
    assert [p.pk for p in active.page.object_list] == _in_name_order(organisation, status="active")[
        :25
    ]


def test_a_broad_search_reads_a_constant_number_of_queries(counsellor, organisation, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 30)

    def queries(how_many: int) -> tuple[int, list[str]]:
        Participant.objects.all().delete()
        _files(organisation, counsellor, [("Tremblay", "active")] * how_many)
        with CaptureQueriesContext(connection) as ctx:
            result = _caseload(counsellor, organisation, scope="organisation", query="tremb")
            rows = list(result.page.object_list)
            for p in rows:
                (str(p.counsellor), str(p.referring_cle), p.opened_on)
        assert result.total_capped
        return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]

    _caseload(counsellor, organisation)  # the user's memberships, read once per request
    few, _sql = queries(40)
    many, sql = queries(120)
    assert few == many == 3
    # Every read of the matches stops early: the probe and the per-status counts at cap + 1,
    # the page after its rows.
    assert sum(s.count("LIMIT 31") for s in sql) == 4
    assert "LIMIT 25" in sql[-1]


def test_the_page_says_when_a_count_is_capped(broad, client_for, counsellor, settings):
    client = client_for(counsellor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(CASELOAD, {"scope": "organisation", "q": "tremb"}).content.decode()
    assert "At least 50 files found: the count stops there." in page
    assert '<span aria-hidden="true">30+</span>' in page
    assert '<span class="visually-hidden">at least 30</span>' in page
    assert "Page 1 of 2+" in page
    exact = client.get(CASELOAD, {"scope": "organisation", "q": "tremb", "status": "closed"})
    assert "5 files found" in exact.content.decode()
    assert "+</span>" in exact.content.decode()  # the active count is still capped


def test_a_capped_total_is_grouped_the_quebec_way(counsellor, organisation):
    result = selectors.Caseload(
        page=Page([], 1, selectors._CountedPaginator([], 25, known_count=2450)),
        total=2450,
        status_counts={"active": 1000, "on_hold": 450, "closed": 1000},
        capped=frozenset({"active", "closed"}),
        total_capped=True,
    )
    from django.utils import translation

    with translation.override("fr-ca"):
        assert result.total_label == "2\xa0450"
        assert result.status_summary[0][1:] == ("1\xa0000", True)
        assert result.status_summary[1][1:] == (450, False)
    with translation.override("en"):
        assert result.total_label == "2,450"


def test_the_lists_counts_come_from_the_cache_until_a_file_changes(
    client_for, counsellor, organisation, other_organisation
):
    for status in ["active", "active", "closed"]:
        ParticipantFactory(organisation=organisation, counsellor=counsellor, status=status)
    client = client_for(counsellor)

    def counted(**params) -> tuple[dict, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(CASELOAD, {"scope": "organisation", **params})
        group_by = [q for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
        return response.context["caseload"].status_counts, len(group_by)

    assert counted() == ({"active": 2, "on_hold": 0, "closed": 1}, 1)
    assert counted() == ({"active": 2, "on_hold": 0, "closed": 1}, 0)
    assert counted(counsellor=counsellor.pk)[1] == 1  # other filters: their own entry
    ParticipantFactory(organisation=other_organisation)  # another organisation's generation
    assert counted() == ({"active": 2, "on_hold": 0, "closed": 1}, 0)
    moved = ParticipantFactory(organisation=organisation, counsellor=counsellor, status="on_hold")
    assert counted() == ({"active": 2, "on_hold": 1, "closed": 1}, 1)
    moved.status = "closed"
    moved.save()
    assert counted() == ({"active": 2, "on_hold": 0, "closed": 2}, 1)
    moved.delete()
    assert counted() == ({"active": 2, "on_hold": 0, "closed": 1}, 1)


def test_the_lists_counts_are_the_users_own(client_for, counsellor, organisation):
    other = member(organisation, Role.COUNSELLOR)
    ParticipantFactory(organisation=organisation, counsellor=counsellor, status="active")
    mine = client_for(counsellor).get(CASELOAD).context["caseload"]
    theirs = client_for(other).get(CASELOAD).context["caseload"]
    assert (mine.total, theirs.total) == (1, 0)
