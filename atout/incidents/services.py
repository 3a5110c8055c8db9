"""Writes to the incident register: record, update, and purge after the retention period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from atout.accounts import permissions as perms
from atout.accounts.models import Organisation, User
from atout.common.errors import ConflictError
from atout.incidents.models import Incident

# The fields a person in charge writes (everything but the bookkeeping).
FIELDS = (
    "title",
    "information_involved",
    "information_unknown_reason",
    "circumstances",
    "occurred_from",
    "occurred_to",
    "occurred_approximate",
    "learned_on",
    "persons_concerned",
    "persons_approximate",
    "risk_sensitivity",
    "risk_malicious_uses",
    "risk_consequences",
    "risk_likelihood",
    "serious_risk",
    "cai_notified_on",
    "persons_notified_on",
    "public_notice_on",
    "public_notice_reasons",
    "measures",
)


def can_keep_register(user: Any, organisation: Organisation | None) -> bool:
    """Only the organisation's person in charge writes its register (platform staff read it)."""
    if organisation is None:
        return False
    return perms.INCIDENT_REGISTER in perms.organisation_capabilities(user, organisation.pk)


def _require_keeper(actor: User, organisation: Organisation) -> None:
    if not can_keep_register(actor, organisation):
        raise PermissionDenied(perms.INCIDENT_REGISTER)


@transaction.atomic
def incident_create(*, organisation: Organisation, actor: User, data: dict[str, Any]) -> Incident:
    """Record an incident in the organisation's register, as soon as it is known."""
    _require_keeper(actor, organisation)
    incident = Incident(organisation=organisation, recorded_by=actor)
    for name in FIELDS:
        if name in data:
            setattr(incident, name, data[name])
    incident.full_clean(exclude=["recorded_by"])
    incident._history_user = actor
    incident.save()
    return incident


@transaction.atomic
def incident_update(
    *, incident: Incident, actor: User, data: dict[str, Any], expected_version: int
) -> Incident:
    """Complete or correct an entry (risk assessment, notices, measures); history keeps each
    version. A form opened before someone else saved is a conflict."""
    perms.require(actor, perms.INCIDENT_REGISTER, incident)
    current = Incident.objects.select_for_update().get(pk=incident.pk)
    if current.version != expected_version:
        raise ConflictError(current)
    changed = [n for n in FIELDS if n in data and getattr(current, n) != data[n]]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, data[name])
    current.full_clean(exclude=["recorded_by"])
    current.version += 1
    current._history_user = actor
    current.save()
    return current


@transaction.atomic
def incidents_purge(*, before: date) -> int:
    """Delete the entries the organisation learned of before `before` (the retention job
    passes today minus five years), with their history rows, which hold the same text.
    Returns how many entries were deleted."""
    expired = Incident.objects.filter(learned_on__lt=before)
    ids = list(expired.values_list("pk", flat=True))
    if not ids:
        return 0
    Incident.history.filter(id__in=ids).delete()
    Incident.objects.filter(pk__in=ids).delete()
    # Deleting writes a "-" history row with the content: remove those too.
    Incident.history.filter(id__in=ids).delete()
    return len(ids)
