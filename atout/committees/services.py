"""Writes of the transmission to the committee and of the committee's evaluation.

Each runs in one transaction and checks the actor's capability on the transmission or the
dossier. Every phase change of the dossier goes through
`atout.recognition.services.dossier_move`: a forbidden move raises `TransitionError` and
writes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from atout.accounts import permissions as perms
from atout.accounts.models import Role, User
from atout.committees import selectors
from atout.committees.models import (
    CompetencyEvaluation,
    Decision,
    FollowUpNote,
    Transmission,
)
from atout.common.errors import ConflictError, TransitionError
from atout.recognition.models import AnalysedDocument, Dossier, Phase
from atout.recognition.services import dossier_move

Status = Transmission.Status
OPEN_STATUSES = (Status.SENT, Status.RECEIVED, Status.UNDER_EVALUATION)


# --- The dossier's phase ----------------------------------------------------------------------


def _touch(dossier_id: int) -> None:
    """Any write on the dossier's transmission is activity on the dossier (inactivity)."""
    Dossier.objects.filter(pk=dossier_id).update(last_activity_at=timezone.now())


def _first_name(user: Any) -> str:
    return (getattr(user, "full_name", "") or "").split(" ")[0] if user is not None else ""


def _notify(recipients: list[Any], subject: str, template: str, link: str) -> None:
    """One e-mail per person, in their language: their first name and a link, nothing about
    the candidate."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    url = settings.SITE_URL.rstrip("/") + link
    for user in recipients:
        if user is None or not user.email or not user.is_active:
            continue
        language = "en" if getattr(user, "preferred_language", "") == "en" else "fr-ca"
        with translation.override(language):
            send_mail(
                subject=str(_(subject)),
                message=render_to_string(template, {"first_name": _first_name(user), "link": url}),
                from_email=None,
                recipient_list=[user.email],
            )


def _evaluators(committee_id: int) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation=committee_id,
            memberships__role=Role.COMMITTEE_EVALUATOR,
            is_active=True,
        ).distinct()
    )


def _link(transmission: Transmission) -> str:
    from django.urls import reverse

    return reverse("committees:transmission", kwargs={"pk": transmission.pk})


def _reason(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text


# --- Sending ----------------------------------------------------------------------------------


def _consent_moment(consent_on: datetime.date) -> datetime.datetime:
    today = timezone.localdate()
    if consent_on > today:
        raise ValidationError({"consent_on": _("The consent cannot be dated in the future.")})
    if consent_on == today:
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(consent_on, datetime.time(12)))


@transaction.atomic
def transmission_send(
    *,
    actor: User,
    dossier: Dossier,
    consent: bool,
    consent_on: datetime.date,
    expected_version: int | None = None,
) -> Transmission:
    """Send the dossier's package to the standard's committee as a new numbered transmission.

    The package is frozen as it is now; earlier transmissions stay as they were sent.
    """
    perms.require(actor, perms.RECOGNITION_MANAGE, dossier)
    if not consent:
        raise ValidationError(
            {"consent": _("The person's consent to send the dossier to the committee is required.")}
        )
    consent_at = _consent_moment(consent_on)
    locked = Dossier.objects.select_for_update().select_related("standard").get(pk=dossier.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(locked)
    Dossier.MACHINE.check(locked.phase, Phase.SENT)
    committee = locked.standard.committee
    number = (Transmission.objects.filter(dossier=locked).aggregate(n=Max("number"))["n"] or 0) + 1
    package = selectors.package_payload(locked)
    package["number"] = number
    package["consent_at"] = consent_at.isoformat()
    transmission = Transmission(
        dossier=locked,
        participant_id=locked.participant_id,
        organisation_id=locked.organisation_id,
        committee=committee,
        number=number,
        package=package,
        consent_to_transmit_at=consent_at,
        sent_by=actor,
    )
    transmission._history_user = actor
    transmission.full_clean()
    transmission.save()
    transmission.documents.set(
        AnalysedDocument.objects.filter(dossier=locked, include_in_package=True).values_list(
            "attachment_id", flat=True
        )
    )
    if locked.committee_id != committee.pk:
        locked.committee = committee
        locked._history_user = actor
        locked.save(update_fields=["committee", "updated_at"])
    dossier_move(
        actor,
        locked,
        Phase.SENT,
        note=_("Transmission no %(number)s to %(committee)s")
        % {"number": number, "committee": committee.name},
    )
    evaluators = _evaluators(committee.pk)
    link = _link(transmission)
    transaction.on_commit(
        lambda: _notify(
            evaluators,
            gettext_noop("A recognition dossier was sent to your committee"),
            "committees/email/sent.txt",
            link,
        )
    )
    return transmission


# --- The committee ----------------------------------------------------------------------------


def _lock_open(actor: User, transmission: Transmission) -> Transmission:
    perms.require(actor, perms.COMMITTEE_EVALUATE, transmission)
    locked = Transmission.objects.select_for_update().get(pk=transmission.pk)
    if locked.status not in OPEN_STATUSES:
        raise TransitionError(
            _("This transmission is « %(status)s »: the committee can no longer change it.")
            % {"status": locked.get_status_display()}
        )
    phase = Dossier.objects.filter(pk=locked.dossier_id).values_list("phase", flat=True).first()
    if phase not in (Phase.SENT, Phase.EVALUATION):
        # The advisor withdrew the dossier (or it moved on): nothing more to evaluate.
        raise TransitionError(
            _("The dossier is « %(phase)s »: the committee can no longer change this transmission.")
            % {"phase": Phase(phase).label if phase else "—"}
        )
    return locked


def _receive(actor: User, locked: Transmission) -> None:
    if locked.received_at is None:
        locked.received_at = timezone.now()
        locked.received_by = actor
    if locked.status == Status.SENT:
        locked.status = Status.RECEIVED


@transaction.atomic
def transmission_acknowledge(*, actor: User, transmission: Transmission) -> Transmission:
    """The committee acknowledges receipt; the advisor sees the date."""
    locked = _lock_open(actor, transmission)
    if locked.received_at is not None:
        return locked
    _receive(actor, locked)
    locked.version += 1
    locked._history_user = actor
    locked.save()
    _touch(locked.dossier_id)
    return locked


def _start_evaluation(actor: User, locked: Transmission) -> None:
    """The first evaluation (or a decision) puts the dossier under evaluation."""
    _receive(actor, locked)
    locked.status = Status.UNDER_EVALUATION
    dossier = Dossier.objects.get(pk=locked.dossier_id)
    if dossier.phase == Phase.SENT:
        dossier_move(
            actor, dossier, Phase.EVALUATION, note=_("The committee started the evaluation.")
        )


@transaction.atomic
def evaluation_save(
    *,
    actor: User,
    transmission: Transmission,
    competency_id: int,
    method: str,
    evaluated_on: datetime.date,
    result: str,
    comments: str = "",
    expected_version: int | None = None,
) -> CompetencyEvaluation:
    """Record (or correct) the committee's evaluation of one competency of the package."""
    locked = _lock_open(actor, transmission)
    if competency_id not in selectors.package_competency_ids(locked):
        raise ValidationError(_("This competency is not part of the dossier sent."))
    if evaluated_on > timezone.localdate():
        raise ValidationError({"evaluated_on": _("The evaluation cannot be dated in the future.")})
    evaluation = (
        CompetencyEvaluation.objects.select_for_update()
        .filter(transmission=locked, competency_id=competency_id)
        .first()
    )
    if evaluation is None:
        evaluation = CompetencyEvaluation(transmission=locked, competency_id=competency_id)
    else:
        if expected_version is not None and evaluation.version != expected_version:
            raise ConflictError(evaluation)
        evaluation.version += 1
    evaluation.method = method
    evaluation.evaluated_on = evaluated_on
    evaluation.result = result
    evaluation.comments = comments
    evaluation.evaluator = actor
    evaluation._history_user = actor
    evaluation.full_clean()
    evaluation.save()
    if locked.status != Status.UNDER_EVALUATION:
        _start_evaluation(actor, locked)
        locked.version += 1
        locked._history_user = actor
        locked.save()
    _touch(locked.dossier_id)
    return evaluation


