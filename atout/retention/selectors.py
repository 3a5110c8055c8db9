"""Reads of the retention app: the rules as people read them, the destruction log."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from atout.accounts.models import Organisation
from atout.retention import rules
from atout.retention.models import DestructionLog


@dataclass
class RuleRow:
    key: str
    label: str
    period: str
    action: str
    basis: str
    organisation_kind: str


def rules_for_display() -> list[RuleRow]:
    """Every rule, in order, with its period in words (the public page and the admin's)."""
    actions = dict(DestructionLog.Action.choices)
    kinds = dict(Organisation.Kind.choices)
    return [
        RuleRow(
            key=rule.key,
            label=str(rule.label),
            period=rule.period_text,
            action=str(actions.get(rule.action, rule.action)),
            basis=str(rule.basis),
            organisation_kind=str(kinds.get(rule.organisation_kind, "")),
        )
        for rule in rules.all_rules()
    ]


def destruction_log(*, user, organisation: Organisation | None, month: str = "") -> QuerySet:
    """The organisation's destruction lines (counts only), newest first, for one month."""
    rows = DestructionLog.objects.visible_to(user, organisation).select_related("organisation")
    if month:
        year, number = (int(p) for p in month.split("-"))
        rows = rows.filter(at__year=year, at__month=number)
    return rows


def rule_label(key: str) -> str:
    rule = rules.get(key)
    return str(rule.label) if rule else key
