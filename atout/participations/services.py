"""Writes to participations, each in one transaction; every status change goes through
`participation_move` (or `open_participation` for the first), which checks the state machine
and records who made it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from atout.accounts import permissions as perms
from atout.accounts.models import Organisation
from atout.common.errors import ConflictError
from atout.participants.models import Participant
from atout.participations.models import (
    Activity,
    CleNote,
    FeedbackReport,
    Participation,
    ParticipationEvent,
    Tool,
)
from atout.referrals.models import EntryRoute, ServiceAgreement, ServiceRequest

# An abandoned or interrupted participation says why (the CLE reads it).
REASON_REQUIRED = (Participation.Status.ABANDONED, Participation.Status.INTERRUPTED)


def record_event(
    participation: Participation,
    *,
    actor: Any,
    from_status: str,
    to_status: str,
    note: str = "",
    at: datetime.datetime | None = None,
) -> ParticipationEvent:
    return ParticipationEvent.objects.create(
        participation=participation,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note,
        at=at or timezone.now(),
    )


@transaction.atomic
def open_participation(
    *,
    actor: Any,
    participant: Participant,
    cle: Organisation,
    agreement: ServiceAgreement,
    entry_route: str,
    request: ServiceRequest | None = None,
    counsellor: Any = None,
    planned_start: datetime.date | None = None,
    planned_end: datetime.date | None = None,
    first_meeting_at: datetime.datetime | None = None,
    income_support: str = "",
    tool: str = "",
    tool_reason: str = "",
) -> Participation:
    """Start a participation, accepted: from a request (it was referred when the request was
    sent) or from the organisation under an agreement. Permission checks are the caller's
    (accepting a request, or starting one from the file).
    """
    participation = Participation(
        participant=participant,
        organisation=participant.organisation,
        cle=cle,
        request=request,
        agreement=agreement,
        entry_route=entry_route,
        counsellor=counsellor,
        status=Participation.Status.ACCEPTED,
        planned_start=planned_start,
        planned_end=planned_end,
        first_meeting_at=first_meeting_at,
        income_support=income_support,
    )
    if tool:
        participation.tool = tool
        participation.tool_reason = tool_reason
    participation._history_user = actor
    participation.full_clean()
    participation.save()
    if request is not None:
        record_event(
            participation,
            actor=request.agent,
            from_status="",
            to_status=Participation.Status.REFERRED,
            at=request.sent_at,
        )
        record_event(
            participation,
            actor=actor,
            from_status=Participation.Status.REFERRED,
            to_status=Participation.Status.ACCEPTED,
        )
    else:
        record_event(
            participation, actor=actor, from_status="", to_status=Participation.Status.ACCEPTED
        )
    return participation


@transaction.atomic
def participation_move(
    *,
    actor: Any,
    participation: Participation,
    to: str,
    expected_version: int | None = None,
    note: str = "",
    on: datetime.date | None = None,
) -> Participation:
    """Move a participation to another status, if the state machine allows it (else
    TransitionError, nothing written). Permission checks are the caller's.

    « In progress » sets the actual start (once); an end state sets the actual end, on `on`
    (default today), and keeps the note as the reason of an abandon or interruption.
    """
    locked = Participation.objects.select_for_update().get(pk=participation.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(locked)
    Participation.MACHINE.check(locked.status, to)
    previous = locked.status
    locked.status = to
    day = on or timezone.localdate()
    if to == Participation.Status.IN_PROGRESS and locked.actual_start is None:
        locked.actual_start = day
    if to in Participation.ENDED:
        locked.actual_end = day
        if to in REASON_REQUIRED:
            locked.end_reason = note
    locked.version += 1
    locked._history_user = actor
    locked.save()
    record_event(locked, actor=actor, from_status=previous, to_status=to, note=note)
    return locked


# --- The organisation's side -------------------------------------------------------------


def _cle_for(participant: Participant, agreement: ServiceAgreement) -> Organisation:
    """The CLE that receives the feedback: the referring CLE, else the CLE of the person's
    territory (when the territories app offers the lookup), else the agreement's CLE."""
    if participant.referring_cle_id:
        return participant.referring_cle
    try:
        from atout.territories.selectors import cle_for_postal_code  # type: ignore[import-not-found]
    except ImportError:
        cle_for_postal_code = None
    if cle_for_postal_code is not None and participant.postal_code:
        found = cle_for_postal_code(participant.postal_code)
        if found is not None:
            return found
    return agreement.cle


