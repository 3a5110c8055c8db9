import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atout.accounts.models import Role
from atout.accounts.tests.factories import member
from atout.certificates import services
from atout.certificates.models import Application, Credential
from atout.certificates.tests import factories as f
from atout.committees.models import Decision
from atout.common.errors import ConflictError
from atout.recognition.models import Dossier, DossierEvent, Phase, Route

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def qq():
    return f.qq_organisation(name="Qualifications Québec")


@pytest.fixture
def advisor(qq):
    return f.advisor(qq, full_name="Isabelle Morin")


def _apply(advisor, dossier, day=None):
    return services.application_record(
        actor=advisor, dossier=dossier, applied_on=day or TODAY, version=dossier.version
    )


def test_application_moves_a_confirmed_dossier_to_applied(qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.CONFIRMED)
    application = _apply(advisor, dossier, TODAY - datetime.timedelta(days=2))
    dossier.refresh_from_db()
    assert dossier.phase == Phase.APPLIED
    assert dossier.version == 2
    assert application.applied_on == TODAY - datetime.timedelta(days=2)
    event = DossierEvent.objects.filter(dossier=dossier).last()
    assert (event.from_phase, event.to_phase, event.actor) == (
        Phase.CONFIRMED,
        Phase.APPLIED,
        advisor,
    )


@pytest.mark.parametrize("phase", [Phase.RELEVANCE, Phase.INFORMED])
def test_red_seal_route_applies_without_evaluation(qq, advisor, phase):
    dossier = f.dossier(qq=qq, phase=phase, route=Route.RED_SEAL)
    _apply(advisor, dossier)
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.APPLIED


@pytest.mark.parametrize(
    "phase", [Phase.RECEIVED, Phase.PREPARATION, Phase.SENT, Phase.DECIDED, Phase.APPLIED]
)
def test_application_refused_before_the_confirmation(qq, advisor, phase):
    dossier = f.dossier(qq=qq, phase=phase)
    with pytest.raises(ValidationError):
        _apply(advisor, dossier)
    assert Dossier.objects.get(pk=dossier.pk).phase == phase
    assert not Application.objects.exists()


def test_application_date_checked(qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.CONFIRMED)
    with pytest.raises(ValidationError) as future:
        _apply(advisor, dossier, TODAY + datetime.timedelta(days=1))
    assert "applied_on" in future.value.error_dict
    with pytest.raises(ValidationError):
        _apply(advisor, dossier, dossier.opened_on - datetime.timedelta(days=1))
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.CONFIRMED


def test_stale_version_is_a_conflict(qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.CONFIRMED)
    with pytest.raises(ConflictError):
        services.application_record(
            actor=advisor, dossier=dossier, applied_on=TODAY, version=dossier.version - 1
        )
    assert not Application.objects.exists()


def test_only_the_advisor_records(qq):
    dossier = f.dossier(qq=qq, phase=Phase.CONFIRMED)
    evaluator = member(dossier.standard.committee, Role.COMMITTEE_EVALUATOR)
    other_advisor = f.advisor(f.qq_organisation())
    for user in (evaluator, other_advisor):
        with pytest.raises(PermissionDenied):
            _apply(user, dossier)


def _record(advisor, dossier, **overrides):
    data = {
        "kind": Credential.Kind.ATTESTATION,
        "legal_basis": Credential.LegalBasis.COMMITTEE,
        "competencies": dossier.standard.competencies.filter(number__in=[1, 2]),
        "issued_on": TODAY,
        "number": "ATT-2026-0042",
    }
    data.update(overrides)
    return services.credential_record(actor=advisor, dossier=dossier, **data)


def test_attestation_for_a_partial_decision(qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.CONFIRMED)
    f.decide(dossier, Decision.Outcome.PARTIAL, [1, 2])
    _apply(advisor, dossier, TODAY - datetime.timedelta(days=10))
    dossier.refresh_from_db()
    credential = _record(advisor, dossier)
    dossier.refresh_from_db()
    assert dossier.phase == Phase.ISSUED
    assert credential.participant == dossier.participant
    assert credential.applied_on == TODAY - datetime.timedelta(days=10)
    assert sorted(c.number for c in credential.competencies.all()) == [1, 2]
    assert credential.issuer.startswith("Ministère")
    assert credential.history.count() == 1


def test_cqp_covers_every_essential_competency(qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.APPLIED)
    with pytest.raises(ValidationError) as refused:
        _record(advisor, dossier, kind=Credential.Kind.CQP)
    assert "competencies" in refused.value.error_dict
    credential = _record(
        advisor,
        dossier,
        kind=Credential.Kind.CQP,
        competencies=dossier.standard.competencies.all(),
        number="CQP-1",
    )
    assert credential.kind == Credential.Kind.CQP


def test_competencies_of_another_standard_refused(qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.APPLIED)
    other = f.standard(title="Boucher")
    with pytest.raises(ValidationError):
        _record(advisor, dossier, competencies=other.competencies.all())
    with pytest.raises(ValidationError):
        _record(advisor, dossier, competencies=[])
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.APPLIED


def test_legal_basis_follows_the_route(qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.APPLIED, route=Route.RED_SEAL)
    with pytest.raises(ValidationError) as refused:
        _record(advisor, dossier)
    assert "legal_basis" in refused.value.error_dict
    _record(
        advisor,
        dossier,
        kind=Credential.Kind.CQP,
        legal_basis=Credential.LegalBasis.RED_SEAL,
        competencies=dossier.standard.competencies.all(),
    )


def test_credential_only_after_the_application(qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.CONFIRMED)
    with pytest.raises(ValidationError):
        _record(advisor, dossier)
    assert not Credential.objects.exists()


def test_issue_date_not_before_the_application_nor_in_the_future(qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.CONFIRMED)
    _apply(advisor, dossier, TODAY - datetime.timedelta(days=3))
    dossier.refresh_from_db()
    for day in (TODAY - datetime.timedelta(days=4), TODAY + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            _record(advisor, dossier, issued_on=day)
        assert "issued_on" in refused.value.error_dict


def test_duplicate_number_refused(qq, advisor):
    first = f.dossier(qq=qq, phase=Phase.APPLIED)
    _record(advisor, first)
    second = f.dossier(qq=qq, phase=Phase.APPLIED, std=first.standard)
    with pytest.raises(ValidationError):
        _record(advisor, second)
