import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atout.committees import selectors, services
from atout.committees.models import CompetencyEvaluation, Decision, Method, Result, Transmission
from atout.committees.tests.factories import (
    decided_transmission,
    evaluate_all,
    parties,
    ready_dossier,
    sent_transmission,
)
from atout.common.errors import ConflictError, TransitionError
from atout.participants import services as participant_services
from atout.recognition.models import Dossier, DossierEvent, Phase

pytestmark = pytest.mark.django_db

Status = Transmission.Status


@pytest.fixture
def p():
    return parties()


def _phase(dossier_id: int) -> str:
    return Dossier.objects.get(pk=dossier_id).phase


# --- Sending ----------------------------------------------------------------------------------


def test_sending_freezes_the_package_and_moves_the_dossier(p, django_capture_on_commit_callbacks):
    dossier = ready_dossier(p)
    with django_capture_on_commit_callbacks(execute=True):
        transmission = services.transmission_send(
            actor=p.advisor, dossier=dossier, consent=True, consent_on=timezone.localdate()
        )
    assert transmission.number == 1
    assert transmission.committee == p.committee
    dossier.refresh_from_db()
    assert dossier.phase == Phase.SENT
    assert dossier.committee == p.committee
    event = DossierEvent.objects.filter(dossier=dossier).last()
    assert (event.from_phase, event.to_phase, event.actor) == (
        Phase.INVENTORY_DONE,
        Phase.SENT,
        p.advisor,
    )
    package = transmission.package
    assert package["identity"]["family_name"] == "Haddad"
    # Only the consented contact detail reaches the committee.
    assert package["identity"]["contact"] == {"email": "karim.haddad@exemple.ca"}
    assert [c["number"] for c in package["competencies"]] == [1, 2, 3]
    assert package["competencies"][0]["lines"][0]["element_fr"] == "Lire la fiche"
    assert [d["name"] for d in package["documents"]] == ["cv.png"]
    assert package["documents"][0]["competencies"] == [2]
    assert package["evidence"][0]["competency"] == 2
    assert [a.original_name for a in transmission.documents.all()] == ["cv.png"]
    # The evaluators are told, with no personal detail.
    assert [m.to for m in mail.outbox] == [[p.evaluator.email]]
    assert "Haddad" not in mail.outbox[0].body


def test_a_later_change_does_not_touch_the_sent_package(p):
    transmission = sent_transmission(p)
    Dossier.objects.filter(pk=transmission.dossier_id).update(experience_summary="Changé")
    transmission.refresh_from_db()
    assert transmission.package["experience"]["summary"] == "Six ans en cuisine de restaurant."


def test_sending_needs_the_consent(p):
    dossier = ready_dossier(p)
    with pytest.raises(ValidationError):
        services.transmission_send(
            actor=p.advisor, dossier=dossier, consent=False, consent_on=timezone.localdate()
        )
    assert not Transmission.objects.exists()
    assert _phase(dossier.pk) == Phase.INVENTORY_DONE


def test_consent_cannot_be_dated_in_the_future(p):
    dossier = ready_dossier(p)
    with pytest.raises(ValidationError):
        services.transmission_send(
            actor=p.advisor,
            dossier=dossier,
            consent=True,
            consent_on=timezone.localdate() + datetime.timedelta(days=1),
        )


@pytest.mark.parametrize("phase", [Phase.PREPARATION, Phase.RELEVANCE, Phase.SENT])
def test_only_a_completed_inventory_is_sent(p, phase):
    dossier = ready_dossier(p, phase=phase)
    with pytest.raises(TransitionError):
        services.transmission_send(
            actor=p.advisor, dossier=dossier, consent=True, consent_on=timezone.localdate()
        )
    assert not Transmission.objects.exists()
    assert _phase(dossier.pk) == phase


def test_a_stale_version_is_a_conflict(p):
    dossier = ready_dossier(p)
    with pytest.raises(ConflictError):
        services.transmission_send(
            actor=p.advisor,
            dossier=dossier,
            consent=True,
            consent_on=timezone.localdate(),
            expected_version=dossier.version - 1,
        )


def test_the_evaluator_cannot_send(p):
    dossier = ready_dossier(p)
    with pytest.raises(PermissionDenied):
        services.transmission_send(
            actor=p.evaluator, dossier=dossier, consent=True, consent_on=timezone.localdate()
        )


def test_a_returned_dossier_is_sent_again_with_a_new_number(p):
    first = sent_transmission(p)
    services.transmission_return(actor=p.evaluator, transmission=first, reason="Ajoutez le CV.")
    assert _phase(first.dossier_id) == Phase.PREPARATION
    dossier = Dossier.objects.get(pk=first.dossier_id)
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.INVENTORY_DONE)
    dossier.refresh_from_db()
    second = services.transmission_send(
        actor=p.advisor, dossier=dossier, consent=True, consent_on=timezone.localdate()
    )
    assert second.number == 2
    first.refresh_from_db()
    assert (first.status, first.return_reason) == (Status.RETURNED, "Ajoutez le CV.")


