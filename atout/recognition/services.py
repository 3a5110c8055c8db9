"""Writes to recognition dossiers, each in one transaction.

Every phase change goes through `dossier_move`, which checks `Dossier.MACHINE` and the few
conditions a phase asks for, records a `DossierEvent` and bumps the dossier's version; a
forbidden move raises `TransitionError` (a French message for the user) and writes nothing.
Permission checks are the caller's: the advisor's services here, the committee's in
`atout.committees`, the inactivity job (no actor) in `check_dossier_activity`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import Organisation, User
from atout.common.errors import ConflictError, TransitionError
from atout.evidence.models import Achievement, Review
from atout.participants import services as participant_services
from atout.participants.models import Attachment, Participant, SharedPart
from atout.recognition.models import (
    CLOSED_PHASES,
    LAPSABLE_PHASES,
    AnalysedDocument,
    Dossier,
    DossierEvent,
    EvidenceUse,
    InventoryEntry,
    LinkRequest,
    Meeting,
    Phase,
    Route,
)
from atout.standards.models import Competency, Element

# Moves that close (or set aside) the dossier say why; so does reopening a lapsed one.
REASON_REQUIRED = frozenset(
    {
        Phase.NOT_RELEVANT,
        Phase.WITHDRAWN,
        Phase.REDIRECTED,
        Phase.NOT_RECOGNISED,
    }
)


def touch(dossier: Dossier) -> None:
    """Any write to the dossier (or to what hangs off it) counts as activity: the
    inactivity check starts again."""
    now = timezone.now()
    Dossier.objects.filter(pk=dossier.pk).update(last_activity_at=now, activity_check_sent_at=None)
    dossier.last_activity_at = now
    dossier.activity_check_sent_at = None


def _guard(dossier: Dossier, target: str, note: str) -> None:
    """Conditions beyond the machine: the message tells the user what to do instead."""
    current = dossier.phase
    Dossier.MACHINE.check(current, target)
    if target in REASON_REQUIRED and not note:
        raise TransitionError(_("Give the reason for closing the dossier."))
    if current == Phase.LAPSED:
        if target != (dossier.phase_before_lapse or Phase.RECEIVED):
            raise TransitionError(
                _("A lapsed dossier is reopened where it was: « %(phase)s ».")
                % {"phase": Dossier.MACHINE.labels.get(dossier.phase_before_lapse, "")}
            )
        if not note:
            raise TransitionError(_("Give the reason for reopening the dossier."))
    proceeding = target in (Phase.INFORMED, Phase.PREPARATION, Phase.APPLIED)
    if proceeding and current in (Phase.RELEVANCE, Phase.INFORMED) and not dossier.never_recognised:
        raise TransitionError(
            _(
                "The competencies were recognised before (the intake box « never recognised » "
                "is not ticked): the dossier cannot go on. Redirect the person with the reason."
            )
        )
    direct = target == Phase.APPLIED and current in (Phase.RELEVANCE, Phase.INFORMED)
    if direct and dossier.route != Route.RED_SEAL:
        raise TransitionError(
            _(
                "Only a person holding a Red Seal or an out-of-province certificate "
                "(route 3°) applies directly, without the committee's evaluation."
            )
        )
    if target == Phase.INVENTORY_DONE:
        from atout.recognition.selectors import inventory_gaps

        gaps = inventory_gaps(dossier)
        if gaps:
            raise TransitionError(
                _("The inventory grid is not complete (%(count)s line(s) to finish).")
                % {"count": len(gaps)}
            )


def dossier_move(
    actor: Any,
    dossier: Dossier,
    target: str,
    *,
    note: str = "",
    version: int | None = None,
) -> Dossier:
    """Move the dossier to `target`: check the machine, record the event, date the phase.

    Moving to LAPSED keeps the phase it left (`phase_before_lapse`); reopening returns there,
    with a reason. Closing moves keep their reason in `closure_reason`. `version`, when
    given, is the version the form started from (`ConflictError` if stale).
    """
    note = (note or "").strip()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if version is not None and locked.version != version:
            raise ConflictError(locked)
        _guard(locked, target, note)
        previous = locked.phase
        now = timezone.now()
        if target == Phase.LAPSED:
            locked.phase_before_lapse = previous
        elif previous == Phase.LAPSED:
            locked.phase_before_lapse = ""
        if target in REASON_REQUIRED or target in CLOSED_PHASES and note:
            locked.closure_reason = note
        locked.phase = target
        locked.phase_changed_at = now
        locked.last_activity_at = now
        locked.activity_check_sent_at = None
        locked.version += 1
        locked._history_user = actor
        locked.save()
        DossierEvent.objects.create(
            dossier=locked,
            actor=actor if getattr(actor, "pk", None) else None,
            from_phase=previous,
            to_phase=target,
            note=note,
            at=now,
        )
    return locked


def allowed_targets(dossier: Dossier) -> list[str]:
    """The phases the advisor may move to from here, in the order of the phases (buttons)."""
    targets = {
        t for t in Dossier.MACHINE.targets(dossier.phase) if advisor_may_move(dossier.phase, t)
    }
    if dossier.phase == Phase.LAPSED:
        targets = {dossier.phase_before_lapse or Phase.RECEIVED}
    return [value for value in Phase.values if value in targets]


def _reason(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text


# --- Intake ---------------------------------------------------------------------------------

INTAKE_FIELDS = [
    "standard",
    "level",
    "employment_status",
    "years_in_trade",
    "paid_experience",
    "unpaid_experience",
    "experience_summary",
    "never_recognised",
    "income_support",
    "cle",
    "funding_source",
]
RELEVANCE_FIELDS = [
    *INTAKE_FIELDS,
    "holds_red_seal",
    "relevance_notes",
    "redirected_to",
]


def _require_in(actor: User, capability: str, organisation: Organisation) -> None:
    if capability not in perms.organisation_capabilities(actor, organisation.pk):
        raise PermissionDenied(capability)


@transaction.atomic
def dossier_open(
    *,
    actor: User,
    organisation: Organisation,
    data: dict[str, Any],
    participant: Participant | None = None,
    identity: dict[str, Any] | None = None,
) -> Dossier:
    """Open a dossier in a Qualifications Québec file: an existing one of the organisation, or
    a new file made from `identity` (the caller showed the possible duplicates first)."""
    _require_in(actor, perms.RECOGNITION_MANAGE, organisation)
    if organisation.kind != Organisation.Kind.QUALIFICATIONS:
        raise ValidationError(_("Recognition dossiers belong to Qualifications Québec."))
    if participant is None:
        participant = participant_services.participant_create(
            organisation=organisation, actor=actor, data=identity or {}
        )
    elif participant.organisation_id != organisation.pk:
        raise ValidationError(_("Open the dossier in a file of Qualifications Québec."))
    dossier = Dossier(organisation=organisation, participant=participant, advisor=actor)
    for name in INTAKE_FIELDS:
        if name in data:
            setattr(dossier, name, data[name])
    dossier.route = Route.EVALUATION
    dossier._history_user = actor
    dossier.full_clean()
    dossier.save()
    DossierEvent.objects.create(
        dossier=dossier, actor=actor, from_phase="", to_phase=Phase.RECEIVED, at=timezone.now()
    )
    return dossier


@transaction.atomic
def dossier_update(
    *, actor: User, dossier: Dossier, data: dict[str, Any], expected_version: int
) -> Dossier:
    """The intake and relevance facts. A Red Seal or out-of-province certificate sets route
    3° (direct application, no evaluation)."""
    perms.require(actor, perms.RECOGNITION_MANAGE, dossier)
    current = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if current.version != expected_version:
        raise ConflictError(current)
    if not current.is_open and current.phase != Phase.LAPSED:
        raise ValidationError(_("This dossier is closed: nothing more can be changed."))
    standard_changed = "standard" in data and data["standard"].pk != current.standard_id
    if standard_changed and current.phase not in (Phase.RECEIVED, Phase.RELEVANCE, Phase.INFORMED):
        raise ValidationError(
            {"standard": _("The standard can be changed only before the analysis starts.")}
        )
    for name in RELEVANCE_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.route = Route.RED_SEAL if current.holds_red_seal else Route.EVALUATION
    current.version += 1
    current.last_activity_at = timezone.now()
    current.activity_check_sent_at = None
    current._history_user = actor
    current.full_clean()
    current.save()
    return current


def advisor_may_move(current: str, target: str) -> bool:
    """Moves other flows make, with what they record, are not the dossier page's buttons:
    sending (the transmission, with the consent to transmit), the committee's evaluation,
    return and decision, the confirmation, and the application and certificate after it
    (the credential). Route 3° (direct application after the relevance check) is the
    advisor's."""
    if target == Phase.SENT or target in (Phase.EVALUATION, Phase.DECIDED, Phase.CONFIRMED):
        return False
    if target in (Phase.NOT_RECOGNISED, Phase.ISSUED):
        return False
    if target == Phase.APPLIED:
        return current in (Phase.RELEVANCE, Phase.INFORMED)
    return not (target == Phase.PREPARATION and current in (Phase.SENT, Phase.EVALUATION))


