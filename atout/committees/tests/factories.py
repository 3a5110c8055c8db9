"""A recognition dossier ready to be sent, its parties, and a sent transmission.

Built directly with the models (the standards and recognition helpers write their own
factories in parallel; these stay small and local).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from atout.accounts.models import Organisation, Role, User
from atout.accounts.tests.factories import OrganisationFactory, member
from atout.committees import services
from atout.committees.models import Decision, Method, Result, Transmission
from atout.evidence.tests.factories import AchievementFactory
from atout.participants.models import Attachment, Audience, ContactConsent, Participant
from atout.participants.tests.factories import AttachmentFactory, ParticipantFactory
from atout.recognition.models import (
    AnalysedDocument,
    Dossier,
    EmploymentStatus,
    EvidenceUse,
    InventoryEntry,
    Mastery,
    Phase,
)
from atout.standards.models import Competency, Element, Standard


@dataclass
class Parties:
    qq: Organisation
    advisor: User
    committee: Organisation
    evaluator: User
    other_committee: Organisation
    other_evaluator: User


def parties() -> Parties:
    qq = OrganisationFactory(name="Qualifications Québec", kind=Organisation.Kind.QUALIFICATIONS)
    committee = OrganisationFactory(
        name="Conseil québécois des ressources humaines en tourisme (CQRHT)",
        kind=Organisation.Kind.COMMITTEE,
    )
    other = OrganisationFactory(
        name="Comité sectoriel de main-d’œuvre du commerce de détail",
        kind=Organisation.Kind.COMMITTEE,
    )
    return Parties(
        qq=qq,
        advisor=member(qq, Role.RECOGNITION_ADVISOR, full_name="Isabelle Morin"),
        committee=committee,
        evaluator=member(committee, Role.COMMITTEE_EVALUATOR, full_name="François Bélanger"),
        other_committee=other,
        other_evaluator=member(other, Role.COMMITTEE_EVALUATOR, full_name="Luc Gervais"),
    )


COOK_COMPETENCIES = [
    ("Planifier son travail", "Plan one's work"),
    ("Réaliser une recette", "Prepare a recipe"),
    ("Effectuer le service", "Carry out the service"),
]


def cook_standard(committee: Organisation, *, competencies: int = 3) -> Standard:
    standard = Standard.objects.create(
        title_fr="Cuisinier ou cuisinière",
        title_en="Cook",
        noc_code="63200",
        committee=committee,
        version_label="2010",
    )
    for number, (fr, en) in enumerate(COOK_COMPETENCIES[:competencies], start=1):
        competency = Competency.objects.create(
            standard=standard, number=number, title_fr=fr, title_en=en, to_be_completed=True
        )
        if number == 1:
            Element.objects.create(
                competency=competency, number=1, title_fr="Lire la fiche", title_en="Read the sheet"
            )
    return standard


def ready_dossier(p: Parties, *, phase: str = Phase.INVENTORY_DONE, **file_fields) -> Dossier:
    """A Qualifications Québec file and its dossier with a complete inventory, a CV selected
    for the package and an achievement supporting competency 2."""
    fields = {
        "organisation": p.qq,
        "given_names": "Karim",
        "family_name": "Haddad",
        "birth_date": datetime.date(1988, 3, 14),
        "email": "karim.haddad@exemple.ca",
        "mobile_phone": "4185550199",
        **file_fields,
    }
    participant: Participant = ParticipantFactory(**fields)
    ContactConsent.objects.create(
        participant=participant, field="email", audience=Audience.COMMITTEE, granted=True
    )
    standard = cook_standard(p.committee)
    dossier = Dossier.objects.create(
        participant=participant,
        organisation=p.qq,
        advisor=p.advisor,
        standard=standard,
        level="Niveau 2",
        phase=phase,
        employment_status=EmploymentStatus.EMPLOYED,
        years_in_trade=6,
        experience_summary="Six ans en cuisine de restaurant.",
        never_recognised=True,
    )
    for competency in standard.competencies.all():
        elements = list(competency.elements.all()) or [None]
        for element in elements:
            InventoryEntry.objects.create(
                dossier=dossier,
                competency=competency,
                element=element,
                self_assessment=Mastery.MASTERED,
                experience="Tous les jours au restaurant.",
            )
    cv = AttachmentFactory(
        participant=participant,
        kind=Attachment.Kind.CV,
        original_name="cv.png",
        uploaded_by=p.advisor,
    )
    analysed = AnalysedDocument.objects.create(
        dossier=dossier, attachment=cv, notes="Expérience confirmée.", analysed_by=p.advisor
    )
    analysed.competencies.add(standard.competencies.get(number=2))
    # Not selected: never sent.
    AnalysedDocument.objects.create(
        dossier=dossier,
        attachment=AttachmentFactory(participant=participant, original_name="autre.png"),
        include_in_package=False,
    )
    EvidenceUse.objects.create(
        dossier=dossier,
        competency=standard.competencies.get(number=2),
        achievement=AchievementFactory(participant=participant),
        note="Menu du midi pour 80 couverts.",
    )
    return dossier


def sent_transmission(p: Parties, **file_fields) -> Transmission:
    dossier = ready_dossier(p, **file_fields)
    return services.transmission_send(
        actor=p.advisor, dossier=dossier, consent=True, consent_on=timezone.localdate()
    )


def evaluate_all(p: Parties, transmission: Transmission, results: list[str] | None = None) -> None:
    competencies = transmission.package["competencies"]
    results = results or [Result.MASTERED] * len(competencies)
    for competency, result in zip(competencies, results, strict=True):
        services.evaluation_save(
            actor=p.evaluator,
            transmission=transmission,
            competency_id=competency["id"],
            method=Method.INTERVIEW,
            evaluated_on=timezone.localdate(),
            result=result,
        )


def decided_transmission(p: Parties, outcome: str = Decision.Outcome.PARTIAL) -> Transmission:
    transmission = sent_transmission(p)
    results = {
        Decision.Outcome.FULL: [Result.MASTERED] * 3,
        Decision.Outcome.PARTIAL: [Result.MASTERED, Result.MASTERED, Result.NOT_MASTERED],
        Decision.Outcome.NONE: [Result.NOT_MASTERED] * 3,
    }[outcome]
    evaluate_all(p, transmission, results)
    services.decision_record(
        actor=p.evaluator,
        transmission=transmission,
        outcome=outcome,
        explanation="Expérience insuffisante." if outcome == Decision.Outcome.NONE else "",
        pointers="PAMT Cuisinier ou cuisinière" if outcome == Decision.Outcome.PARTIAL else "",
    )
    return Transmission.objects.get(pk=transmission.pk)


def matrix_objects() -> dict:
    """For the URL sweeps: a Qualifications Québec dossier sent to a committee and decided
    (partial), the transmission, and the document sent with it. Built with the models (the
    sweeps build these objects hundreds of times)."""
    p = parties()
    dossier = ready_dossier(p)
    from atout.committees.selectors import package_payload

    transmission = Transmission.objects.create(
        dossier=dossier,
        participant=dossier.participant,
        organisation=p.qq,
        committee=p.committee,
        number=1,
        package=package_payload(dossier),
        consent_to_transmit_at=timezone.now(),
        sent_by=p.advisor,
        status=Transmission.Status.DECIDED,
    )
    attachment = AnalysedDocument.objects.filter(dossier=dossier, include_in_package=True).first()
    transmission.documents.add(attachment.attachment)
    Decision.objects.create(
        transmission=transmission,
        outcome=Decision.Outcome.PARTIAL,
        gaps="3. Effectuer le service",
        pointers="PAMT",
        decided_by=p.evaluator,
    )
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.DECIDED, committee=p.committee)
    return {
        "sent_dossier": dossier,
        "transmission": transmission,
        "transmission_attachment": attachment.attachment,
    }