# --- The committee ----------------------------------------------------------------------------


def test_acknowledging_records_who_and_when(p):
    transmission = sent_transmission(p)
    services.transmission_acknowledge(actor=p.evaluator, transmission=transmission)
    transmission.refresh_from_db()
    assert transmission.status == Status.RECEIVED
    assert transmission.received_by == p.evaluator
    assert transmission.received_at is not None


def test_another_committee_cannot_acknowledge(p):
    transmission = sent_transmission(p)
    with pytest.raises(PermissionDenied):
        services.transmission_acknowledge(actor=p.other_evaluator, transmission=transmission)


def test_the_first_evaluation_starts_the_evaluation(p):
    transmission = sent_transmission(p)
    competency = transmission.package["competencies"][0]["id"]
    services.evaluation_save(
        actor=p.evaluator,
        transmission=transmission,
        competency_id=competency,
        method=Method.INTERVIEW,
        evaluated_on=timezone.localdate(),
        result=Result.MASTERED,
        comments="Très clair.",
    )
    transmission.refresh_from_db()
    assert transmission.status == Status.UNDER_EVALUATION
    assert transmission.received_at is not None
    assert _phase(transmission.dossier_id) == Phase.EVALUATION


def test_an_evaluation_of_a_competency_outside_the_package_is_refused(p):
    transmission = sent_transmission(p)
    with pytest.raises(ValidationError):
        services.evaluation_save(
            actor=p.evaluator,
            transmission=transmission,
            competency_id=987654,
            method=Method.INTERVIEW,
            evaluated_on=timezone.localdate(),
            result=Result.MASTERED,
        )


def test_a_stale_evaluation_is_a_conflict(p):
    transmission = sent_transmission(p)
    evaluate_all(p, transmission)
    evaluation = CompetencyEvaluation.objects.filter(transmission=transmission).first()
    with pytest.raises(ConflictError):
        services.evaluation_save(
            actor=p.evaluator,
            transmission=transmission,
            competency_id=evaluation.competency_id,
            method=Method.PRACTICAL_TEST,
            evaluated_on=timezone.localdate(),
            result=Result.NOT_MASTERED,
            expected_version=evaluation.version - 1,
        )


def test_a_decision_needs_every_competency_evaluated(p):
    transmission = sent_transmission(p)
    evaluate_all(p, transmission, [Result.MASTERED, Result.TO_COMPLETE, Result.MASTERED])
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            actor=p.evaluator, transmission=transmission, outcome=Decision.Outcome.FULL
        )
    assert "Réaliser une recette" in str(error.value)
    assert not Decision.objects.exists()
    assert _phase(transmission.dossier_id) == Phase.EVALUATION


@pytest.mark.parametrize(
    ("results", "wrong"),
    [
        ([Result.MASTERED] * 3, Decision.Outcome.PARTIAL),
        ([Result.MASTERED, Result.NOT_MASTERED, Result.MASTERED], Decision.Outcome.FULL),
        ([Result.NOT_MASTERED] * 3, Decision.Outcome.PARTIAL),
    ],
)
def test_a_decision_must_match_the_evaluations(p, results, wrong):
    transmission = sent_transmission(p)
    evaluate_all(p, transmission, results)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=p.evaluator,
            transmission=transmission,
            outcome=wrong,
            pointers="PAMT",
            explanation="x",
        )
    assert not Decision.objects.exists()


def test_a_partial_decision_lists_the_gaps_and_needs_pointers(p):
    transmission = sent_transmission(p)
    evaluate_all(p, transmission, [Result.MASTERED, Result.MASTERED, Result.NOT_MASTERED])
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=p.evaluator, transmission=transmission, outcome=Decision.Outcome.PARTIAL
        )
    decision = services.decision_record(
        actor=p.evaluator,
        transmission=transmission,
        outcome=Decision.Outcome.PARTIAL,
        pointers="PAMT Cuisinier ou cuisinière",
    )
    assert decision.gaps == "3. Effectuer le service"
    assert _phase(transmission.dossier_id) == Phase.DECIDED
    assert [c.number for c in selectors.mastered_competencies(decision)] == [1, 2]
    assert selectors.decisions_for(Dossier.objects.get(pk=transmission.dossier_id)) == [decision]


def test_a_decision_from_sent_goes_through_evaluation(p):
    transmission = sent_transmission(p)
    evaluate_all(p, transmission)
    phases = list(
        DossierEvent.objects.filter(dossier=transmission.dossier_id).values_list(
            "to_phase", flat=True
        )
    )
    assert phases[-2:] == [Phase.SENT, Phase.EVALUATION]
    services.decision_record(
        actor=p.evaluator, transmission=transmission, outcome=Decision.Outcome.FULL
    )
    assert _phase(transmission.dossier_id) == Phase.DECIDED