def move(actor: User, dossier: Dossier, target: str, *, note: str = "", version: int | None = None):
    """The advisor's move from the dossier page (capability checked here)."""
    perms.require(actor, perms.RECOGNITION_MANAGE, dossier)
    if not advisor_may_move(dossier.phase, target):
        raise TransitionError(
            _(
                "This step is recorded where it happens: the transmission to the committee, "
                "the committee's workspace or the certificate."
            )
        )
    if target == Phase.REDIRECTED:
        where = (note or "").strip()
        if where:
            Dossier.objects.filter(pk=dossier.pk).update(redirected_to=where[:200])
    return dossier_move(actor, dossier, target, note=note, version=version)


# --- Meetings -------------------------------------------------------------------------------


@transaction.atomic
def meeting_add(*, actor: User, dossier: Dossier, data: dict[str, Any]) -> Meeting:
    perms.require(actor, perms.RECOGNITION_MANAGE, dossier)
    meeting = Meeting(dossier=dossier, advisor=actor)
    for name in ("held_at", "mode", "duration_minutes", "notes"):
        if name in data:
            setattr(meeting, name, data[name])
    meeting._history_user = actor
    meeting.full_clean()
    meeting.save()
    touch(dossier)
    return meeting


# --- The inventory grid ---------------------------------------------------------------------