@transaction.atomic
def participation_start(
    *,
    actor: Any,
    participant: Participant,
    agreement: ServiceAgreement,
    tool: str,
    tool_reason: str = "",
    planned_start: datetime.date | None = None,
    planned_end: datetime.date | None = None,
    first_meeting_at: datetime.datetime | None = None,
) -> Participation:
    """The organisation offers the passport (or a CV, a portfolio) itself, without a CLE
    request, under one of its current agreements. The feedback report is still due to a CLE.
    """
    perms.require(actor, perms.PARTICIPATION_MANAGE, participant)
    if agreement.organisation_id != participant.organisation_id or not (
        ServiceAgreement.objects.current().filter(pk=agreement.pk).exists()
    ):
        raise ValidationError(_("Choose one of your organisation's current agreements."))
    if (
        Participation.objects.filter(participant=participant)
        .exclude(status__in=Participation.ENDED)
        .exists()
    ):
        raise ValidationError(_("This person already has a participation under way."))
    if not tool_reason.strip():
        raise ValidationError({"tool_reason": _("Say why this tool fits the person.")})
    return open_participation(
        actor=actor,
        participant=participant,
        cle=_cle_for(participant, agreement),
        agreement=agreement,
        entry_route=EntryRoute.ORGANISATION,
        counsellor=participant.counsellor or actor,
        planned_start=planned_start,
        planned_end=planned_end,
        first_meeting_at=first_meeting_at,
        tool=tool,
        tool_reason=tool_reason.strip(),
    )