def test_no_competency_mastered_closes_the_dossier_with_the_explanation(p):
    transmission = decided_transmission(p, Decision.Outcome.NONE)
    dossier = Dossier.objects.get(pk=transmission.dossier_id)
    assert dossier.phase == Phase.NOT_RECOGNISED
    assert dossier.closure_reason == "Expérience insuffisante."
    with pytest.raises(TransitionError):
        services.confirmation_send(actor=p.evaluator, decision=transmission.decision)


def test_a_none_decision_needs_an_explanation(p):
    transmission = sent_transmission(p)
    evaluate_all(p, transmission, [Result.NOT_MASTERED] * 3)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=p.evaluator, transmission=transmission, outcome=Decision.Outcome.NONE
        )


def test_a_decided_transmission_cannot_be_evaluated_or_decided_again(p):
    transmission = decided_transmission(p, Decision.Outcome.FULL)
    with pytest.raises(TransitionError):
        evaluate_all(p, transmission)
    with pytest.raises(TransitionError):
        services.decision_record(
            actor=p.evaluator, transmission=transmission, outcome=Decision.Outcome.FULL
        )
    with pytest.raises(TransitionError):
        services.transmission_return(actor=p.evaluator, transmission=transmission, reason="x")


def test_a_withdrawn_dossier_cannot_be_evaluated(p):
    transmission = sent_transmission(p)
    Dossier.objects.filter(pk=transmission.dossier_id).update(phase=Phase.WITHDRAWN)
    with pytest.raises(TransitionError):
        evaluate_all(p, transmission)
    assert not CompetencyEvaluation.objects.exists()


def test_returning_needs_a_reason(p):
    transmission = sent_transmission(p)
    with pytest.raises(ValidationError):
        services.transmission_return(actor=p.evaluator, transmission=transmission, reason="  ")
    assert _phase(transmission.dossier_id) == Phase.SENT


def test_the_confirmation_is_frozen_and_moves_to_confirmed(p):
    transmission = decided_transmission(p, Decision.Outcome.PARTIAL)
    decision = services.confirmation_send(actor=p.evaluator, decision=transmission.decision)
    assert _phase(transmission.dossier_id) == Phase.CONFIRMED
    assert [c["mastered"] for c in decision.confirmation["competencies"]] == [True, True, False]
    assert "contact" not in decision.confirmation["identity"]
    with pytest.raises(TransitionError):
        services.confirmation_send(actor=p.evaluator, decision=decision)


def test_the_advisor_cannot_decide_or_confirm(p):
    transmission = decided_transmission(p, Decision.Outcome.FULL)
    with pytest.raises(PermissionDenied):
        services.confirmation_send(actor=p.advisor, decision=transmission.decision)


# --- Advisor's follow-up and reminders --------------------------------------------------------


def test_follow_up_notes_are_the_advisors(p):
    transmission = sent_transmission(p)
    note = services.follow_up_note_add(
        actor=p.advisor, transmission=transmission, text="Appel au comité."
    )
    assert note.author == p.advisor
    with pytest.raises(PermissionDenied):
        services.follow_up_note_add(actor=p.evaluator, transmission=transmission, text="x")


def test_reminders_go_to_the_committee_once_per_period(
    p, settings, django_capture_on_commit_callbacks
):
    settings.ATOUT_RECOGNITION_COMMITTEE_REMINDER_DAYS = 14
    waiting = sent_transmission(p)
    decided = decided_transmission(p, Decision.Outcome.FULL)
    old = timezone.now() - datetime.timedelta(days=15)
    Transmission.objects.filter(pk__in=[waiting.pk, decided.pk]).update(sent_at=old)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.committees_remind() == 1
    assert [m.to for m in mail.outbox] == [[p.evaluator.email]]
    assert "Haddad" not in mail.outbox[0].body
    waiting.refresh_from_db()
    assert waiting.last_reminder_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.committees_remind() == 0
    later = timezone.now() + datetime.timedelta(days=15)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.committees_remind(now=later) == 1


def test_a_recent_transmission_is_not_reminded(p):
    sent_transmission(p)
    assert services.committees_remind() == 0


def test_withdrawn_consent_leaves_the_sent_packages(p):
    transmission = sent_transmission(p)
    participant = transmission.participant
    participant_services.consent_set(
        participant=participant,
        actor=p.advisor,
        decisions={("email", "committee"): False},
    )
    transmission.refresh_from_db()
    assert transmission.package["identity"]["contact"] == {}


def test_the_daily_command_reminds(p, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.ATOUT_RECOGNITION_COMMITTEE_REMINDER_DAYS = 14
    waiting = sent_transmission(p)
    Transmission.objects.filter(pk=waiting.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=20)
    )
    out = StringIO()
    call_command("remind_committees", stdout=out)
    assert "1 transmission(s) reminded." in out.getvalue()
