"""Writes to agreements and service requests, each in one transaction.

Every status change of a request goes through `_move`, which checks `ServiceRequest.MACHINE`
and records a `RequestEvent` (who, when, from, to, note); a forbidden move raises
`TransitionError` and writes nothing. Validation errors are `ValidationError` in French.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import Organisation, Role, User
from atout.common.errors import ConflictError
from atout.participants import services as participant_services
from atout.participants.models import Participant
from atout.referrals.models import (
    RequestEvent,
    ServiceAgreement,
    ServiceRequest,
)

AGREEMENT_FIELDS = [
    "organisation",
    "measure",
    "reference",
    "starts_on",
    "ends_on",
    "planned_participants",
    "notes",
    "is_active",
]

# What the agent types on the request form (the rest is status and bookkeeping).
REQUEST_FIELDS = [
    "agreement",
    "given_names",
    "family_name",
    "birth_date",
    "preferred_language",
    "email",
    "phone",
    "postal_code",
    "objective_kind",
    "objective",
    "in_public_measures",
    "without_job",
    "ready_to_search",
    "has_objective",
    "eligibility_override",
    "assessment_career_choice",
    "assessment_skills",
    "assessment_job_search",
    "assessment_integration",
    "reason",
    "reason_other",
    "income_support",
    "entry_route",
    "expected_start",
    "expected_end",
    "notes_for_organisation",
]


def _require_in(actor: User, capability: str, organisation: Organisation) -> None:
    if capability not in perms.organisation_capabilities(actor, organisation.pk):
        raise PermissionDenied(capability)


# --- Agreements ------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(*, actor: User, cle: Organisation, data: dict[str, Any]) -> ServiceAgreement:
    """A CLE's new agreement with a partner organisation."""
    _require_in(actor, perms.AGREEMENT_MANAGE, cle)
    if cle.kind != Organisation.Kind.CLE:
        raise ValidationError(_("Only a CLE signs service agreements."))
    agreement = ServiceAgreement(cle=cle)
    for name in AGREEMENT_FIELDS:
        if name in data:
            setattr(agreement, name, data[name])
    agreement._history_user = actor
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_update(
    *, actor: User, agreement: ServiceAgreement, data: dict[str, Any], expected_version: int
) -> ServiceAgreement:
    """Save an edit unless someone saved the agreement since `expected_version`."""
    _require_in(actor, perms.AGREEMENT_MANAGE, agreement.cle)
    current = ServiceAgreement.objects.select_for_update().get(pk=agreement.pk)
    if current.version != expected_version:
        raise ConflictError(current)
    for name in AGREEMENT_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.full_clean()
    current.version += 1
    current._history_user = actor
    current.save()
    return current


# --- Requests: drafts ------------------------------------------------------------------------


def _check_agreement(request: ServiceRequest) -> None:
    agreement = request.agreement
    today = timezone.localdate()
    current = agreement.is_active and agreement.starts_on <= today <= agreement.ends_on
    if agreement.cle_id != request.cle_id or not current:
        raise ValidationError(
            {"agreement": _("Choose a partner with a current agreement of your CLE.")}
        )


def _check_link(actor: User, request: ServiceRequest, participant: Participant | None) -> None:
    """A request names a file only if the agent may see it and it is the receiving
    organisation's (the organisation will serve the person in that file)."""
    if participant is None:
        return
    visible = Participant.objects.visible_to(actor).filter(pk=participant.pk).exists()
    if not visible or participant.organisation_id != request.organisation_id:
        raise ValidationError(
            _(
                "This file belongs to another organisation: a request can be linked only to "
                "a file of the receiving organisation."
            )
        )


@transaction.atomic
def request_save(
    *,
    actor: User,
    cle: Organisation,
    data: dict[str, Any],
    request: ServiceRequest | None = None,
    expected_version: int | None = None,
    participant: Participant | None = None,
    duplicate_note: str | None = None,
) -> ServiceRequest:
    """Create or edit a draft. A draft may be incomplete in nothing the model requires; the
    checklist is checked when it is sent."""
    if request is None:
        _require_in(actor, perms.REFERRAL_WRITE, cle)
        current = ServiceRequest(cle=cle, agent=actor)
    else:
        perms.require(actor, perms.REFERRAL_WRITE, request)
        current = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError(current)
        if current.status != ServiceRequest.Status.DRAFT:
            raise ValidationError(_("Only a draft can be changed; this request was sent."))
        current.version += 1
    for name in REQUEST_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    if current.agreement_id:
        current.organisation_id = current.agreement.organisation_id
    if participant is not None:
        current.participant = participant
    if duplicate_note is not None:
        current.duplicate_note = duplicate_note
    _check_agreement(current)
    if current.participant_id:
        _check_link(actor, current, current.participant)
    current._history_user = actor
    current.full_clean()
    created = current.pk is None
    current.save()
    if created:
        _record(current, actor=actor, from_status="", to_status=ServiceRequest.Status.DRAFT)
    return current


