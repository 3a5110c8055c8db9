"""Writes to the CV. Each runs in one transaction; a settings change bumps the version."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import User
from atout.common.errors import ConflictError
from atout.documents.kinds import DocumentState
from atout.participants.models import Audience, Participant
from atout.resumes.models import Cv
from atout.resumes.selectors import cv_build, frozen_shows

logger = logging.getLogger(__name__)

SETTINGS_FIELDS = ["layout", "language", "include_interests", "references", "max_pages"]


def _locked(participant: Participant, actor: User | None) -> Cv:
    """The file's CV, locked; created with the defaults the first time it is written."""
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    cv = Cv.objects.select_for_update().filter(participant=participant).first()
    if cv is None:
        cv = Cv(
            participant=participant,
            language="en" if participant.preferred_language == "en" else "fr",
            created_by=actor,
            updated_by=actor,
        )
        cv.full_clean()
        cv.save()
    return cv


def _unapprove(cv: Cv) -> None:
    """What was approved no longer matches: the participant approves the CV again."""
    if cv.state in (DocumentState.APPROVED, DocumentState.PRINTED, DocumentState.REAPPROVAL):
        cv.state = DocumentState.REAPPROVAL
    cv.approved_payload = None
    cv.approved_at = None
    cv.approved_by = None
    cv.approved_in_person = False


@transaction.atomic
def cv_update(
    *, participant: Participant, actor: User, data: dict[str, Any], expected_version: int | None
) -> Cv:
    """Save the settings; a change after approval sends the CV back for approval."""
    perms.require(actor, perms.DOCUMENT_EDIT, participant)
    cv = _locked(participant, actor)
    if (
        expected_version is not None
        and cv.version != expected_version
        and cv.updated_by_id != actor.pk
    ):
        raise ConflictError(cv)
    changes = {
        name: data[name]
        for name in SETTINGS_FIELDS
        if name in data and getattr(cv, name) != data[name]
    }
    if not changes:
        return cv
    for name, value in changes.items():
        setattr(cv, name, value)
    _unapprove(cv)
    cv.version += 1
    cv.updated_by = actor
    cv.full_clean()
    cv.save()
    return cv


@transaction.atomic
def cv_submit(*, participant: Participant, actor: User) -> Cv:
    """The counsellor hands the CV to the participant for approval."""
    perms.require(actor, perms.DOCUMENT_EDIT, participant)
    cv = _locked(participant, actor)
    if cv.is_approved:
        raise ValidationError(_("This CV is already approved."))
    cv.state = DocumentState.READY
    cv.save(update_fields=["state", "updated_at"])
    return cv


@transaction.atomic
def cv_approve(*, participant: Participant, actor: User, in_person: bool = False) -> Cv:
    """The participant approves from their own login, or the counsellor records it in person.

    Approval freezes the payload: printing gives exactly what was approved, whatever the
    evidence base says later.
    """
    # Rights first: someone without them learns nothing about the CV's state.
    perms.require(actor, perms.DOCUMENT_EDIT if in_person else perms.DOCUMENT_APPROVE, participant)
    cv = _locked(participant, actor)
    if not cv.awaits_approval:
        raise ValidationError(_("This CV is already approved."))
    build = cv_build(cv)
    if build.is_empty:
        raise ValidationError(_("The CV is still empty: there is nothing to approve."))
    payload = dict(build.payload, draft=False)
    cv.state = DocumentState.APPROVED
    cv.approved_payload = payload
    cv.approved_at = timezone.now()
    cv.approved_by = actor
    cv.approved_in_person = in_person
    cv.reapproval_fields = []
    cv.save()
    return cv


@transaction.atomic
def cv_mark_printed(*, participant: Participant, actor: User) -> Cv:
    """A counsellor printed the approved CV (or is about to): the file shows when."""
    perms.require(actor, perms.DOCUMENT_EDIT, participant)
    cv = _locked(participant, actor)
    if not cv.is_approved:
        raise ValidationError(_("The participant approves the CV before it is printed."))
    cv.state = DocumentState.PRINTED
    cv.printed_at = timezone.now()
    cv.save(update_fields=["state", "printed_at", "updated_at"])
    return cv


@transaction.atomic
def cv_consent_withdrawn(
    *, participant: Participant, audience: str, fields: set[str], actor: Any = None
) -> Cv | None:
    """Consent to show `fields` to employers was withdrawn: the frozen CV may not show them.

    An approved CV whose frozen payload prints one of the details loses that payload and
    goes back to the participant for approval; the next approval freezes it without them.
    """
    if audience != Audience.EMPLOYER:  # a CV is only ever shown to employers
        return None
    cv = Cv.objects.select_for_update().filter(participant=participant).first()
    if cv is None:
        return None
    shown = frozen_shows(cv.approved_payload, fields)
    if not shown:
        return None
    cv.state = DocumentState.REAPPROVAL
    cv.approved_payload = None
    cv.approved_at = None
    cv.approved_by = None
    cv.approved_in_person = False
    cv.reapproval_fields = sorted(set(cv.reapproval_fields) | shown)
    cv.save()
    logger.info(
        "approved CV withdrawn",
        extra={"event": "consent_withdrawn", "cv": cv.pk, "fields": sorted(shown)},
    )
    return cv