INVENTORY_FIELDS = ("self_assessment", "experience", "proof", "advisor_comment")


def _check_line(dossier: Dossier, competency: Competency, element: Element | None) -> None:
    if competency.standard_id != dossier.standard_id:
        raise ValidationError(_("This competency is not part of the dossier's standard."))
    if element is not None and element.competency_id != competency.pk:
        raise ValidationError(_("This element is not part of the competency."))


@transaction.atomic
def inventory_save(
    *,
    actor: User,
    dossier: Dossier,
    competency: Competency,
    element: Element | None,
    data: dict[str, Any],
    expected_version: int,
) -> InventoryEntry:
    """Save one line of the grid. `expected_version` 0 means the line was blank when the
    form was opened; a line saved by someone else since raises `ConflictError`."""
    perms.require(actor, perms.RECOGNITION_MANAGE, dossier)
    _check_line(dossier, competency, element)
    if dossier.phase not in (Phase.RELEVANCE, Phase.INFORMED, Phase.PREPARATION, Phase.RECEIVED):
        raise ValidationError(
            _("The grid can be changed only while the dossier is being prepared.")
        )
    entry = (
        InventoryEntry.objects.select_for_update()
        .filter(dossier=dossier, competency=competency, element=element)
        # No default ordering: it joins the nullable element, which PostgreSQL cannot lock.
        .order_by("pk")
        .first()
    )
    if entry is None:
        if expected_version not in (0, None):
            raise ConflictError(InventoryEntry(dossier=dossier, competency=competency, version=0))
        entry = InventoryEntry(dossier=dossier, competency=competency, element=element, version=0)
    elif expected_version is not None and entry.version != expected_version:
        raise ConflictError(entry)
    for name in INVENTORY_FIELDS:
        if name in data:
            setattr(entry, name, data[name] or "")
    entry.version += 1
    entry._history_user = actor
    entry.full_clean()
    entry.save()
    touch(dossier)
    return entry


