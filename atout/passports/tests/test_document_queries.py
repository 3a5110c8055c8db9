"""The passport's PDF and preview load it in a constant number of queries (issue 14).

One scoped query for the passport and its file (no separate read of the file first), then
one per prefetched relation: adding key competencies or evidence adds no query.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atout.documents.rendering import passport as passport_rendering
from atout.evidence.tests.factories import AchievementFactory
from atout.passports import selectors
from atout.passports.models import KeyCompetency, KeyCompetencyEvidence, Passport
from atout.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def build(participant, competencies: int, evidence: int) -> Passport:
    passport = Passport.objects.create(participant=participant, objective_fr="Préposée")
    for n in range(competencies):
        # Created out of order: the document prints by position.
        kc = KeyCompetency.objects.create(
            passport=passport, position=competencies - n, title_fr=f"Compétence {n}"
        )
        for m in range(evidence):
            KeyCompetencyEvidence.objects.create(
                key_competency=kc,
                achievement=AchievementFactory(participant=participant),
                position=evidence - m,
            )
    return passport


def queries(client, url) -> int:
    cache.clear()  # the preview compiles and stores its pages each time, like a first view
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("view", ["draft_document", "preview"])
def test_query_count_does_not_grow_with_competencies_or_evidence(
    client_for, counsellor, participant, view, monkeypatch
):
    if view == "preview":
        # The same two page images whatever the content: storing more pages in a database
        # cache costs queries of its own, not the passport's.
        monkeypatch.setattr(
            passport_rendering,
            "passport_preview_job",
            lambda *a, **k: ("inputs", lambda: [b"page1", b"page2"]),
        )
    client = client_for(counsellor)
    url = reverse(f"passports:{view}", kwargs={"pk": participant.pk})
    passport = build(participant, competencies=1, evidence=1)
    client.get(url)  # the session's first request may write it
    small = queries(client, url)
    KeyCompetency.objects.filter(passport=passport).delete()
    Passport.objects.filter(pk=passport.pk).delete()
    build(participant, competencies=6, evidence=3)
    assert queries(client, url) == small


def test_one_scoped_query_loads_passport_and_file(
    counsellor, participant, django_assert_num_queries
):
    passport = build(participant, competencies=3, evidence=2)
    counsellor.refresh_from_db()
    with django_assert_num_queries(5):  # memberships, passport + file, consents, kcs, evidence
        loaded = selectors.passport_for_user(
            user=counsellor, participant_pk=participant.pk, for_document=True
        )
    assert loaded == passport
    with django_assert_num_queries(0):
        kcs = list(loaded.key_competencies.all())
        assert [kc.position for kc in kcs] == [1, 2, 3]
        assert [ev.position for ev in kcs[0].evidence.all()] == [1, 2]
        assert [ev.achievement.pk for ev in kcs[0].evidence.all()]
        assert loaded.participant.pk == participant.pk
        list(loaded.participant.consents.all())


def test_another_organisation_gets_nothing(outsider, participant):
    build(participant, competencies=1, evidence=1)
    assert selectors.passport_for_user(user=outsider, participant_pk=participant.pk) is None
    assert (
        selectors.passport_for_user(user=outsider, participant_pk=participant.pk, for_document=True)
        is None
    )


def test_malformed_pk_is_none(counsellor):
    assert selectors.passport_for_user(user=counsellor, participant_pk="x") is None


def test_the_pdf_is_still_a_logged_read(client_for, counsellor, participant, outsider):
    build(participant, competencies=1, evidence=1)
    url = reverse("passports:draft_document", kwargs={"pk": participant.pk})
    assert client_for(outsider).get(url).status_code == 404
    assert not AccessLogEntry.objects.filter(participant_id=participant.pk).exists()
    assert client_for(counsellor).get(url).status_code == 200
    entry = AccessLogEntry.objects.get(participant_id=participant.pk)
    assert entry.user == counsellor


def test_several_passports_each_get_their_own_rows(organisation, counsellor, participant):
    from atout.participants.tests.factories import ParticipantFactory

    other = ParticipantFactory(organisation=organisation, counsellor=counsellor)
    mine, theirs = build(participant, 2, 1), build(other, 1, 2)
    loaded = {p.pk: p for p in Passport.objects.for_document().filter(pk__in=[mine.pk, theirs.pk])}
    assert [kc.title_fr for kc in loaded[mine.pk].key_competencies.all()] == [
        "Compétence 1",
        "Compétence 0",
    ]
    (kc,) = loaded[theirs.pk].key_competencies.all()
    assert {ev.achievement.participant_id for ev in kc.evidence.all()} == {other.pk}
    assert all(ev.key_competency is kc for ev in kc.evidence.all())
    assert kc.passport is loaded[theirs.pk]
    # The rows cached are still a queryset: asking more of it queries as usual.
    assert loaded[mine.pk].key_competencies.filter(title_fr="Compétence 0").count() == 1


def test_memberships_and_organisations_are_one_query(rf, django_assert_num_queries):
    """OrganisationMiddleware reads the user's organisations with their memberships."""
    from atout.accounts.middleware import ACTIVE_ORG_SESSION_KEY, OrganisationMiddleware
    from atout.accounts.models import Membership, Role
    from atout.accounts.scoping import user_memberships
    from atout.accounts.tests.factories import OrganisationFactory, member

    user = member(OrganisationFactory(name="Zénith emploi"), Role.COUNSELLOR)
    first = OrganisationFactory(name="Accès travail")
    Membership.objects.create(user=user, organisation=first, role=Role.COUNSELLOR)
    Membership.objects.create(user=user, organisation=first, role=Role.ORG_ADMIN)
    closed = OrganisationFactory(name="Ancien organisme", is_active=False)
    Membership.objects.create(user=user, organisation=closed, role=Role.COUNSELLOR)
    expected = sorted(
        Membership.objects.filter(user=user, organisation__is_active=True).values_list(
            "pk", "organisation_id", "role"
        )
    )
    seen = {}

    def view(request):
        seen["request"] = request
        return None

    for wanted, active in ((None, first), (expected[0][1], user.memberships.first().organisation)):
        request = rf.get("/")
        request.user = type(user).objects.get(pk=user.pk)
        request.session = {ACTIVE_ORG_SESSION_KEY: wanted} if wanted else {}
        with django_assert_num_queries(1):
            OrganisationMiddleware(view)(request)
            assert user_memberships(request.user) == [(o, r) for _pk, o, r in expected]
        assert [o.name for o in request.organisations] == ["Accès travail", "Zénith emploi"]
        assert request.organisation == active
        assert request.capabilities
