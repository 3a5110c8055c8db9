"""The retention job and the legal holds."""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.common.errors import ConflictError
from atout.participants.models import Participant
from atout.retention import rules
from atout.retention.models import DestructionLog, LegalHold
from atout.retention.rules import RetentionRule, RuleResult

logger = logging.getLogger("atout.retention")


@dataclass
class RuleReport:
    key: str
    label: str
    record_kind: str
    action: str
    count: int
    held: int
    blocked: int
    refs: list[str]
    problems: list[str]


@dataclass
class RetentionReport:
    run_id: uuid.UUID
    today: datetime.date
    dry_run: bool
    rules: list[RuleReport] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rules)


@dataclass
class _Run:
    run_id: uuid.UUID
    today: datetime.date
    dry_run: bool
    rule: RetentionRule | None = None


def apply_retention(
    *, today: datetime.date | None = None, dry_run: bool = False
) -> RetentionReport:
    """Run every rule: destroy (or, dry, count) what reached the end of its period, and log
    one destruction line per rule and organisation. A rule that fails is reported and the
    others still run."""
    today = today or timezone.localdate()
    run = _Run(run_id=uuid.uuid4(), today=today, dry_run=dry_run)
    report = RetentionReport(run_id=run.run_id, today=today, dry_run=dry_run)
    for rule in rules.all_rules():
        run.rule = rule
        try:
            queryset = rule.due(today)
            held = rule.held(today) if rule.held else Counter()
            result: RuleResult = rule.destroy(queryset, run)
            result.held += held
        except Exception as error:  # noqa: BLE001 (one broken rule must not stop the others)
            logger.exception("retention.rule_failed", extra={"rule": rule.key})
            result = RuleResult(problems=[f"{type(error).__name__}"])
        if not dry_run:
            _log(run, rule, result)
        report.rules.append(
            RuleReport(
                key=rule.key,
                label=str(rule.label),
                record_kind=rule.record_kind,
                action=rule.action,
                count=sum(result.counts.values()),
                held=sum(result.held.values()),
                blocked=sum(result.blocked.values()),
                refs=result.refs,
                problems=result.problems,
            )
        )
    logger.info(
        "retention.run",
        extra={"run": str(run.run_id), "dry_run": dry_run, "total": report.total},
    )
    return report


def _log(run: _Run, rule: RetentionRule, result: RuleResult) -> None:
    orgs = set(result.counts) | set(result.held) | set(result.blocked)
    rows = [
        DestructionLog(
            run_id=run.run_id,
            rule_key=rule.key,
            record_kind=rule.record_kind,
            action=rule.action,
            organisation_id=org,
            count=result.counts.get(org, 0),
            held=result.held.get(org, 0),
            blocked=result.blocked.get(org, 0),
        )
        for org in sorted(orgs, key=lambda o: (o is None, o or 0))
        if result.counts.get(org) or result.held.get(org) or result.blocked.get(org)
    ]
    DestructionLog.objects.bulk_create(rows)


def active_hold(participant: Participant) -> LegalHold | None:
    return participant.legal_holds.filter(lifted_at__isnull=True).first()


def hold_place(*, participant: Participant, actor, reason: str) -> LegalHold:
    """Suspend the destruction of a file (a dispute, an access request, an inquiry)."""
    perms.require(actor, perms.RETENTION_HOLD, participant)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the file must be kept.")})
    with transaction.atomic():
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        if active_hold(participant) is not None:
            raise ValidationError(_("This file is already on legal hold."))
        hold = LegalHold(participant=participant, reason=reason, placed_by=actor)
        hold.full_clean()
        hold._history_user = actor
        hold.save()
    return hold


def hold_lift(*, hold: LegalHold, actor, reason: str, version: int) -> LegalHold:
    """End a hold; the file becomes due again under its rule."""
    perms.require(actor, perms.RETENTION_HOLD, hold.participant)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"lift_reason": _("Say why the hold ends.")})
    with transaction.atomic():
        current = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if current.version != version:
            raise ConflictError(current)
        if current.lifted_at is not None:
            raise ValidationError(_("This hold was already lifted."))
        current.lifted_at = timezone.now()
        current.lifted_by = actor
        current.lift_reason = reason
        current.version += 1
        current.full_clean()
        current._history_user = actor
        current.save()
    return current


def file_due_on(participant: Participant) -> datetime.date | None:
    """When a closed file reaches the end of its period (None while it is open)."""
    if participant.status != Participant.Status.CLOSED or not participant.closed_on:
        return None
    for rule in rules.all_rules():
        if rule.record_kind == "participant_file" and (
            rule.organisation_kind == participant.organisation.kind
        ):
            # Due the day its closing date falls before the cutoff.
            probe = participant.closed_on
            years, days = rule.years or 0, rule.days or 0
            try:
                due = probe.replace(year=probe.year + years)
            except ValueError:
                due = probe.replace(year=probe.year + years, day=28)
            return due + datetime.timedelta(days=days + 1)
    return None