# --- Document analysis and evidence reuse -----------------------------------------------------

ANALYSABLE_KINDS = (
    Attachment.Kind.CV,
    Attachment.Kind.PORTFOLIO,
    Attachment.Kind.TRANSCRIPT,
    Attachment.Kind.APPRAISAL,
    Attachment.Kind.OTHER,
)


def _person_files(dossier: Dossier) -> list[int]:
    """The files whose material the dossier may use: its own, and the linked one while the
    person's consent stands."""
    files = [dossier.participant_id]
    participant = dossier.participant
    if participant.linked_file_id and participant.link_consent:
        files.append(participant.linked_file_id)
    return files


@transaction.atomic
def document_analyse(
    *,
    actor: User,
    dossier: Dossier,
    attachment: Attachment,
    notes: str = "",
    competencies: list[Competency] | None = None,
    include_in_package: bool = True,
) -> AnalysedDocument:
    perms.require(actor, perms.RECOGNITION_MANAGE, dossier)
    perms.require(actor, perms.ATTACHMENT_VIEW, attachment)
    if attachment.participant_id not in _person_files(dossier):
        raise ValidationError(_("This document is not one of the person's files."))
    document, _created = AnalysedDocument.objects.get_or_create(
        dossier=dossier, attachment=attachment, defaults={"analysed_by": actor}
    )
    return _document_fill(actor, document, notes, competencies or [], include_in_package)


@transaction.atomic
def document_update(
    *,
    actor: User,
    document: AnalysedDocument,
    notes: str,
    competencies: list[Competency],
    include_in_package: bool,
) -> AnalysedDocument:
    perms.require(actor, perms.RECOGNITION_MANAGE, document.dossier)
    return _document_fill(actor, document, notes, competencies, include_in_package)


def _document_fill(actor, document, notes, competencies, include_in_package) -> AnalysedDocument:
    dossier = document.dossier
    if any(c.standard_id != dossier.standard_id for c in competencies):
        raise ValidationError(_("Choose competencies of the dossier's standard."))
    document.notes = notes or ""
    document.include_in_package = include_in_package
    document.analysed_by = actor
    document.analysed_at = timezone.now()
    document._history_user = actor
    document.full_clean()
    document.save()
    document.competencies.set(competencies)
    touch(dossier)
    return document


@transaction.atomic
def evidence_use_add(
    *,
    actor: User,
    dossier: Dossier,
    competency: Competency,
    achievement: Achievement,
    note: str = "",
) -> EvidenceUse:
    """An accepted achievement of the person's evidence base (their Qualifications Québec
    file, or their linked file read with consent) supports a competency of the standard."""
    perms.require(actor, perms.RECOGNITION_MANAGE, dossier)
    perms.require(actor, perms.PASSPORT_VIEW, achievement.participant)
    if achievement.participant_id not in _person_files(dossier):
        raise ValidationError(_("This achievement is not in the person's evidence base."))
    if achievement.review != Review.ACCEPTED:
        raise ValidationError(_("Only an accepted achievement can support a competency."))
    if competency.standard_id != dossier.standard_id:
        raise ValidationError(_("Choose a competency of the dossier's standard."))
    use, _created = EvidenceUse.objects.get_or_create(
        dossier=dossier,
        competency=competency,
        achievement=achievement,
        defaults={"added_by": actor, "note": note or ""},
    )
    if not _created and note:
        use.note = note
    use._history_user = actor
    use.full_clean()
    use.save()
    touch(dossier)
    return use