@transaction.atomic
def transmission_return(*, actor: User, transmission: Transmission, reason: str) -> Transmission:
    """The committee asks for more: the dossier goes back to preparation, to be sent again as
    a new transmission; this one stays readable with the reason."""
    reason = _reason(reason, _("Say what the committee needs to continue."))
    locked = _lock_open(actor, transmission)
    _receive(actor, locked)
    dossier = Dossier.objects.get(pk=locked.dossier_id)
    dossier_move(
        actor,
        dossier,
        Phase.PREPARATION,
        note=_("Returned by the committee: %(reason)s") % {"reason": reason},
    )
    locked.status = Status.RETURNED
    locked.return_reason = reason
    locked.version += 1
    locked._history_user = actor
    locked.full_clean()
    locked.save()
    advisor = dossier.advisor
    link = _link(locked)
    transaction.on_commit(
        lambda: _notify(
            [advisor],
            gettext_noop("The committee returned a dossier for more information"),
            "committees/email/returned.txt",
            link,
        )
    )
    return locked


@transaction.atomic
def decision_record(
    *,
    actor: User,
    transmission: Transmission,
    outcome: str,
    explanation: str = "",
    gaps: str = "",
    pointers: str = "",
) -> Decision:
    """The committee's overall decision, checked against its evaluations.

    Every competency of the package is evaluated (none « to be completed »), and the outcome
    is the one they support: all mastered, some, or none. A decision with no competency
    mastered closes the dossier with its explanation.
    """
    locked = _lock_open(actor, transmission)
    if Decision.objects.filter(transmission=locked).exists():
        raise TransitionError(_("The committee already decided on this transmission."))
    check = selectors.decision_check(locked)
    if check.missing:
        raise ValidationError(
            _("Evaluate every competency before deciding. Still to evaluate: %(list)s.")
            % {"list": "; ".join(check.missing)}
        )
    if outcome != check.outcome:
        raise ValidationError(
            {
                "outcome": _(
                    "The decision does not match the evaluations: they support « %(outcome)s »."
                )
                % {"outcome": Decision.Outcome(check.outcome).label}
            }
        )
    explanation, gaps, pointers = explanation.strip(), gaps.strip(), pointers.strip()
    if outcome == Decision.Outcome.PARTIAL:
        gaps = gaps or "\n".join(check.not_mastered)
        if not pointers:
            raise ValidationError(
                {
                    "pointers": _(
                        "Say where the person can acquire the other competencies (training, "
                        "the workplace apprenticeship programme PAMT)."
                    )
                }
            )
    if outcome == Decision.Outcome.NONE and not explanation:
        raise ValidationError(
            {"explanation": _("Explain the decision to the person: no competency is mastered.")}
        )
    decision = Decision(
        transmission=locked,
        outcome=outcome,
        explanation=explanation,
        gaps=gaps,
        pointers=pointers,
        decided_by=actor,
    )
    decision._history_user = actor
    decision.full_clean()
    decision.save()
    if locked.status != Status.UNDER_EVALUATION:
        _start_evaluation(actor, locked)
    locked.status = Status.DECIDED
    locked.version += 1
    locked._history_user = actor
    locked.save()
    dossier = Dossier.objects.get(pk=locked.dossier_id)
    label = Decision.Outcome(outcome).label
    dossier = dossier_move(actor, dossier, Phase.DECIDED, note=str(label))
    if outcome == Decision.Outcome.NONE:
        Dossier.objects.filter(pk=dossier.pk).update(closure_reason=explanation[:3000])
        dossier_move(actor, dossier, Phase.NOT_RECOGNISED, note=explanation)
    advisor = dossier.advisor
    link = _link(locked)
    transaction.on_commit(
        lambda: _notify(
            [advisor],
            gettext_noop("The committee decided on a dossier"),
            "committees/email/decided.txt",
            link,
        )
    )
    return decision


