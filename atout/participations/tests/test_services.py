"""Participation services: every allowed and forbidden move of both state machines, dates,
reasons, conflicts, the start by the organisation, the automatic « passport produced », the
CLE's follow-up and the feedback report (prefill, send freezes, acknowledge, e-mails)."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atout.accounts.models import Role
from atout.accounts.tests.factories import CleFactory, OrganisationFactory, member
from atout.common.errors import ConflictError, TransitionError
from atout.participations import selectors, services
from atout.participations.models import (
    Activity,
    CleNote,
    FeedbackReport,
    Outcome,
    Participation,
    ParticipationEvent,
    Tool,
)
from atout.participations.tests.factories import AgreementFactory, participation_for
from atout.referrals.models import EntryRoute, IncomeSupport

pytestmark = pytest.mark.django_db

Status = Participation.Status
ALLOWED = set(Participation.MACHINE.pairs())
FORBIDDEN = [
    pair for pair in itertools.product(Status.values, Status.values) if pair not in ALLOWED
]


def _set_status(participation: Participation, status: str) -> Participation:
    Participation.objects.filter(pk=participation.pk).update(status=status)
    participation.refresh_from_db()
    return participation


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_every_allowed_move_is_made_and_recorded(participation, counsellor, current, target):
    participation = _set_status(participation, current)
    events = participation.events.count()
    moved = services.participation_change_status(
        actor=counsellor,
        participation=participation,
        to=target,
        note="La personne a déménagé." if target in services.REASON_REQUIRED else "",
    )
    assert moved.status == target
    assert moved.version == participation.version + 1
    event = participation.events.order_by("-pk").first()
    assert participation.events.count() == events + 1
    assert (event.from_status, event.to_status, event.actor) == (current, target, counsellor)
    if target in Participation.ENDED:
        assert moved.actual_end == timezone.localdate()
    if target in services.REASON_REQUIRED:
        assert moved.end_reason == "La personne a déménagé."


@pytest.mark.parametrize(("current", "target"), FORBIDDEN)
def test_every_forbidden_move_changes_nothing(participation, counsellor, current, target):
    participation = _set_status(participation, current)
    before = (participation.version, participation.events.count(), participation.actual_end)
    with pytest.raises(TransitionError) as refused:
        services.participation_change_status(
            actor=counsellor, participation=participation, to=target, note="raison"
        )
    assert "«" in str(refused.value.message)
    participation.refresh_from_db()
    assert participation.status == current
    assert before == (
        participation.version,
        participation.events.count(),
        participation.actual_end,
    )


def test_the_machine_reaches_every_status_and_ends_stop():
    reached = {target for _current, target in ALLOWED}
    assert reached == set(Status.values) - {Status.REFERRED}
    for ended in Participation.ENDED:
        assert not Participation.MACHINE.targets(ended)


@pytest.mark.parametrize("target", [Status.ABANDONED, Status.INTERRUPTED])
def test_abandon_or_interruption_needs_a_reason(participation, counsellor, target):
    with pytest.raises(ValidationError) as refused:
        services.participation_change_status(
            actor=counsellor, participation=participation, to=target, note="   "
        )
    assert "note" in refused.value.message_dict
    participation.refresh_from_db()
    assert participation.status == Status.IN_PROGRESS


def test_in_progress_sets_the_actual_start_once(participant, counsellor):
    participation = participation_for(participant, actor=counsellor)
    day = timezone.localdate() - datetime.timedelta(days=3)
    moved = services.participation_change_status(
        actor=counsellor, participation=participation, to=Status.IN_PROGRESS, on=day
    )
    assert moved.actual_start == day
    assert moved.actual_end is None


def test_a_future_date_is_refused(participation, counsellor):
    with pytest.raises(ValidationError):
        services.participation_change_status(
            actor=counsellor,
            participation=participation,
            to=Status.COMPLETED,
            on=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_a_stale_version_is_a_conflict(participation, counsellor):
    with pytest.raises(ConflictError):
        services.participation_change_status(
            actor=counsellor,
            participation=participation,
            to=Status.COMPLETED,
            expected_version=participation.version - 1,
        )
    participation.refresh_from_db()
    assert participation.status == Status.IN_PROGRESS


def test_the_cle_agent_and_the_person_cannot_move_it(participation, cle_agent, participant_user):
    for user in (cle_agent, participant_user):
        with pytest.raises(PermissionDenied):
            services.participation_change_status(
                actor=user, participation=participation, to=Status.COMPLETED
            )


def test_plan_update_with_conflict(participation, counsellor):
    saved = services.participation_update_plan(
        actor=counsellor,
        participation=participation,
        data={"tool": Tool.CV, "tool_reason": "Un CV suffit."},
        expected_version=participation.version,
    )
    assert (saved.tool, saved.version) == (Tool.CV, participation.version + 1)
    with pytest.raises(ConflictError):
        services.participation_update_plan(
            actor=counsellor,
            participation=participation,
            data={"tool": Tool.PORTFOLIO},
            expected_version=participation.version,
        )


# --- Start by the organisation ------------------------------------------------------------


def test_the_organisation_starts_a_participation_under_its_agreement(participant, counsellor, cle):
    other_cle = CleFactory()
    agreement = AgreementFactory(cle=other_cle, organisation=participant.organisation)
    participation = services.participation_start(
        actor=counsellor,
        participant=participant,
        agreement=agreement,
        tool=Tool.PORTFOLIO,
        tool_reason="Beaucoup de réalisations visuelles.",
    )
    assert participation.status == Status.ACCEPTED
    assert participation.entry_route == EntryRoute.ORGANISATION
    assert participation.request is None
    assert participation.agreement == agreement
    # The report goes to the referring CLE, not the agreement's.
    assert participation.cle == cle
    assert (participation.tool, participation.tool_reason) == (
        Tool.PORTFOLIO,
        "Beaucoup de réalisations visuelles.",
    )
    assert [(e.from_status, e.to_status) for e in participation.events.all()] == [
        ("", Status.ACCEPTED)
    ]


def test_without_a_referring_cle_the_agreement_cle_receives_the_report(participant, counsellor):
    participant.referring_cle = None
    participant.save()
    agreement = AgreementFactory(organisation=participant.organisation)
    participation = services.participation_start(
        actor=counsellor,
        participant=participant,
        agreement=agreement,
        tool=Tool.PASSPORT,
        tool_reason="Expériences variées.",
    )
    assert participation.cle == agreement.cle


@pytest.mark.parametrize("problem", ["other_org", "expired", "inactive"])
def test_start_refuses_an_agreement_that_is_not_current_and_ours(participant, counsellor, problem):
    agreement = AgreementFactory(organisation=participant.organisation)
    if problem == "other_org":
        agreement.organisation = OrganisationFactory()
    if problem == "expired":
        agreement.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    if problem == "inactive":
        agreement.is_active = False
    agreement.save()
    with pytest.raises(ValidationError):
        services.participation_start(
            actor=counsellor,
            participant=participant,
            agreement=agreement,
            tool=Tool.PASSPORT,
            tool_reason="Raison.",
        )
    assert not Participation.objects.exists()


def test_start_refuses_a_second_open_participation_and_needs_a_reason(
    participation, participant, counsellor
):
    agreement = AgreementFactory(organisation=participant.organisation)
    with pytest.raises(ValidationError):
        services.participation_start(
            actor=counsellor,
            participant=participant,
            agreement=agreement,
            tool=Tool.PASSPORT,
            tool_reason="Raison.",
        )
    services.participation_change_status(
        actor=counsellor, participation=participation, to=Status.COMPLETED
    )
    with pytest.raises(ValidationError) as refused:
        services.participation_start(
            actor=counsellor, participant=participant, agreement=agreement, tool=Tool.CV
        )
    assert "tool_reason" in refused.value.message_dict


def test_a_cle_agent_cannot_start_one(participant, cle_agent):
    agreement = AgreementFactory(organisation=participant.organisation)
    with pytest.raises(PermissionDenied):
        services.participation_start(
            actor=cle_agent,
            participant=participant,
            agreement=agreement,
            tool=Tool.PASSPORT,
            tool_reason="Raison.",
        )


# --- Passport produced, automatically -------------------------------------------------------


def _approve_passport(participant, counsellor):
    from atout.passports import services as passport_services

    passport = passport_services.passport_start(participant=participant, actor=counsellor)
    return passport_services.passport_approve(passport=passport, actor=counsellor, in_person=True)


@pytest.mark.parametrize("start", [Status.ACCEPTED, Status.IN_PROGRESS])
def test_an_approved_passport_moves_the_participation(participant, counsellor, start):
    participation = participation_for(participant, actor=counsellor, status=start)
    version = _approve_passport(participant, counsellor)
    participation.refresh_from_db()
    assert participation.status == Status.PASSPORT_PRODUCED
    assert participation.actual_start == timezone.localdate()
    last = participation.events.order_by("-pk").first()
    assert (last.to_status, last.actor) == (Status.PASSPORT_PRODUCED, counsellor)
    assert str(version.number) in last.note


def test_an_approved_passport_leaves_other_tools_and_ended_participations(participant, counsellor):
    participation = participation_for(participant, actor=counsellor, status=Status.COMPLETED)
    _approve_passport(participant, counsellor)
    participation.refresh_from_db()
    assert participation.status == Status.COMPLETED


# --- Activities and the CLE's follow-up -----------------------------------------------------


def test_activities_and_their_totals(participation, counsellor):
    today = timezone.localdate()
    for minutes, attended in ((90, True), (60, True), (45, False)):
        services.activity_add(
            actor=counsellor,
            participation=participation,
            data={"kind": Activity.Kind.INDIVIDUAL, "on": today, "minutes": minutes,
                  "attended": attended, "note": "Rencontre."},
        )  # fmt: skip
    totals = selectors.activity_totals(participation)
    assert (totals.count, totals.attended, totals.minutes) == (3, 2, 150)
    assert totals.hours_value == 2.5
    assert totals.attendance == 67


def test_an_activity_needs_a_sane_duration(participation, counsellor):
    with pytest.raises(ValidationError):
        services.activity_add(
            actor=counsellor,
            participation=participation,
            data={"kind": "individual", "on": timezone.localdate(), "minutes": 0},
        )
    assert not Activity.objects.exists()


def test_the_cle_records_income_support_and_notes(participation, cle_agent, counsellor):
    services.cle_note_add(
        actor=cle_agent,
        participation=participation,
        kind=CleNote.Kind.INCOME_SUPPORT,
        income_support=IncomeSupport.EMPLOYMENT_INSURANCE,
        text="Prolongée jusqu’en mars.",
    )
    participation.refresh_from_db()
    assert participation.income_support == IncomeSupport.EMPLOYMENT_INSURANCE
    with pytest.raises(ValidationError):
        services.cle_note_add(
            actor=cle_agent, participation=participation, kind=CleNote.Kind.FOLLOW_UP, text=" "
        )
    with pytest.raises(PermissionDenied):
        services.cle_note_add(
            actor=counsellor, participation=participation, kind="follow_up", text="Note"
        )


def test_another_cle_sees_nothing(participation):
    stranger = member(CleFactory(), Role.CLE_AGENT)
    assert not Participation.objects.visible_to(stranger).exists()
    assert not list(selectors.followed_participations(user=stranger))


# --- Feedback report ------------------------------------------------------------------------


@pytest.fixture
def produced(participant, counsellor):
    return participation_for(participant, actor=counsellor, status=Status.PASSPORT_PRODUCED)


def _draft(participation, counsellor, **data):
    values = {"service_given": "Passeport produit.", "outcome": Outcome.JOB} | data
    return services.feedback_save(
        actor=counsellor, participation=participation, data=values, expected_version=None
    )


def test_feedback_opens_only_when_due(participation, counsellor):
    with pytest.raises(ValidationError):
        _draft(participation, counsellor)


def test_prefill_comes_from_the_record(produced, counsellor):
    services.activity_add(
        actor=counsellor,
        participation=produced,
        data={"kind": "individual", "on": timezone.localdate(), "minutes": 90},
    )
    prefill = selectors.feedback_prefill(user=counsellor, participation=produced)
    assert "Passeport-emploi" in prefill["service_given"]
    assert "1 activité(s), 1 présence(s), 1,5\u00a0h" in prefill["service_given"]
    assert prefill["outcome"] == ""


FEEDBACK_ALLOWED = set(FeedbackReport.MACHINE.pairs())
# Saving a draft again is an edit, not a move (tested with conflicts below).
FEEDBACK_FORBIDDEN = [
    pair
    for pair in itertools.product(FeedbackReport.Status.values, repeat=2)
    if pair not in FEEDBACK_ALLOWED and pair != ("draft", "draft")
]


def _run(target, participation, counsellor, cle_agent):
    if target == FeedbackReport.Status.SENT:
        return services.feedback_send(actor=counsellor, participation=participation)
    if target == FeedbackReport.Status.ACKNOWLEDGED:
        return services.feedback_acknowledge(actor=cle_agent, participation=participation)
    return services.feedback_save(
        actor=counsellor, participation=participation, data={}, expected_version=None
    )


@pytest.mark.parametrize(("current", "target"), sorted(FEEDBACK_ALLOWED))
def test_every_allowed_feedback_move(produced, counsellor, cle_agent, current, target):
    report = _draft(produced, counsellor)
    FeedbackReport.objects.filter(pk=report.pk).update(status=current)
    moved = _run(target, produced, counsellor, cle_agent)
    assert moved.status == target


@pytest.mark.parametrize(("current", "target"), FEEDBACK_FORBIDDEN)
def test_every_forbidden_feedback_move_changes_nothing(
    produced, counsellor, cle_agent, current, target
):
    report = _draft(produced, counsellor)
    FeedbackReport.objects.filter(pk=report.pk).update(status=current)
    report.refresh_from_db()
    with pytest.raises((TransitionError, ValidationError)):
        _run(target, produced, counsellor, cle_agent)
    after = FeedbackReport.objects.get(pk=report.pk)
    assert (after.status, after.version, after.sent_at) == (current, report.version, None)


def test_sending_freezes_the_report_and_tells_the_cle(
    produced, counsellor, cle_agent, participant, django_capture_on_commit_callbacks
):
    _draft(produced, counsellor, next_steps="Chercher en entrepôt.")
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.feedback_send(actor=counsellor, participation=produced)
    assert sent.status == FeedbackReport.Status.SENT
    assert sent.sent_content["next_steps"] == "Chercher en entrepôt."
    assert sent.sent_content["person"] == f"{participant.given_names} {participant.family_name}"
    frozen = dict(sent.sent_content)
    # The record changes afterwards: what was sent does not.
    services.participation_change_status(
        actor=counsellor, participation=produced, to=Status.COMPLETED
    )
    sent.refresh_from_db()
    assert sent.sent_content == frozen
    with pytest.raises(ValidationError):
        _draft(produced, counsellor, next_steps="Autre chose")
    (message,) = mail.outbox
    assert message.to == [cle_agent.email]
    text = message.subject + message.body
    assert cle_agent.full_name.split(" ")[0] in message.body
    assert participant.family_name not in text
    assert participant.given_names not in text
    assert participant.email not in text
    assert f"/participations/{produced.pk}/retroinformation/" in message.body


def test_sending_needs_an_outcome(produced, counsellor):
    _draft(produced, counsellor, outcome="")
    with pytest.raises(ValidationError):
        services.feedback_send(actor=counsellor, participation=produced)


def test_acknowledging_tells_the_counsellor(
    produced, counsellor, cle_agent, participant, django_capture_on_commit_callbacks
):
    _draft(produced, counsellor)
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_send(actor=counsellor, participation=produced)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.feedback_acknowledge(actor=cle_agent, participation=produced)
    assert (report.status, report.acknowledged_by) == (
        FeedbackReport.Status.ACKNOWLEDGED,
        cle_agent,
    )
    (message,) = mail.outbox
    assert message.to == [counsellor.email]
    assert counsellor.full_name.split(" ")[0] in message.body
    assert participant.family_name not in message.subject + message.body
    with pytest.raises(PermissionDenied):
        services.feedback_acknowledge(actor=counsellor, participation=produced)


def test_a_feedback_draft_conflict(produced, counsellor):
    report = _draft(produced, counsellor)
    _draft(produced, counsellor, next_steps="Un")
    with pytest.raises(ConflictError):
        services.feedback_save(
            actor=counsellor,
            participation=produced,
            data={"next_steps": "Deux"},
            expected_version=report.version,
        )


def test_events_record_each_move(participant, counsellor):
    participation = participation_for(participant, actor=counsellor, status=Status.COMPLETED)
    assert list(
        ParticipationEvent.objects.filter(participation=participation).values_list(
            "from_status", "to_status"
        )
    ) == [
        ("", Status.ACCEPTED),
        (Status.ACCEPTED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.COMPLETED),
    ]


def test_prefill_takes_the_appropriation_from_the_practice_cards(
    participant, participant_user, counsellor
):
    from atout.practice.tests.factories import PUNCTUAL, TEAM, approve, competency
    from atout.practice.tests.test_services import save

    participation = participation_for(participant, actor=counsellor, status=Status.IN_PROGRESS)
    approve(participant, [competency(*TEAM), competency(*PUNCTUAL)])
    save(participant, participant_user, TEAM, readiness="getting_there")
    participation.refresh_from_db()
    # The approved version moved the participation on (no actor: made outside a request).
    assert participation.status == Status.PASSPORT_PRODUCED
    prefill = selectors.feedback_prefill(user=counsellor, participation=participation)
    assert "1 compétence(s) clé(s) sur 2" in prefill["appropriation"]
    assert "Travailler en équipe\u00a0: Ça vient (dans ses mots)" in prefill["appropriation"]
    assert "Ponctualité et assiduité\u00a0: non évaluée" in prefill["appropriation"]
