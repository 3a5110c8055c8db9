"""Writes to the portfolio. Each runs in one transaction; edits bump the version number.

The participant approves (from their own login) or the counsellor records an approval
given in person; approval freezes the display-ready payload, so the approved portfolio
prints exactly what was approved. An edit after approval returns it to draft.
"""

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
from atout.portfolios.models import SELECTION_KINDS, Portfolio, empty_selection
from atout.portfolios.selectors import frozen_payload

logger = logging.getLogger(__name__)

COVER_FIELDS = ("cover_title", "cover_subtitle", "language")
AWAITING = (DocumentState.DRAFT, DocumentState.READY, DocumentState.REAPPROVAL)


def _locked(participant: Participant, actor: User) -> Portfolio:
    """The portfolio row, locked; created on first use (the file locked against a race)."""
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    portfolio = Portfolio.objects.select_for_update().filter(participant=participant).first()
    if portfolio is None:
        portfolio = Portfolio(
            participant=participant,
            language="en" if participant.preferred_language == "en" else "fr",
            selection=empty_selection(),
            created_by=actor,
        )
        portfolio.full_clean()
        portfolio.save()
    portfolio.participant = participant
    return portfolio


def _back_to_draft(portfolio: Portfolio) -> None:
    if portfolio.state != DocumentState.DRAFT:
        portfolio.state = DocumentState.DRAFT
    portfolio.approved_payload = None
    portfolio.approved_at = None
    portfolio.approved_by = None
    portfolio.approved_in_person = False


def clean_selection(selection: dict[str, Any]) -> dict[str, list[int]]:
    """Only known kinds and whole ids, sorted: what the model stores."""
    clean = empty_selection()
    for kind in SELECTION_KINDS:
        values = selection.get(kind) or []
        clean[kind] = sorted(
            {int(v) for v in values if isinstance(v, int) and not isinstance(v, bool) and v > 0}
        )
    return clean


@transaction.atomic
def portfolio_update(
    *,
    participant: Participant,
    actor: User,
    data: dict[str, Any],
    selection: dict[str, list[int]] | None,
    expected_version: int | None,
) -> Portfolio:
    """Save the cover and the selection; a change after approval needs approval again."""
    perms.require(actor, perms.DOCUMENT_EDIT, participant)
    portfolio = _locked(participant, actor)
    if expected_version is not None and portfolio.version != expected_version:
        raise ConflictError(portfolio)
    changes = {
        name: data[name]
        for name in COVER_FIELDS
        if name in data and getattr(portfolio, name) != data[name]
    }
    new_selection = clean_selection(selection) if selection is not None else None
    if new_selection is not None and new_selection != clean_selection(portfolio.selection or {}):
        changes["selection"] = new_selection
    if not changes:
        return portfolio
    for name, value in changes.items():
        setattr(portfolio, name, value)
    _back_to_draft(portfolio)
    portfolio.version += 1
    portfolio.full_clean()
    portfolio.save()
    return portfolio


@transaction.atomic
def portfolio_submit(*, participant: Participant, actor: User) -> Portfolio:
    """The counsellor hands the portfolio to the participant for reading and approval."""
    perms.require(actor, perms.DOCUMENT_EDIT, participant)
    portfolio = _locked(participant, actor)
    if portfolio.state not in (DocumentState.DRAFT, DocumentState.REAPPROVAL):
        raise ValidationError(_("This portfolio is already waiting for approval or approved."))
    portfolio.state = DocumentState.READY
    portfolio.version += 1
    portfolio.save()
    return portfolio


@transaction.atomic
def portfolio_approve(
    *, participant: Participant, actor: User, in_person: bool = False
) -> tuple[Portfolio, list[str]]:
    """The participant approves in their own login, or the counsellor records it in person.

    Freezes the payload (images as attachment ids and digests). Returns the warnings (an
    image that could not be placed) so the person approving knows what was left out.
    """
    perms.require(actor, perms.DOCUMENT_EDIT if in_person else perms.DOCUMENT_APPROVE, participant)
    portfolio = _locked(participant, actor)
    if portfolio.state not in AWAITING:
        raise ValidationError(_("This portfolio is already approved."))
    payload, warnings = frozen_payload(portfolio)
    portfolio.approved_payload = payload
    portfolio.state = DocumentState.APPROVED
    portfolio.approved_at = timezone.now()
    portfolio.approved_by = actor
    portfolio.approved_in_person = in_person
    portfolio.reapproval_fields = []
    portfolio.printed_at = None
    portfolio.version += 1
    portfolio.save()
    return portfolio, warnings


@transaction.atomic
def portfolio_mark_printed(*, participant: Participant, actor: User) -> Portfolio:
    """Record that the approved portfolio was printed (for the file's Documents area)."""
    perms.require(actor, perms.DOCUMENT_EDIT, participant)
    portfolio = _locked(participant, actor)
    if not portfolio.is_approved or not portfolio.approved_payload:
        raise ValidationError(_("The participant approves the portfolio before it is printed."))
    portfolio.state = DocumentState.PRINTED
    portfolio.printed_at = timezone.now()
    portfolio.save(update_fields=["state", "printed_at", "updated_at"])
    return portfolio


@transaction.atomic
def portfolio_consent_withdrawn(
    *, participant: Participant, audience: str, fields: set[str], actor: Any = None
) -> Portfolio | None:
    """Consent to show `fields` to employers was withdrawn: an approved portfolio whose
    frozen payload shows one of them loses it and waits for approval again."""
    if audience != Audience.EMPLOYER:  # the portfolio is only ever shown to employers
        return None
    portfolio = Portfolio.objects.select_for_update().filter(participant=participant).first()
    if portfolio is None or not portfolio.approved_payload:
        return None
    shown = {c.get("field") for c in portfolio.approved_payload.get("contact") or []}
    gone = shown & set(fields)
    if not gone:
        return None
    portfolio.approved_payload = None
    portfolio.approved_at = None
    portfolio.approved_by = None
    portfolio.approved_in_person = False
    portfolio.state = DocumentState.REAPPROVAL
    portfolio.reapproval_fields = sorted(set(portfolio.reapproval_fields) | gone)
    portfolio.version += 1
    portfolio.save()
    logger.info(
        "portfolio approval withdrawn",
        extra={"event": "consent_withdrawn", "portfolio": portfolio.pk, "fields": sorted(gone)},
    )
    return portfolio