@transaction.atomic
def participation_change_status(
    *,
    actor: Any,
    participation: Participation,
    to: str,
    note: str = "",
    on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Participation:
    """The counsellor moves the participation; an abandon or interruption needs a reason."""
    perms.require(actor, perms.PARTICIPATION_MANAGE, participation)
    note = (note or "").strip()
    if to in REASON_REQUIRED and not note:
        raise ValidationError({"note": _("Give the reason: the CLE reads it.")})
    if on is not None and on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    return participation_move(
        actor=actor,
        participation=participation,
        to=to,
        expected_version=expected_version,
        note=note,
        on=on,
    )


PLAN_FIELDS = ["planned_start", "planned_end", "first_meeting_at", "tool", "tool_reason"]


@transaction.atomic
def participation_update_plan(
    *,
    actor: Any,
    participation: Participation,
    data: dict[str, Any],
    expected_version: int | None,
) -> Participation:
    """Planned dates, first meeting and tool; a newer saved version is a conflict."""
    perms.require(actor, perms.PARTICIPATION_MANAGE, participation)
    locked = Participation.objects.select_for_update().get(pk=participation.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(locked)
    for name in PLAN_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    if locked.planned_start and locked.planned_end and locked.planned_end < locked.planned_start:
        raise ValidationError({"planned_end": _("The planned end comes after the planned start.")})
    locked.full_clean()
    locked.version += 1
    locked._history_user = actor
    locked.save()
    return locked


@transaction.atomic
def steps_presented(
    *, actor: Any, participation: Participation, on: datetime.date | None = None
) -> Participation:
    """Mobilisation: the counsellor records the day the steps were presented to the person."""
    perms.require(actor, perms.PARTICIPATION_MANAGE, participation)
    locked = Participation.objects.select_for_update().get(pk=participation.pk)
    locked.steps_presented_on = on or timezone.localdate()
    locked._history_user = actor
    locked.save(update_fields=["steps_presented_on", "updated_at"])
    return locked


@transaction.atomic
def activity_add(*, actor: Any, participation: Participation, data: dict[str, Any]) -> Activity:
    perms.require(actor, perms.PARTICIPATION_MANAGE, participation)
    if participation.is_ended:
        raise ValidationError(_("This participation has ended: no activity can be added."))
    activity = Activity(participation=participation, author=actor)
    for name in ("kind", "on", "minutes", "attended", "note"):
        if name in data:
            setattr(activity, name, data[name])
    if activity.on and activity.on > timezone.localdate() and activity.attended:
        raise ValidationError({"attended": _("A future activity cannot be attended yet.")})
    activity._history_user = actor
    activity.full_clean()
    activity.save()
    return activity


# --- The CLE's follow-up -----------------------------------------------------------------


@transaction.atomic
def cle_note_add(
    *, actor: Any, participation: Participation, kind: str, income_support: str = "", text: str = ""
) -> CleNote:
    """An income-support decision (it becomes the participation's status) or a note."""
    perms.require(actor, perms.PARTICIPATION_FOLLOW, participation)
    text = (text or "").strip()
    if kind == CleNote.Kind.INCOME_SUPPORT and not income_support:
        raise ValidationError({"income_support": _("Choose the income-support decision.")})
    if kind == CleNote.Kind.FOLLOW_UP and not text:
        raise ValidationError({"text": _("Write the note.")})
    note = CleNote(
        participation=participation,
        kind=kind,
        income_support=income_support if kind == CleNote.Kind.INCOME_SUPPORT else "",
        text=text,
        author=actor,
    )
    note._history_user = actor
    note.full_clean()
    note.save()
    if note.kind == CleNote.Kind.INCOME_SUPPORT:
        locked = Participation.objects.select_for_update().get(pk=participation.pk)
        locked.income_support = income_support
        locked._history_user = actor
        # Not the counsellor's plan: no version bump, so no conflict with their form.
        locked.save(update_fields=["income_support", "updated_at"])
    return note


# --- Automatic: the passport approved ---------------------------------------------------


def passport_approved(*, participant_id: int, actor: Any, number: int) -> Participation | None:
    """The person approved a passport version: the open participation whose tool is the
    passport moves to « passport produced » (through « in progress » if it had not started).
    Called from the post_save receiver of PassportVersion (apps.py), in the approval's
    transaction; a participation in another state stays as it is.
    """
    participation = (
        Participation.objects.filter(participant_id=participant_id, tool=Tool.PASSPORT)
        .exclude(status__in=Participation.ENDED)
        .first()
    )
    if participation is None:
        return None
    note = _("Passport approved (version %(number)s).") % {"number": number}
    if participation.status == Participation.Status.ACCEPTED:
        participation = participation_move(
            actor=actor, participation=participation, to=Participation.Status.IN_PROGRESS, note=note
        )
    if participation.status == Participation.Status.IN_PROGRESS:
        participation = participation_move(
            actor=actor,
            participation=participation,
            to=Participation.Status.PASSPORT_PRODUCED,
            note=note,
        )
    return participation


# --- Feedback report --------------------------------------------------------------------

FEEDBACK_FIELDS = ["service_given", "appropriation", "next_steps", "outcome", "outcome_detail"]
FEEDBACK_DUE = (Participation.Status.PASSPORT_PRODUCED, *Participation.ENDED)


def feedback_is_due(participation: Participation) -> bool:
    return participation.status in FEEDBACK_DUE


@transaction.atomic
def feedback_save(
    *,
    actor: Any,
    participation: Participation,
    data: dict[str, Any],
    expected_version: int | None,
) -> FeedbackReport:
    """Create the draft (from the prefilled form) or save it again; a sent report is frozen."""
    perms.require(actor, perms.FEEDBACK_WRITE, participation)
    if not feedback_is_due(participation):
        raise ValidationError(
            _("The feedback report opens when the passport is produced or the participation ends.")
        )
    report = FeedbackReport.objects.select_for_update().filter(participation=participation).first()
    if report is None:
        report = FeedbackReport(participation=participation)
    elif report.status != FeedbackReport.Status.DRAFT:
        raise ValidationError(_("This report was sent: it can no longer change."))
    elif expected_version is not None and report.version != expected_version:
        raise ConflictError(report)
    else:
        report.version += 1
    for name in FEEDBACK_FIELDS:
        if name in data:
            setattr(report, name, data[name])
    report._history_user = actor
    report.full_clean()
    report.save()
    return report


def _first_name(user: Any) -> str:
    return (user.full_name or "").split(" ")[0] if user is not None else ""


def _notify(recipients: list[Any], subject: str, template: str, link: str, org: str) -> None:
    """One e-mail per person, in their language: their first name, a link, nothing about
    the participant (no name, no detail)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    url = settings.SITE_URL.rstrip("/") + link
    for user in recipients:
        if not user.email or not user.is_active:
            continue
        language = "en" if getattr(user, "preferred_language", "") == "en" else "fr-ca"
        with translation.override(language):
            context = {"first_name": _first_name(user), "link": url, "organisation": org}
            send_mail(
                subject=str(_(subject)),
                message=render_to_string(template, context),
                from_email=None,
                recipient_list=[user.email],
            )


@transaction.atomic
def feedback_send(
    *, actor: Any, participation: Participation, expected_version: int | None = None
) -> FeedbackReport:
    """Send the report to the CLE: what it says is frozen, the CLE's agents are told."""
    from django.urls import reverse

    from atout.accounts.models import Role, User
    from atout.participations.selectors import feedback_payload

    perms.require(actor, perms.FEEDBACK_WRITE, participation)
    report = FeedbackReport.objects.select_for_update().filter(participation=participation).first()
    if report is None:
        raise ValidationError(_("Save the report before sending it."))
    if expected_version is not None and report.version != expected_version:
        raise ConflictError(report)
    FeedbackReport.MACHINE.check(report.status, FeedbackReport.Status.SENT)
    if not report.outcome:
        raise ValidationError({"outcome": _("Choose the outcome before sending.")})
    report.status = FeedbackReport.Status.SENT
    report.sent_at = timezone.now()
    report.sent_by = actor
    report.sent_content = feedback_payload(report, user=actor)
    report.version += 1
    report._history_user = actor
    report.save()
    agents = list(
        User.objects.filter(
            memberships__organisation=participation.cle_id, memberships__role=Role.CLE_AGENT
        ).distinct()
    )
    link = reverse("participations:feedback", kwargs={"pk": participation.pk})
    org = participation.organisation.name
    transaction.on_commit(
        lambda: _notify(
            agents,
            gettext_noop("A feedback report was sent to you"),
            "participations/email/sent.txt",
            link,
            org,
        )
    )
    return report


@transaction.atomic
def feedback_acknowledge(*, actor: Any, participation: Participation) -> FeedbackReport:
    """The CLE agent acknowledges a sent report; the counsellor who sent it is told."""
    from django.urls import reverse

    perms.require(actor, perms.FEEDBACK_ACKNOWLEDGE, participation)
    report = FeedbackReport.objects.select_for_update().filter(participation=participation).first()
    if report is None:
        raise ValidationError(_("No feedback report was sent yet."))
    FeedbackReport.MACHINE.check(report.status, FeedbackReport.Status.ACKNOWLEDGED)
    report.status = FeedbackReport.Status.ACKNOWLEDGED
    report.acknowledged_at = timezone.now()
    report.acknowledged_by = actor
    report.version += 1
    report._history_user = actor
    report.save()
    recipients = [report.sent_by] if report.sent_by else []
    link = reverse("participations:feedback", kwargs={"pk": participation.pk})
    org = participation.cle.name
    transaction.on_commit(
        lambda: _notify(
            recipients,
            gettext_noop("The CLE acknowledged your feedback report"),
            "participations/email/acknowledged.txt",
            link,
            org,
        )
    )
    return report