@transaction.atomic
def evidence_use_remove(*, actor: User, use: EvidenceUse) -> None:
    perms.require(actor, perms.RECOGNITION_MANAGE, use.dossier)
    dossier = use.dossier
    use._history_user = actor
    use.delete()
    touch(dossier)


# --- The CLE agent: income support ------------------------------------------------------------


@transaction.atomic
def income_support_record(*, actor: User, dossier: Dossier, income_support: str) -> Dossier:
    """The CLE agent records the candidate's income-support status (SAE rights kept)."""
    perms.require(actor, perms.RECOGNITION_INCOME, dossier)
    current = Dossier.objects.select_for_update().get(pk=dossier.pk)
    current.income_support = income_support
    current.income_support_recorded_at = timezone.now()
    current.income_support_recorded_by = actor
    current.version += 1
    current._history_user = actor
    current.full_clean()
    current.save()
    return current


# --- Inactivity -------------------------------------------------------------------------------


def inactivity_days() -> int:
    return int(getattr(settings, "ATOUT_RECOGNITION_INACTIVITY_DAYS", 60))


def lapse_days() -> int:
    return int(getattr(settings, "ATOUT_RECOGNITION_LAPSE_DAYS", 30))


@transaction.atomic
def activity_confirm(*, actor: User, dossier: Dossier) -> Dossier:
    """The candidate (from their login) or the advisor says the dossier is still active."""
    perms.require(actor, perms.RECOGNITION_VIEW, dossier)
    if dossier.phase not in LAPSABLE_PHASES:
        raise ValidationError(_("This dossier is not waiting for a confirmation."))
    touch(dossier)
    dossier._history_user = actor
    return dossier


