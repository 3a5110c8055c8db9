from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from atout.accounts.models import Membership, Organisation, Role, User
from atout.demo.data import ACCOUNTS
from atout.participants.models import ContactConsent, Participant

pytestmark = pytest.mark.django_db

EMAILS = [
    "admin@atout.test",
    "agent.cle@atout.test",
    "conseillere@atout.test",
    "conseiller@autre.atout.test",
    "qualifications@atout.test",
    "comite@atout.test",
    "participant@atout.test",
    "candidat@atout.test",
]


def _counts():
    return (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Participant.objects.count(),
        ContactConsent.objects.count(),
    )


def test_seed_demo_creates_the_contract_and_is_idempotent():
    out = StringIO()
    call_command("seed_demo", "--password", "Premier-mot-2026", stdout=out)
    first = _counts()
    call_command("seed_demo", "--password", "Second-mot-2026", stdout=StringIO())
    assert _counts() == first
    assert [a["email"] for a in ACCOUNTS] == EMAILS
    for email in EMAILS:
        assert email in out.getvalue()
        assert authenticate(username=email, password="Second-mot-2026") is not None

    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {"cle", "employability", "qualifications", "committee"}
    for cle in Organisation.objects.filter(kind="cle"):
        assert cle.street_address and cle.postal_code

    # 30 files in the employability organisations; Qualifications Québec's candidates besides.
    employability = Participant.objects.exclude(organisation__kind="qualifications")
    assert employability.count() == 30
    assert employability.values("organisation").distinct().count() == 2
    assert User.objects.get(email="admin@atout.test").is_superuser
    roles = set(
        Membership.objects.filter(user__email="conseillere@atout.test").values_list(
            "role", flat=True
        )
    )
    # Issue 13: she also keeps the incident register (atout/demo/privacy.py).
    assert roles == {Role.COUNSELLOR, Role.ORG_ADMIN, Role.PRIVACY_OFFICER}
    own = Participant.objects.get(user__email="participant@atout.test")
    assert own.organisation.memberships.filter(user__email="conseillere@atout.test").exists()
    assert Participant.objects.filter(given_names__regex=r"[éÉèëçôœễ]").count() >= 5


def test_seed_demo_gives_a_work_history_education_and_a_proposal():
    from atout.evidence.models import Certificate, Education, Experience, Review

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    emilie = Participant.objects.get(user__email="participant@atout.test")
    jobs = Experience.objects.filter(participant=emilie, kind="job", review=Review.ACCEPTED)
    assert jobs.count() == 2
    assert all(job.place and job.started_on and job.title_en for job in jobs)
    assert Education.objects.filter(participant=emilie).count() == 2
    assert Certificate.objects.filter(participant=emilie).count() == 3
    proposed = Experience.objects.get(participant=emilie, review=Review.PROPOSED)
    assert proposed.proposed_by == emilie.user
    assert emilie.personal_profile.interests_en
    assert Education.objects.filter(abroad=True).exists()


def test_seed_demo_gives_a_letter_and_a_portfolio_selection():
    from atout.letters.models import CoverLetter
    from atout.portfolios.models import Portfolio

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    emilie = Participant.objects.get(user__email="participant@atout.test")
    letter = CoverLetter.objects.get(participant=emilie)
    assert letter.state == "approved" and letter.approved_payload
    assert "vous offrir mes services" in letter.body
    assert CoverLetter.objects.count() == 2
    portfolio = Portfolio.objects.get(participant=emilie)
    assert len(portfolio.selection["experience"]) == 1


def test_seed_demo_gives_practice_cards_that_follow_the_approved_passport():
    from atout.practice.models import PracticeCard
    from atout.practice.selectors import readiness_summary

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    emilie = Participant.objects.get(user__email="participant@atout.test")
    assert PracticeCard.objects.filter(participant=emilie).count() == 3
    rows = readiness_summary(emilie)
    ready = {row["title"]["fr"]: row["readiness"] for row in rows}
    assert ready["Travailler avec soin"] == "ready"
    assert ready["Ponctualité et assiduité"] == "getting_there"
    assert sum(row["coach_note"] for row in rows) == 1
    # The history names who wrote, though the seed runs outside any request.
    authors = {r.history_user.email for r in PracticeCard.history.filter(participant=emilie)}
    assert authors == {"participant@atout.test", "conseillere@atout.test"}


def test_seed_demo_gives_the_territories_and_emilies_measure():
    from atout.bundles.selectors import availability
    from atout.measures.models import EmployerMeasure
    from atout.territories.selectors import CleSource, cle_for_participant

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    emilie = Participant.objects.get(user__email="participant@atout.test")
    measure = EmployerMeasure.objects.get(participant=emilie)
    assert measure.letter_content_type == "application/pdf"
    version = emilie.passport.versions.get()
    assert [m["kind"] for m in version.content["measures"]] == ["wage_subsidy"]
    assert availability(emilie).cle_letters == [measure]
    valerie = Participant.objects.get(given_names="Valérie", family_name="Fournier")
    cle, source = cle_for_participant(valerie)
    assert (cle.name, source) == ("Centre local d'emploi de Lévis", CleSource.TERRITORY)
