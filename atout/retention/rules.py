"""The retention rules: one registry, filled from `settings.ATOUT_RETENTION`, open to apps.

A rule says which records reached the end of their period (`due(today)`, a queryset) and how
they go (`destroy(queryset, run)`). Another app registers its own with `register(...)` in its
`AppConfig.ready()`; the job (`services.apply_retention`) runs them all in key order.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass
class RuleResult:
    """What one rule did: counts per organisation id (None: not an organisation's record)."""

    counts: Counter = field(default_factory=Counter)
    held: Counter = field(default_factory=Counter)
    blocked: Counter = field(default_factory=Counter)
    # File numbers ("Dossier 12") for the operator's output; never a name.
    refs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RetentionRule:
    key: str
    label: Any
    record_kind: str
    action: str  # "destroy" or "anonymise"
    basis: Any
    due: Callable[[datetime.date], QuerySet]
    destroy: Callable[[QuerySet, Any], RuleResult]
    days: int | None = None
    years: int | None = None
    organisation_kind: str = ""
    # The field of a due record that names its organisation, to count per organisation.
    organisation_field: str | None = None
    # Records past their period but kept by a legal hold, per organisation.
    held: Callable[[datetime.date], Counter] | None = None
    order: int = 100

    @property
    def period_text(self) -> str:
        if self.years:
            return ngettext("%(n)d year", "%(n)d years", self.years) % {"n": self.years}
        if self.days:
            return ngettext("%(n)d day", "%(n)d days", self.days) % {"n": self.days}
        return str(_("at expiry"))

    def cutoff(self, today: datetime.date) -> datetime.date:
        """Records dated before this day have reached their end."""
        return years_before(today, self.years or 0) - datetime.timedelta(days=self.days or 0)

    def cutoff_moment(self, today: datetime.date) -> datetime.datetime:
        cut = self.cutoff(today)
        return timezone.make_aware(datetime.datetime.combine(cut, datetime.time.min))

    def counts(self, queryset: QuerySet) -> Counter:
        if not self.organisation_field:
            return Counter({None: queryset.count()})
        rows = queryset.values(self.organisation_field).annotate(n=Count("pk")).order_by()
        return Counter({row[self.organisation_field]: row["n"] for row in rows})


_RULES: dict[str, RetentionRule] = {}


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def register(rule: RetentionRule) -> None:
    """Add or replace a rule (an app's rule replaces a default of the same key)."""
    _RULES[rule.key] = rule


def unregister(key: str) -> None:
    _RULES.pop(key, None)


def all_rules() -> list[RetentionRule]:
    return sorted(_RULES.values(), key=lambda r: (r.order, r.key))


def get(key: str) -> RetentionRule | None:
    return _RULES.get(key)


def _conf(key: str) -> dict | None:
    return getattr(settings, "ATOUT_RETENTION", {}).get(key)


def _rule(key: str, label, **kwargs) -> None:
    conf = _conf(key)
    if conf is None:
        return
    register(
        RetentionRule(
            key=key,
            label=label,
            record_kind=conf["record_kind"],
            action=conf.get("action", "destroy"),
            basis=conf.get("basis", ""),
            days=conf.get("days"),
            years=conf.get("years"),
            organisation_kind=conf.get("organisation_kind", ""),
            **kwargs,
        )
    )


def register_defaults() -> None:
    """The rules Atout itself knows; the settings give their periods, actions and bases."""
    from atout.retention import builtin

    _rule(
        "files_employability",
        _("Files of employability organisations, after they are closed"),
        due=builtin.files_due("files_employability"),
        destroy=builtin.files_destroy,
        held=builtin.files_held("files_employability"),
        organisation_field="organisation_id",
        order=10,
    )
    _rule(
        "files_qualifications",
        _("Qualifications Québec files, after they are closed"),
        due=builtin.files_due("files_qualifications"),
        destroy=builtin.files_destroy,
        held=builtin.files_held("files_qualifications"),
        organisation_field="organisation_id",
        order=11,
    )
    _rule(
        "print_bundles",
        _("Print bundles"),
        due=builtin.bundles_due,
        destroy=builtin.rows_with_files_destroy,
        organisation_field="participant__organisation_id",
        order=20,
    )
    _rule(
        "access_log",
        _("Access log of files"),
        due=builtin.access_log_due,
        destroy=builtin.rows_destroy,
        organisation_field="participant__organisation_id",
        order=40,
    )
    _rule(
        "task_results",
        _("Records of finished background jobs"),
        due=builtin.task_results_due,
        destroy=builtin.rows_destroy,
        order=50,
    )
    _rule(
        "sessions",
        _("Expired login sessions"),
        due=builtin.sessions_due,
        destroy=builtin.rows_destroy,
        order=51,
    )
    _rule(
        "lockouts",
        _("Records of failed logins"),
        due=builtin.lockouts_due,
        destroy=builtin.lockouts_destroy,
        order=52,
    )
    # Apps that purge their own records: wired when installed (their functions are found at
    # run time). The periods of "personal_data_exports" and "incidents" are in the settings.
    from django.apps import apps

    if apps.is_installed("atout.portability"):
        _rule(
            "personal_data_exports",
            _("Copies of personal data prepared for the person"),
            due=builtin.nothing_due,
            destroy=builtin.purge("atout.portability.services.exports_purge", "now"),
            order=30,
        )
    if apps.is_installed("atout.incidents"):
        _rule(
            "incidents",
            _("Register of confidentiality incidents"),
            due=builtin.nothing_due,
            destroy=builtin.purge("atout.incidents.services.incidents_purge", "before"),
            order=60,
        )