# --- Requests: moves -------------------------------------------------------------------------


def _record(
    request: ServiceRequest, *, actor: User, from_status: str, to_status: str, note: str = ""
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, from_status=from_status, to_status=to_status, actor=actor, note=note
    )


def _move(
    request: ServiceRequest,
    *,
    actor: User,
    to: str,
    note: str = "",
    expected_version: int | None = None,
    **changes: Any,
) -> ServiceRequest:
    """Lock, check the machine, apply `changes`, save and record the event (in the caller's
    transaction)."""
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(locked)
    ServiceRequest.MACHINE.check(locked.status, to)
    previous = locked.status
    locked.status = to
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.version += 1
    locked._history_user = actor
    locked.full_clean()
    locked.save()
    _record(locked, actor=actor, from_status=previous, to_status=to, note=note)
    return locked


def _reason(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text


@transaction.atomic
def request_send(
    *, actor: User, request: ServiceRequest, expected_version: int | None = None
) -> ServiceRequest:
    """Send a draft to the organisation. An ineligible person (a checklist box unticked) is
    referred only with a reason for the override, recorded in the request and its event."""
    perms.require(actor, perms.REFERRAL_WRITE, request)
    current = ServiceRequest.objects.get(pk=request.pk)
    ServiceRequest.MACHINE.check(current.status, ServiceRequest.Status.SENT)
    note = ""
    if not current.is_eligible:
        if not current.eligibility_override.strip():
            raise ValidationError(
                {
                    "eligibility_override": _(
                        "The person does not meet every eligibility condition: tick the "
                        "boxes that apply, or give the reason for referring them anyway."
                    )
                }
            )
        note = _("Referred despite the eligibility checklist: %(reason)s") % {
            "reason": current.eligibility_override.strip()
        }
    if current.reason == "other" and not current.reason_other.strip():
        raise ValidationError({"reason_other": _("Say why the passport fits this person.")})
    _check_agreement(current)
    return _move(
        current,
        actor=actor,
        to=ServiceRequest.Status.SENT,
        note=note,
        expected_version=expected_version,
        sent_at=timezone.now(),
    )


@transaction.atomic
def request_withdraw(*, actor: User, request: ServiceRequest, reason: str) -> ServiceRequest:
    """The CLE withdraws a draft or a sent request before the organisation accepts it."""
    perms.require(actor, perms.REFERRAL_WRITE, request)
    reason = _reason(reason, _("Give the reason for withdrawing the request."))
    return _move(
        request,
        actor=actor,
        to=ServiceRequest.Status.WITHDRAWN,
        note=reason,
        withdraw_reason=reason,
    )


@transaction.atomic
def request_decline(*, actor: User, request: ServiceRequest, reason: str) -> ServiceRequest:
    """The organisation declines; the CLE sees the reason and may redirect the person."""
    perms.require(actor, perms.REFERRAL_DECIDE, request)
    reason = _reason(reason, _("Give the reason for declining the request; the CLE will see it."))
    return _move(
        request,
        actor=actor,
        to=ServiceRequest.Status.DECLINED,
        note=reason,
        decline_reason=reason,
        decided_at=timezone.now(),
    )


@transaction.atomic
def request_accept(
    *,
    actor: User,
    request: ServiceRequest,
    counsellor: User,
    first_meeting_at: datetime.datetime | None,
    participant: Participant | None = None,
    different_person_of: list[Participant] | None = None,
) -> Any:
    """Accept: the file (the one linked, the one chosen, or a new one from the request) is
    tied to the referring CLE, and the participation opens in the same transaction.

    Returns the participation. `different_person_of` lists the files the duplicate check
    proposed and the counsellor said are someone else (recorded on the new file).
    """
    from atout.participations.services import open_participation

    perms.require(actor, perms.REFERRAL_DECIDE, request)
    current = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    ServiceRequest.MACHINE.check(current.status, ServiceRequest.Status.ACCEPTED)
    staff = perms.organisation_capabilities(counsellor, current.organisation_id)
    if (
        perms.PARTICIPATION_MANAGE not in staff
        or not counsellor.memberships.filter(
            organisation_id=current.organisation_id, role__in=[Role.COUNSELLOR, Role.ORG_ADMIN]
        ).exists()
    ):
        raise ValidationError({"counsellor": _("Choose a counsellor of your organisation.")})
    participant = participant or current.participant
    if participant is not None:
        if (
            participant.organisation_id != current.organisation_id
            or not Participant.objects.visible_to(actor).filter(pk=participant.pk).exists()
        ):
            raise ValidationError(_("This file is not one of your organisation's files."))
        data: dict[str, Any] = {}
        if participant.referring_cle_id != current.cle_id:
            data["referring_cle"] = current.cle
        if participant.counsellor_id is None:
            data["counsellor"] = counsellor
        if current.birth_date and participant.birth_date is None:
            data["birth_date"] = current.birth_date
        if data:
            participant = participant_services.participant_update(
                participant=participant,
                actor=actor,
                data=data,
                expected_version=participant.version,
            )
    else:
        participant = participant_services.participant_create(
            organisation=current.organisation,
            actor=actor,
            data={
                "given_names": current.given_names,
                "family_name": current.family_name,
                "birth_date": current.birth_date,
                "preferred_language": current.preferred_language,
                "email": current.email,
                "mobile_phone": current.phone,
                "postal_code": current.postal_code,
                "objective": current.objective,
                "counsellor": counsellor,
                "referring_cle": current.cle,
            },
        )
        if different_person_of:
            names = "; ".join(f"{p.display_name} (no {p.pk})" for p in different_person_of)
            participant_services.note_add(
                participant=participant,
                author=actor,
                text=_(
                    "File created from the CLE's service request no %(number)s. The duplicate "
                    "check proposed %(names)s: not the same person."
                )
                % {"number": current.pk, "names": names},
            )
    note = _("Counsellor: %(name)s") % {"name": counsellor.full_name or counsellor.email}
    if first_meeting_at:
        local = timezone.localtime(first_meeting_at)
        note += " — " + _("first meeting: %(when)s") % {"when": f"{local:%Y-%m-%d %H:%M}"}
    accepted = _move(
        current,
        actor=actor,
        to=ServiceRequest.Status.ACCEPTED,
        note=note,
        participant=participant,
        decided_at=timezone.now(),
    )
    return open_participation(
        actor=actor,
        participant=participant,
        cle=accepted.cle,
        agreement=accepted.agreement,
        entry_route=accepted.entry_route,
        request=accepted,
        counsellor=counsellor,
        planned_start=accepted.expected_start,
        planned_end=accepted.expected_end,
        first_meeting_at=first_meeting_at,
        income_support=accepted.income_support,
    )


@transaction.atomic
def request_redirect(*, actor: User, request: ServiceRequest) -> ServiceRequest:
    """After a decline: a new draft, copied from the declined request, to address to another
    partner (the agent picks it, edits and sends)."""
    perms.require(actor, perms.REFERRAL_WRITE, request)
    declined = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if declined.status != ServiceRequest.Status.DECLINED:
        raise ValidationError(_("Only a declined request can be redirected."))
    if ServiceRequest.objects.filter(redirected_from=declined).exists():
        raise ValidationError(_("This request was already redirected."))
    copy = ServiceRequest(
        cle=declined.cle,
        agent=actor,
        agreement=declined.agreement,
        organisation=declined.organisation,
        redirected_from=declined,
    )
    for name in REQUEST_FIELDS:
        if name != "agreement":
            setattr(copy, name, getattr(declined, name))
    copy.duplicate_note = declined.duplicate_note
    # The file stays with the organisation that declined; the new partner decides on its own.
    copy._history_user = actor
    copy.full_clean()
    copy.save()
    _record(
        copy,
        actor=actor,
        from_status="",
        to_status=ServiceRequest.Status.DRAFT,
        note=_("Redirected from request no %(number)s (declined by %(organisation)s).")
        % {"number": declined.pk, "organisation": declined.organisation.name},
    )
    return copy