@transaction.atomic
def confirmation_send(*, actor: User, decision: Decision) -> Decision:
    """Send the confirmation of the competencies mastered to the ministry: its content is
    frozen as sent and the dossier moves to « confirmation sent »."""
    perms.require(actor, perms.COMMITTEE_EVALUATE, decision.transmission)
    locked = Decision.objects.select_for_update().select_related("transmission").get(pk=decision.pk)
    if locked.outcome == Decision.Outcome.NONE:
        raise TransitionError(_("No competency is mastered: there is nothing to confirm."))
    if locked.confirmation_sent_at is not None:
        raise TransitionError(_("The confirmation was already sent to the ministry."))
    dossier = Dossier.objects.get(pk=locked.transmission.dossier_id)
    dossier_move(actor, dossier, Phase.CONFIRMED, note=_("Confirmation sent to the ministry."))
    locked.confirmation = selectors.confirmation_content(locked)
    locked.confirmation_sent_at = timezone.now()
    locked._history_user = actor
    locked.save(update_fields=["confirmation", "confirmation_sent_at"])
    return locked


# --- The advisor's follow-up -------------------------------------------------------------------


@transaction.atomic
def follow_up_note_add(*, actor: User, transmission: Transmission, text: str) -> FollowUpNote:
    """An administrative note on a transmission (a call to the committee, its answer)."""
    perms.require(actor, perms.RECOGNITION_MANAGE, transmission)
    text = _reason(text, _("Write the note."))
    note = FollowUpNote(transmission=transmission, author=actor, text=text)
    note._history_user = actor
    note.full_clean()
    note.save()
    _touch(transmission.dossier_id)
    return note


