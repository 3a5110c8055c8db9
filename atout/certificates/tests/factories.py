"""Recognition dossiers in any phase, with the committee's decision, built from the models
directly (the recognition and committee services belong to other apps; these factories
only need rows)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from atout.accounts.models import Organisation, Role
from atout.accounts.tests.factories import OrganisationFactory, member
from atout.committees.models import CompetencyEvaluation, Decision, Method, Result, Transmission
from atout.participants.tests.factories import ParticipantFactory
from atout.recognition.models import Dossier, DossierEvent, Phase, Route
from atout.standards.models import Competency, Standard

COOK_COMPETENCIES = [
    "Planifier son travail",
    "Réaliser une recette",
    "Effectuer le service",
    "Conserver les aliments",
    "Entretenir le poste de travail et les outils",
]


def qq_organisation(**fields) -> Organisation:
    return OrganisationFactory(kind=Organisation.Kind.QUALIFICATIONS, **fields)


def committee(**fields) -> Organisation:
    return OrganisationFactory(kind=Organisation.Kind.COMMITTEE, **fields)


def standard(committee_org: Organisation | None = None, *, title: str = "Cuisinier ou cuisinière"):
    std = Standard.objects.create(
        title_fr=title,
        title_en="Cook",
        noc_code="63200",
        committee=committee_org or committee(),
    )
    for number, name in enumerate(COOK_COMPETENCIES, start=1):
        Competency.objects.create(
            standard=std, number=number, title_fr=name, title_en=f"Competency {number}"
        )
    return std


def advisor(qq: Organisation, **fields):
    return member(qq, Role.RECOGNITION_ADVISOR, **fields)


def dossier(
    *,
    qq: Organisation | None = None,
    std: Standard | None = None,
    phase: str = Phase.RECEIVED,
    route: str = Route.EVALUATION,
    participant=None,
    opened_on: datetime.date | None = None,
    **fields,
) -> Dossier:
    qq = qq or qq_organisation()
    std = std or standard()
    participant = participant or ParticipantFactory(organisation=qq)
    opened = opened_on or timezone.localdate() - datetime.timedelta(days=40)
    made = Dossier.objects.create(
        participant=participant,
        organisation=qq,
        standard=std,
        phase=phase,
        route=route,
        employment_status="employed",
        never_recognised=True,
        opened_on=opened,
        committee=std.committee if phase not in (Phase.RECEIVED, Phase.RELEVANCE) else None,
        **fields,
    )
    DossierEvent.objects.create(dossier=made, to_phase=Phase.RECEIVED)
    return made


def decide(made: Dossier, outcome: str, mastered: Iterable[int], *, evaluator=None) -> Decision:
    """A transmission of the dossier, an evaluation of each competency (those numbered in
    `mastered` mastered, the others not), and the committee's decision."""
    mastered = set(mastered)
    transmission = Transmission.objects.create(
        dossier=made,
        participant=made.participant,
        organisation=made.organisation,
        committee=made.standard.committee,
        number=made.transmissions.count() + 1,
        consent_to_transmit_at=timezone.now(),
        package={},
    )
    for competency in made.standard.competencies.all():
        CompetencyEvaluation.objects.create(
            transmission=transmission,
            competency=competency,
            method=Method.INTERVIEW,
            evaluated_on=timezone.localdate(),
            evaluator=evaluator,
            result=Result.MASTERED if competency.number in mastered else Result.NOT_MASTERED,
        )
    return Decision.objects.create(
        transmission=transmission,
        outcome=outcome,
        gaps="Conserver les aliments" if outcome == Decision.Outcome.PARTIAL else "",
        pointers="PAMT cuisinier" if outcome == Decision.Outcome.PARTIAL else "",
        decided_by=evaluator,
    )