def check_dossier_activity(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """The daily job: ask about dossiers idle for the inactivity delay, lapse those asked
    about that stayed unanswered for the lapse delay. Returns (asked, lapsed)."""
    from atout.recognition.notifications import send_activity_check

    now = now or timezone.now()
    idle_since = now - datetime.timedelta(days=inactivity_days())
    lapse_since = now - datetime.timedelta(days=lapse_days())
    open_dossiers = Dossier.objects.filter(phase__in=LAPSABLE_PHASES)
    lapsed = 0
    for dossier in open_dossiers.filter(activity_check_sent_at__lte=lapse_since):
        try:
            dossier_move(
                None,
                dossier,
                Phase.LAPSED,
                note=_("No answer to the request to confirm the dossier is still active."),
            )
        except TransitionError:
            continue
        lapsed += 1
    asked = 0
    waiting = open_dossiers.filter(
        activity_check_sent_at__isnull=True, last_activity_at__lte=idle_since
    ).select_related("participant__user", "advisor")
    for dossier in waiting:
        with transaction.atomic():
            updated = Dossier.objects.filter(
                pk=dossier.pk, activity_check_sent_at__isnull=True
            ).update(activity_check_sent_at=now)
            if updated:
                send_activity_check(dossier)
                asked += 1
    return asked, lapsed


# --- Linking the Qualifications Québec file to the person's file elsewhere ---------------------


@transaction.atomic
def link_request(*, actor: User, participant: Participant, email: str) -> LinkRequest:
    """Ask the person, through the e-mail they log in with, to link their files.

    The answer is the same whether or not such an account exists: the advisor learns about
    the other file only once the person agrees."""
    perms.require(actor, perms.FILE_LINK, participant)
    if participant.organisation.kind != Organisation.Kind.QUALIFICATIONS:
        raise ValidationError(_("Only a Qualifications Québec file is linked this way."))
    request = LinkRequest(participant=participant, email=email.strip().lower(), requested_by=actor)
    request._history_user = actor
    request.full_clean()
    request.save()
    from atout.recognition.notifications import send_link_request

    send_link_request(request)
    return request


def pending_link_requests(user: User) -> list[LinkRequest]:
    """What waits for the person's answer: requests made to their login e-mail, when they have
    a file of their own elsewhere to link."""
    own = getattr(user, "participant_file", None) if user.is_authenticated else None
    if own is None or not user.email:
        return []
    return list(
        LinkRequest.objects.filter(email__iexact=user.email, answered_at__isnull=True)
        .exclude(participant=own)
        .select_related("participant__organisation")
    )


@transaction.atomic
def link_answer(
    *, user: User, request: LinkRequest, accept: bool, parts: list[str] | None = None
) -> LinkRequest:
    """The person answers from their own account: agreeing links the files and records their
    consent to communicate (atout.disclosures) the parts they chose (all three by default):
    their file is then read, read-only and only those parts, by Qualifications Québec."""
    own = getattr(user, "participant_file", None)
    locked = LinkRequest.objects.select_for_update().get(pk=request.pk)
    if own is None or locked.email.lower() != (user.email or "").lower():
        raise PermissionDenied
    if locked.answered_at is not None:
        raise ValidationError(_("This request was already answered."))
    now = timezone.now()
    locked.answered_at = now
    locked.accepted = accept
    locked._history_user = user
    locked.save()
    if accept:
        qq_file = Participant.objects.select_for_update().get(pk=locked.participant_id)
        qq_file.linked_file = own
        qq_file.link_consent = Participant.LinkConsent.ONLINE
        qq_file.link_consent_at = now
        qq_file.link_consent_by = user
        qq_file.version += 1
        qq_file._history_user = user
        qq_file.save()
        # The consent is a Disclosure; its service keeps the file's shared_with/shared_parts.
        from atout.disclosures import services as disclosures

        disclosures.disclosure_give_online(
            user=user,
            participant=own,
            recipient=qq_file.organisation,
            parts=parts if parts is not None else list(SharedPart.values),
        )
    return locked


@transaction.atomic
def link_revoke(*, actor: User, participant: Participant) -> Participant:
    """End the link (the advisor, or the person from either of their logins): the other file
    is no longer shared with Qualifications Québec."""
    qq_file = Participant.objects.select_for_update().get(pk=participant.pk)
    other = qq_file.linked_file
    is_person = other is not None and other.user_id == actor.pk or qq_file.user_id == actor.pk
    if not (is_person or perms.has_capability(actor, perms.FILE_LINK, qq_file)):
        raise PermissionDenied(perms.FILE_LINK)
    if other is None:
        raise ValidationError(_("These files are not linked."))
    _unlink(actor, qq_file, other)
    still_linked = Participant.objects.filter(
        linked_file=other, organisation=qq_file.organisation
    ).exists()
    if not still_linked:
        # The consent for skills recognition ends with the link (atout.disclosures keeps the
        # file's shared_with/shared_parts from the consents still in force).
        from atout.disclosures import services as disclosures

        disclosures.disclosures_withdraw_for_link(
            actor=actor, participant=other, recipient=qq_file.organisation
        )
    return qq_file


def links_end_for_withdrawal(*, actor: User, participant: Participant, organisation: Any) -> int:
    """The person withdrew their last consent to communicate their file to this organisation
    for skills recognition (atout.disclosures): its files linked to theirs are unlinked, and
    what their dossiers reused from it goes. The caller checked the right to withdraw."""
    count = 0
    for qq_file in Participant.objects.select_for_update().filter(
        linked_file=participant, organisation=organisation
    ):
        _unlink(actor, qq_file, participant)
        count += 1
    return count


def _unlink(actor: User, qq_file: Participant, other: Participant) -> None:
    """Clear the link of a Qualifications Québec file (locked by the caller) to `other`."""
    # What the dossiers reused from the other file goes with the consent (the history keeps
    # that it was there); nothing of that file stays readable or transmittable.
    for use in EvidenceUse.objects.filter(
        dossier__participant=qq_file, achievement__participant=other
    ):
        use._history_user = actor
        use.delete()
    for document in AnalysedDocument.objects.filter(
        dossier__participant=qq_file, attachment__participant=other
    ):
        document._history_user = actor
        document.delete()
    qq_file.linked_file = None
    qq_file.link_consent = ""
    qq_file.link_consent_at = None
    qq_file.link_consent_by = None
    qq_file.version += 1
    qq_file._history_user = actor
    qq_file.save()
