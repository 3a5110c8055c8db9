from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from atout.accounts.models import Membership, Role, User
from atout.certificates.models import Credential
from atout.committees.models import Decision
from atout.dashboards import recognition_selectors
from atout.participants.models import Participant
from atout.recognition.models import Dossier, DossierEvent, Phase, Route

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_a_dossier_in_every_phase(client):
    call_command("seed_demo", stdout=StringIO())
    counts = (Dossier.objects.count(), DossierEvent.objects.count(), Credential.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (
        Dossier.objects.count(),
        DossierEvent.objects.count(),
        Credential.objects.count(),
    ) == counts  # idempotent

    assert set(Dossier.objects.values_list("phase", flat=True)) == set(Phase.values)
    standard = Dossier.objects.first().standard
    assert standard.title_fr == "Cuisinier ou cuisinière"
    assert not Dossier.objects.exclude(standard=standard).exists()
    assert Dossier.objects.filter(route=Route.RED_SEAL).exists()
    lapsed = Dossier.objects.get(phase=Phase.LAPSED)
    assert lapsed.phase_before_lapse == Phase.PREPARATION

    # Events are in order and never in the future; the phase is the last event's.
    for dossier in Dossier.objects.all():
        events = list(dossier.events.order_by("at", "pk"))
        assert events[-1].to_phase == dossier.phase
        assert [e.at for e in events] == sorted(e.at for e in events)

    # A partial decision with its attestation, and a certificate.
    attestation = Credential.objects.get(kind=Credential.Kind.ATTESTATION)
    assert attestation.competencies.count() == 4
    decision = Decision.objects.get(transmission__dossier=attestation.dossier)
    assert decision.outcome == Decision.Outcome.PARTIAL
    assert Credential.objects.filter(kind=Credential.Kind.CQP).count() == 1

    # The evaluator belongs to the committee of the cook standard only.
    evaluator = User.objects.get(email="comite@atout.test")
    assert list(Membership.objects.filter(user=evaluator).values_list("organisation", "role")) == [
        (standard.committee_id, Role.COMMITTEE_EVALUATOR)
    ]

    # Émilie's files are linked with her consent.
    emilie_qq = Participant.objects.get(
        organisation__kind="qualifications", given_names="Émilie", family_name="Gagnon"
    )
    assert emilie_qq.linked_file.user.email == "participant@atout.test"
    assert emilie_qq.link_consent and emilie_qq.link_consent_at
    assert emilie_qq.linked_file.shared_with == emilie_qq.organisation

    # The report shows several months; the candidate sees the attestation.
    advisor = User.objects.get(email="qualifications@atout.test")
    report = recognition_selectors.recognition_report(
        user=advisor, organisation=emilie_qq.organisation
    )
    assert sum(1 for bar in report.by_month if bar.value) >= 4
    assert report.phase_times
    client.force_login(User.objects.get(email="candidat@atout.test"))
    page = client.get(reverse("certificates:mine"))
    assert attestation.number in page.content.decode()