def committees_remind(*, now: datetime.datetime | None = None) -> int:
    """E-mail the evaluators of each committee that has neither acknowledged nor decided a
    transmission after `ATOUT_RECOGNITION_COMMITTEE_REMINDER_DAYS` days (again after as many
    days). Returns the number of transmissions reminded; running it twice sends nothing new."""
    now = now or timezone.now()
    delay = datetime.timedelta(days=settings.ATOUT_RECOGNITION_COMMITTEE_REMINDER_DAYS)
    due = list(
        Transmission.objects.filter(status__in=OPEN_STATUSES, sent_at__lte=now - delay)
        .exclude(last_reminder_at__gt=now - delay)
        .values_list("pk", "committee_id", "status")
    )
    for pk, committee_id, status in due:
        with transaction.atomic():
            updated = (
                Transmission.objects.filter(pk=pk)
                .exclude(last_reminder_at__gt=now - delay)
                .update(last_reminder_at=now)
            )
            if not updated:
                continue
            evaluators = _evaluators(committee_id)
            link = _link(Transmission(pk=pk))
            subject = (
                gettext_noop("Reminder: a recognition dossier waits for its receipt")
                if status == Status.SENT
                else gettext_noop("Reminder: a recognition dossier waits for a decision")
            )
            transaction.on_commit(
                lambda e=evaluators, s=subject, lk=link: _notify(
                    e, s, "committees/email/reminder.txt", lk
                )
            )
    return len(due)


def transmissions_withdraw_contact(
    *, participant: Any, audience: str, fields: set[str], actor: User | None
) -> int:
    """The person withdrew their consent to show the committee a contact detail: it leaves
    every package already sent (the history keeps when). Returns the packages changed."""
    from atout.participants.models import Audience

    if audience != Audience.COMMITTEE or not fields:
        return 0
    changed = 0
    with transaction.atomic():
        for transmission in Transmission.objects.select_for_update().filter(
            participant=participant
        ):
            contact = transmission.package.get("identity", {}).get("contact", {})
            if not set(contact) & set(fields):
                continue
            for name in fields:
                contact.pop(name, None)
            transmission._history_user = actor
            transmission.save(update_fields=["package"])
            changed += 1
    return changed
