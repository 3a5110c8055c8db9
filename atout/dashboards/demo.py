"""Demo rows of the CLE referral loop, for `seed_demo` (data in atout/demo/data.py).

Built directly with the models, every status reached through the moves its state machine
allows and each move recorded as an event, so the request and participation pages read as
if people had clicked through them. Idempotent: a request or participation already there
(found by its person) is left alone.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from atout.accounts.models import Organisation, User
from atout.participants.models import Participant
from atout.participations.models import (
    Activity,
    CleNote,
    FeedbackReport,
    Participation,
    ParticipationEvent,
)
from atout.referrals.models import RequestEvent, ServiceAgreement, ServiceRequest

S = Participation.Status
# The moves from « accepted » to each demo status, in the order they happened.
PATHS = {
    S.ACCEPTED: [],
    S.IN_PROGRESS: [S.IN_PROGRESS],
    S.PASSPORT_PRODUCED: [S.IN_PROGRESS, S.PASSPORT_PRODUCED],
    S.COMPLETED: [S.IN_PROGRESS, S.PASSPORT_PRODUCED, S.COMPLETED],
    S.INTERRUPTED: [S.IN_PROGRESS, S.INTERRUPTED],
    S.ABANDONED: [S.IN_PROGRESS, S.ABANDONED],
}

ASSESSMENT = {
    "assessment_career_choice": "Objectif réaliste, validé avec l'agente; le secteur recrute.",
    "assessment_skills": "Compétences réelles acquises hors emploi, difficiles à faire valoir.",
    "assessment_job_search": "Peu de réponses aux candidatures; CV peu parlant.",
    "assessment_integration": "Disponible de jour; transport en commun.",
}


def seed_referral_loop(
    *,
    orgs: dict[str, Organisation],
    agent: User,
    agreements: list[dict],
    requests: list[dict],
    organisation_participations: list[dict],
) -> int:
    """Agreements, requests in every state, participations, activities, CLE notes and
    feedback reports. Returns the number of requests created."""
    now = timezone.now()
    cle = orgs["cle"]
    by_ref = {}
    for spec in agreements:
        today = timezone.localdate()
        by_ref[spec["reference"]], _created = ServiceAgreement.objects.get_or_create(
            cle=cle,
            organisation=orgs[spec["org"]],
            reference=spec["reference"],
            defaults={
                "measure": spec["measure"],
                "starts_on": datetime.date(
                    today.year if today.month >= 4 else today.year - 1, 4, 1
                ),
                "ends_on": datetime.date(today.year + (1 if today.month >= 4 else 0), 3, 31),
                "planned_participants": spec["planned"],
            },
        )
    made = 0
    for spec in requests:
        exists = ServiceRequest.objects.filter(
            cle=cle,
            given_names=spec["given"],
            family_name=spec["family"],
            redirected_from__isnull=True,
        ).exists()
        if exists:
            continue
        made += _request(spec, by_ref, agent, now)
    for spec in organisation_participations:
        _organisation_participation(spec, by_ref, now)
    return made


def _days_ago(now: datetime.datetime, days: float) -> datetime.datetime:
    return now - datetime.timedelta(days=days)


def _new_request(
    spec: dict, agreement: ServiceAgreement, agent: User, status: str, **extra: Any
) -> ServiceRequest:
    today = timezone.localdate()
    request = ServiceRequest(
        cle=agreement.cle,
        agent=agent,
        agreement=agreement,
        organisation=agreement.organisation,
        given_names=spec["given"],
        family_name=spec["family"],
        objective_kind="precise",
        objective=spec["objective"],
        in_public_measures=True,
        without_job=True,
        ready_to_search=True,
        has_objective=True,
        reason="hidden_transfer",
        income_support="last_resort",
        entry_route=spec.get("route", "individual_pathway"),
        expected_start=today + datetime.timedelta(days=14),
        expected_end=today + datetime.timedelta(days=104),
        notes_for_organisation="Personne motivée; préfère les rencontres en matinée.",
        status=status,
        **ASSESSMENT,
        **extra,
    )
    request._history_user = agent
    request.full_clean()
    request.save()
    return request


def _event(request: ServiceRequest, to: str, at: datetime.datetime, actor, note="", frm=""):
    RequestEvent.objects.create(
        request=request, from_status=frm, to_status=to, actor=actor, at=at, note=note
    )


def _request(spec: dict, by_ref: dict, agent: User, now: datetime.datetime) -> int:
    agreement = by_ref[spec["agreement"]]
    status = spec["status"]
    created = _days_ago(now, spec.get("sent", 0) + 1)
    sent_at = _days_ago(now, spec["sent"]) if "sent" in spec else None
    participant = None
    if spec.get("file"):
        participant = Participant.objects.get(
            organisation=agreement.organisation,
            given_names=spec["given"],
            family_name=spec["family"],
        )
    decided_at = None
    extra: dict[str, Any] = {"participant": participant, "sent_at": sent_at}
    if status in ("accepted", "declined"):
        decided_at = sent_at + datetime.timedelta(days=3 if status == "accepted" else 2)
        extra["decided_at"] = decided_at
    if status == "declined":
        extra["decline_reason"] = spec["decline"]
    if status == "withdrawn":
        extra["withdraw_reason"] = spec["withdraw"]
    request = _new_request(spec, agreement, agent, status, **extra)
    ServiceRequest.objects.filter(pk=request.pk).update(created_at=created)
    _event(request, "draft", created, agent)
    if sent_at is not None:
        _event(request, "sent", sent_at, agent, frm="draft")
    counsellor = participant.counsellor if participant else None
    org_staff = counsellor or agreement.organisation.memberships.first().user
    if status == "accepted":
        _event(request, "accepted", decided_at, org_staff, frm="sent")
        _participation(spec, request, participant, agreement, decided_at, now)
    elif status == "declined":
        _event(request, "declined", decided_at, org_staff, spec["decline"], frm="sent")
        target = by_ref[spec["redirect"]]
        redirect_sent = _days_ago(now, spec["redirect_sent"])
        redirected = _new_request(
            spec,
            target,
            agent,
            "sent",
            redirected_from=request,
            sent_at=redirect_sent,
        )
        ServiceRequest.objects.filter(pk=redirected.pk).update(
            created_at=redirect_sent - datetime.timedelta(hours=2)
        )
        _event(redirected, "draft", redirect_sent - datetime.timedelta(hours=2), agent)
        _event(redirected, "sent", redirect_sent, agent, frm="draft")
    elif status == "withdrawn":
        _event(
            request, "withdrawn", _days_ago(now, spec["sent"] - 2), agent, spec["withdraw"], "sent"
        )
    return 1


def _participation(
    spec: dict,
    request: ServiceRequest | None,
    participant: Participant,
    agreement: ServiceAgreement,
    accepted_at: datetime.datetime,
    now: datetime.datetime,
    **fields: Any,
) -> Participation:
    target = spec["participation"]
    counsellor = participant.counsellor
    first_meeting = accepted_at + datetime.timedelta(days=7)
    planned_start = first_meeting.date()
    planned_end = planned_start + datetime.timedelta(days=90)
    if "planned_end_days" in spec:
        planned_end = timezone.localdate() + datetime.timedelta(days=spec["planned_end_days"])
    ended_at = _days_ago(now, spec["ended"]) if "ended" in spec else None
    participation = Participation(
        participant=participant,
        organisation=agreement.organisation,
        cle=agreement.cle,
        request=request,
        agreement=agreement,
        entry_route=request.entry_route if request else "organisation",
        counsellor=counsellor,
        status=target,
        planned_start=planned_start,
        planned_end=planned_end,
        first_meeting_at=first_meeting.replace(hour=14, minute=0, second=0, microsecond=0),
        income_support=request.income_support if request else "",
        end_reason=spec.get("reason", ""),
        **fields,
    )
    path = PATHS[target]
    if S.IN_PROGRESS in path:
        participation.actual_start = planned_start
        participation.steps_presented_on = planned_start
    if ended_at is not None:
        participation.actual_end = ended_at.date()
    participation._history_user = counsellor
    participation.full_clean()
    participation.save()
    Participation.objects.filter(pk=participation.pk).update(created_at=accepted_at)

    events = []
    if request is not None:
        events.append(("", S.REFERRED, request.sent_at, request.agent, ""))
        events.append((S.REFERRED, S.ACCEPTED, accepted_at, counsellor, ""))
    else:
        events.append(("", S.ACCEPTED, accepted_at, counsellor, ""))
    times = {
        S.IN_PROGRESS: first_meeting,
        S.PASSPORT_PRODUCED: (
            _days_ago(now, spec["produced"]) if "produced" in spec else (ended_at or now)
        )
        - (datetime.timedelta(days=10) if target == S.COMPLETED else datetime.timedelta()),
    }
    previous = S.ACCEPTED
    for status in path:
        at = times.get(status) or ended_at or now
        note = spec.get("reason", "") if status in (S.ABANDONED, S.INTERRUPTED) else ""
        events.append((previous, status, at, counsellor, note))
        previous = status
    for frm, to, at, actor, note in events:
        if frm:
            Participation.MACHINE.check(frm, to)  # the demo follows the machine too
        ParticipationEvent.objects.create(
            participation=participation,
            from_status=frm,
            to_status=to,
            actor=actor,
            at=at,
            note=note,
        )

    if path:  # met at least once
        _activities(
            participation, first_meeting.date(), counsellor, attended_all=target != S.ABANDONED
        )
    if request is not None and target in (S.IN_PROGRESS, S.PASSPORT_PRODUCED):
        CleNote.objects.create(
            participation=participation,
            kind=CleNote.Kind.INCOME_SUPPORT,
            income_support="last_resort",
            text="Allocation d'aide à l'emploi accordée pour la durée de la mesure.",
            author=request.agent,
            created_at=accepted_at + datetime.timedelta(days=2),
        )
        CleNote.objects.create(
            participation=participation,
            kind=CleNote.Kind.FOLLOW_UP,
            text="Appel de suivi\u00a0: la personne est satisfaite des rencontres.",
            author=request.agent,
            created_at=first_meeting + datetime.timedelta(days=14),
        )
    if spec.get("feedback"):
        _feedback(spec, participation, ended_at or now, counsellor, request)
    return participation


def _activities(participation: Participation, start: datetime.date, author, *, attended_all: bool):
    plan = [
        (
            "individual",
            0,
            90,
            True,
            "Présentation des étapes du passeport et de ce qu'il faut apporter.",
        ),
        ("workshop", 7, 180, True, "Atelier\u00a0: raconter une réalisation avec ses résultats."),
        ("individual", 14, 60, attended_all, "Choix des compétences-clés."),
    ]
    for kind, offset, minutes, attended, note in plan:
        Activity.objects.create(
            participation=participation,
            kind=kind,
            on=start + datetime.timedelta(days=offset),
            minutes=minutes,
            attended=attended,
            note=note,
            author=author,
        )


def _feedback(spec, participation, ended_at, counsellor, request) -> None:
    sent_at = ended_at + datetime.timedelta(days=4)
    content = {
        "service_given": "Accompagnement individuel et en groupe pour bâtir le Passeport-emploi.",
        "appropriation": "La personne présente ses compétences-clés avec aisance.",
        "next_steps": "Poursuivre les démarches auprès des employeurs ciblés.",
        "outcome": spec["outcome"],
        "outcome_detail": "",
    }
    report = FeedbackReport(
        participation=participation,
        service_given=content["service_given"],
        appropriation=content["appropriation"],
        next_steps=content["next_steps"],
        outcome=spec["outcome"],
        status=FeedbackReport.Status.SENT,
        sent_content=content,
        sent_at=sent_at,
        sent_by=counsellor,
    )
    if spec["feedback"] == "acknowledged":
        report.status = FeedbackReport.Status.ACKNOWLEDGED
        report.acknowledged_at = sent_at + datetime.timedelta(days=2)
        report.acknowledged_by = request.agent if request else None
    report.full_clean()
    report.save()
    # What a sent report froze is the printed payload, as feedback_send freezes it.
    from atout.participations.selectors import feedback_payload

    report.sent_content = feedback_payload(report, user=counsellor)
    report.save(update_fields=["sent_content"])


def _organisation_participation(spec: dict, by_ref: dict, now: datetime.datetime) -> None:
    agreement = by_ref[spec["agreement"]]
    participant = Participant.objects.get(
        organisation=agreement.organisation, given_names=spec["given"], family_name=spec["family"]
    )
    if Participation.objects.filter(participant=participant).exists():
        return
    _participation(
        spec,
        None,
        participant,
        agreement,
        _days_ago(now, spec["days"]),
        now,
        tool=spec["tool"],
        tool_reason=spec["tool_reason"],
    )
