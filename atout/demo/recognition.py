"""Demo data of the skills recognition service (RCMO): the tourism committee and its cook
standard, Qualifications Québec's candidates with a dossier in every phase (events
backdated over the past months so the report shows months and durations), the committee's
decisions, an attestation and a certificate, and Émilie's Qualifications Québec file linked
to her passport file with her recorded consent.

Rows are made with the models directly (the recognition and committee services belong to
other apps); idempotent: a candidate who already has a dossier is left as is.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from atout.accounts.models import Membership, Organisation, Role, User
from atout.certificates.models import Application, Credential
from atout.committees.models import CompetencyEvaluation, Decision, Method, Result, Transmission
from atout.participants.models import Participant, SharedPart
from atout.recognition.models import (
    Dossier,
    DossierEvent,
    EmploymentStatus,
    Meeting,
    Phase,
    Route,
)
from atout.standards.models import Competency, Standard

CQRHT = "Conseil québécois des ressources humaines en tourisme (CQRHT)"
COOK = "Cuisinier ou cuisinière"
# The five essential competencies of the cook standard (domain-facts §1.6); elements and
# criteria are the committee's to give: marked « à compléter par le comité ».
COOK_COMPETENCIES = [
    ("Planifier son travail", "Plan one's work"),
    ("Réaliser une recette", "Prepare a recipe"),
    ("Effectuer le service", "Carry out the service"),
    ("Conserver les aliments", "Store food"),
    ("Entretenir le poste de travail et les outils", "Maintain the workstation and tools"),
]

P = Phase
TO_SENT = [P.RELEVANCE, P.INFORMED, P.PREPARATION, P.INVENTORY_DONE, P.SENT]
# Days spent in the phase a move leaves (the demo's typical durations).
STAY_DAYS = {
    P.RECEIVED: 4,
    P.RELEVANCE: 6,
    P.INFORMED: 9,
    P.PREPARATION: 26,
    P.INVENTORY_DONE: 5,
    P.SENT: 17,
    P.EVALUATION: 38,
    P.DECIDED: 9,
    P.CONFIRMED: 16,
    P.APPLIED: 31,
}

# (given, family, path after RECEIVED, extras). Fictional people.
CANDIDATES: list[tuple[str, str, list[str], dict[str, Any]]] = [
    ("Sophie", "Lavoie", [], {"years": 4}),
    ("Mathieu", "Cloutier", [P.RELEVANCE], {"years": 7}),
    ("Nadia", "Haddad", [P.RELEVANCE, P.INFORMED], {"years": 3}),
    ("Olivier", "Gauthier", TO_SENT[:3], {"years": 9, "cle": True}),
    ("Lucie", "Fortin", TO_SENT[:4], {"years": 6}),
    ("Samuel", "Pelletier", TO_SENT, {"years": 12}),
    ("Rosa", "Mendoza", [*TO_SENT, P.EVALUATION], {"years": 8}),
    ("Thomas", "Roy", [*TO_SENT, P.EVALUATION, P.DECIDED], {"years": 5, "decision": "partial"}),
    (
        "Amélie",
        "Bergeron",
        [*TO_SENT, P.EVALUATION, P.DECIDED, P.CONFIRMED],
        {"years": 15, "decision": "full"},
    ),
    (
        "Daniel",
        "Tremblay",
        [P.RELEVANCE, P.APPLIED],
        {"years": 11, "red_seal": True},
    ),
    (
        "Hélène",
        "Dubé",
        [*TO_SENT, P.EVALUATION, P.DECIDED, P.CONFIRMED, P.APPLIED, P.ISSUED],
        {"years": 20, "decision": "full", "credential": Credential.Kind.CQP},
    ),
    (
        "Karim",
        "Benali",
        [*TO_SENT, P.EVALUATION, P.DECIDED, P.CONFIRMED, P.APPLIED, P.ISSUED],
        {
            "years": 6,
            "decision": "partial",
            "credential": Credential.Kind.ATTESTATION,
            "login": "candidat@atout.test",
            "cle": True,
        },
    ),
    ("Julien", "Caron", [P.RELEVANCE, P.NOT_RELEVANT], {"years": 0.5}),
    ("Chantal", "Morin", TO_SENT[:3] + [P.WITHDRAWN], {"years": 4}),
    (
        "Victor",
        "Nguyen",
        [P.RELEVANCE, P.REDIRECTED],
        {
            "years": 2,
            "redirected": (
                "Reconnaissance des acquis et des compétences (RAC), "
                "centre de formation professionnelle"
            ),
        },
    ),
    (
        "Isabeau",
        "Girard",
        [*TO_SENT, P.EVALUATION, P.DECIDED, P.NOT_RECOGNISED],
        {"years": 3, "decision": "none"},
    ),
    ("Patrick", "Lemieux", TO_SENT[:3] + [P.LAPSED], {"years": 5}),
]

MASTERED = {"full": {1, 2, 3, 4, 5}, "partial": {1, 2, 3, 5}, "none": set()}


def committee_and_standard() -> tuple[Organisation, Standard]:
    """The tourism committee and its cook standard, made here if the standards' data
    migration did not (found by name)."""
    committee, _ = Organisation.objects.get_or_create(
        name=CQRHT, kind=Organisation.Kind.COMMITTEE, defaults={"city": "Montréal"}
    )
    standard = Standard.objects.filter(title_fr=COOK).order_by("pk").first()
    if standard is None:
        standard = Standard.objects.create(
            title_fr=COOK,
            title_en="Cook",
            noc_code="63200",
            committee=committee,
            approved_on=datetime.date(2010, 4, 15),
            levels=(
                "Niveau 1 : cuisines d’assemblage; niveau 2 : cuisines de transformation "
                "(seul le niveau 2 mène au Sceau rouge)."
            ),
            is_complete=False,
        )
    if not standard.competencies.exists():
        for number, (fr, en) in enumerate(COOK_COMPETENCIES, start=1):
            Competency.objects.create(
                standard=standard, number=number, title_fr=fr, title_en=en, to_be_completed=True
            )
    return standard.committee, standard


def _evaluator_in(committee: Organisation, users: dict[str, User]) -> User | None:
    """The demo evaluator belongs to the committee that owns the cook standard (moved from
    the retail committee, where earlier demo data had put him)."""
    evaluator = users.get("comite@atout.test")
    if evaluator is None:
        return None
    Membership.objects.get_or_create(
        user=evaluator, organisation=committee, role=Role.COMMITTEE_EVALUATOR
    )
    Membership.objects.filter(user=evaluator, role=Role.COMMITTEE_EVALUATOR).exclude(
        organisation=committee
    ).delete()
    return evaluator


def _qq_file(
    qq: Organisation, given: str, family: str, advisor: User | None, opened: datetime.date
) -> Participant:
    participant = Participant.objects.filter(
        organisation=qq, given_names=given, family_name=family
    ).first()
    if participant is None:
        participant = Participant.objects.create(
            organisation=qq,
            given_names=given,
            family_name=family,
            counsellor=advisor,
            city="Québec",
            opened_on=opened,
        )
    return participant


def _transmission(dossier: Dossier, at: datetime.datetime, advisor: User | None) -> Transmission:
    return Transmission.objects.create(
        dossier=dossier,
        participant=dossier.participant,
        organisation=dossier.organisation,
        committee=dossier.standard.committee,
        number=1,
        package={"demo": True},
        consent_to_transmit_at=at,
        sent_at=at,
        sent_by=advisor,
    )


def _decide(
    transmission: Transmission, outcome: str, at: datetime.datetime, evaluator: User | None
) -> Decision:
    mastered = MASTERED[outcome]
    for competency in transmission.dossier.standard.competencies.order_by("number"):
        CompetencyEvaluation.objects.create(
            transmission=transmission,
            competency=competency,
            method=Method.PRACTICAL_TEST if competency.number == 2 else Method.INTERVIEW,
            evaluated_on=(at - datetime.timedelta(days=7)).date(),
            evaluator=evaluator,
            result=Result.MASTERED if competency.number in mastered else Result.NOT_MASTERED,
        )
    texts = {
        "partial": {
            "gaps": "Conserver les aliments (compétence 4).",
            "pointers": (
                "Programme d’apprentissage en milieu de travail (PAMT) cuisinier, ou un module "
                "de formation professionnelle sur l’hygiène et la salubrité alimentaires."
            ),
        },
        "none": {
            "explanation": (
                "L’expérience décrite ne couvre pas encore les compétences de la norme. "
                "Le PAMT permet de les acquérir en emploi."
            )
        },
    }
    transmission.status = Transmission.Status.DECIDED
    transmission.received_at = transmission.sent_at + datetime.timedelta(days=2)
    transmission.save(update_fields=["status", "received_at"])
    return Decision.objects.create(
        transmission=transmission,
        outcome=outcome,
        decided_at=at,
        decided_by=evaluator,
        **texts.get(outcome, {}),
    )


def seed_recognition(orgs: dict[str, Organisation], users: dict[str, User]) -> int:
    """Make the recognition demo; returns the number of dossiers created."""
    qq = orgs["qq"]
    committee, standard = committee_and_standard()
    evaluator = _evaluator_in(committee, users)
    advisor = users.get("qualifications@atout.test")
    now = timezone.now()
    created = 0
    for index, (given, family, path, extra) in enumerate(CANDIDATES):
        # Each stay a little longer or shorter than the typical one, so medians and means
        # differ from one phase to the next.
        stays = [
            max(1, STAY_DAYS.get(phase, 10) + (index * 5 + k * 3) % 7 - 3)
            for k, phase in enumerate([P.RECEIVED, *path[:-1]])
        ]
        total = sum(stays) if path else 0
        # Spread the openings over the past months; the last move is a few days old.
        start = now - datetime.timedelta(days=total + 3 + (index * 13) % 120)
        participant = _qq_file(qq, given, family, advisor, start.date())
        if Dossier.objects.filter(participant=participant).exists():
            continue
        login = extra.get("login")
        if login and participant.user_id is None:
            participant.user = users.get(login)
            participant.save(update_fields=["user"])
        created += 1
        _dossier(participant, qq, standard, path, extra, start, orgs, advisor, evaluator, stays)
    created += _emilie(orgs, qq, standard, advisor, now)
    return created


def _dossier(
    participant: Participant,
    qq: Organisation,
    standard: Standard,
    path: list[str],
    extra: dict[str, Any],
    start: datetime.datetime,
    orgs: dict[str, Organisation],
    advisor: User | None,
    evaluator: User | None,
    stays: list[int] | None = None,
) -> Dossier:
    final = path[-1] if path else P.RECEIVED
    sent = P.SENT in path
    dossier = Dossier.objects.create(
        participant=participant,
        organisation=qq,
        cle=orgs["cle"] if extra.get("cle") else None,
        advisor=advisor,
        standard=standard,
        level="Niveau 2" if extra.get("years", 0) >= 5 else "",
        committee=standard.committee if sent else None,
        phase=final,
        route=Route.RED_SEAL if extra.get("red_seal") else Route.EVALUATION,
        employment_status=EmploymentStatus.EMPLOYED
        if index_even(participant)
        else EmploymentStatus.UNEMPLOYED,
        years_in_trade=extra.get("years", 1),
        experience_summary="Cuisine d’un restaurant familial et d’une cafétéria d’entreprise.",
        never_recognised=True,
        income_support="last_resort" if extra.get("cle") else "",
        holds_red_seal=bool(extra.get("red_seal")),
        redirected_to=extra.get("redirected", ""),
        closure_reason=(
            "Moins d’un an d’expérience dans le métier."
            if final == P.NOT_RELEVANT
            else "La personne a accepté un emploi hors du métier."
            if final == P.WITHDRAWN
            else ""
        ),
        phase_before_lapse=P.PREPARATION if final == P.LAPSED else "",
        opened_on=start.date(),
    )
    at = start
    DossierEvent.objects.create(dossier=dossier, at=at, actor=advisor, to_phase=P.RECEIVED)
    previous = P.RECEIVED
    transmission = None
    decision = None
    for index, phase in enumerate(path):
        days = stays[index] if stays else STAY_DAYS.get(previous, 10)
        at = at + datetime.timedelta(days=days)
        DossierEvent.objects.create(
            dossier=dossier, at=at, actor=advisor, from_phase=previous, to_phase=phase
        )
        if phase == P.SENT:
            transmission = _transmission(dossier, at, advisor)
        if phase == P.EVALUATION and transmission is not None:
            transmission.status = Transmission.Status.UNDER_EVALUATION
            transmission.received_at = transmission.sent_at + datetime.timedelta(days=2)
            transmission.received_by = evaluator
            transmission.save(update_fields=["status", "received_at", "received_by"])
        if phase == P.DECIDED and transmission is not None:
            decision = _decide(transmission, extra["decision"], at, evaluator)
        if phase == P.CONFIRMED and decision is not None:
            decision.confirmation_sent_at = at
            decision.confirmation = {"demo": True}
            decision.save(update_fields=["confirmation_sent_at", "confirmation"])
        if phase == P.APPLIED:
            Application.objects.create(dossier=dossier, applied_on=at.date(), recorded_by=advisor)
        if phase == P.ISSUED:
            _credential(dossier, extra["credential"], at, advisor)
        previous = phase
    Meeting.objects.create(
        dossier=dossier,
        held_at=start + datetime.timedelta(days=1),
        mode=Meeting.Mode.PHONE,
        duration_minutes=30,
        notes="Premier appel : expérience et norme visée.",
        advisor=advisor,
    )
    Dossier.objects.filter(pk=dossier.pk).update(
        phase_changed_at=at, last_activity_at=at, created_at=start
    )
    return dossier


def index_even(participant: Participant) -> bool:
    return participant.pk % 2 == 0


def _credential(
    dossier: Dossier, kind: str, at: datetime.datetime, advisor: User | None
) -> Credential:
    application = Application.objects.filter(dossier=dossier).first()
    red_seal = dossier.route == Route.RED_SEAL
    credential = Credential.objects.create(
        dossier=dossier,
        participant=dossier.participant,
        standard=dossier.standard,
        kind=kind,
        legal_basis=Credential.LegalBasis.RED_SEAL if red_seal else Credential.LegalBasis.COMMITTEE,
        applied_on=application.applied_on if application else None,
        issued_on=at.date(),
        number=f"{'CQP' if kind == Credential.Kind.CQP else 'ATT'}-{at:%Y}-{dossier.pk:05d}",
        recorded_by=advisor,
    )
    if kind == Credential.Kind.CQP:
        covered = dossier.standard.competencies.all()
    else:
        decision = Decision.objects.filter(transmission__dossier=dossier).first()
        ids = decision.transmission.evaluations.filter(result=Result.MASTERED).values_list(
            "competency_id", flat=True
        )
        covered = Competency.objects.filter(pk__in=list(ids))
    credential.competencies.set(covered)
    return credential


def _emilie(
    orgs: dict[str, Organisation],
    qq: Organisation,
    standard: Standard,
    advisor: User | None,
    now: datetime.datetime,
) -> int:
    """Émilie's Qualifications Québec file, linked to her passport file at Carrefour emploi
    Limoilou with the consent she gave from her own account; a dossier in the relevance
    check (her volunteering in a community kitchen)."""
    passport_file = Participant.objects.filter(
        organisation=orgs["org1"], given_names="Émilie", family_name="Gagnon"
    ).first()
    if passport_file is None:
        return 0
    consented = now - datetime.timedelta(days=12)
    qq_file = _qq_file(qq, "Émilie", "Gagnon", advisor, consented.date())
    if qq_file.linked_file_id is None:
        qq_file.linked_file = passport_file
        qq_file.link_consent = Participant.LinkConsent.ONLINE
        qq_file.link_consent_at = consented
        qq_file.link_consent_by = passport_file.user
        qq_file.email = passport_file.email
        qq_file.save()
    # Her consent to communicate her file for the recognition (atout.disclosures), whose
    # service sets the file's shared_with/shared_parts.
    from atout.disclosures.models import Disclosure, Method, Purpose
    from atout.disclosures.services import sharing_sync

    if not Disclosure.objects.filter(participant=passport_file, recipient=qq).exists():
        Disclosure.objects.create(
            participant=passport_file,
            recipient=qq,
            purpose=Purpose.RECOGNITION,
            parts=[part.value for part in SharedPart],
            method=Method.ONLINE,
            given_at=consented,
            recorded_by=passport_file.user,
        )
    sharing_sync(passport_file, actor=passport_file.user)
    if Dossier.objects.filter(participant=qq_file).exists():
        return 0
    start = consented + datetime.timedelta(days=1)
    _dossier(qq_file, qq, standard, [P.RELEVANCE], {"years": 1}, start, orgs, advisor, None)
    return 1
