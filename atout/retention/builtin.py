"""The rules Atout knows itself: which records are due, and how they go."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from atout.participants.models import Participant
from atout.privacy.models import file_label
from atout.retention import rules
from atout.retention.destruction import destroy_file
from atout.retention.models import FileStatistic
from atout.retention.rules import RuleResult


def _active_holds() -> models.Q:
    return models.Q(legal_holds__lifted_at__isnull=True, legal_holds__isnull=False)


def _closed_past(key: str, today: datetime.date) -> QuerySet:
    rule = rules.get(key)
    return Participant.objects.filter(
        status=Participant.Status.CLOSED,
        organisation__kind=rule.organisation_kind,
        closed_on__isnull=False,
        closed_on__lt=rule.cutoff(today),
    )


def files_due(key: str):
    def due(today: datetime.date) -> QuerySet:
        held = Participant.objects.filter(_active_holds()).values("pk")
        return _closed_past(key, today).exclude(pk__in=held).order_by("pk")

    return due


def files_held(key: str):
    def held(today: datetime.date) -> Counter:
        rows = (
            _closed_past(key, today)
            .filter(_active_holds())
            .values("organisation_id")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        return Counter({row["organisation_id"]: row["n"] for row in rows})

    return held


def file_statistic(participant: Participant) -> FileStatistic:
    """The de-identified line reports keep: months, counts and choice values only."""
    outcomes: Counter = Counter()
    counts = {"participations": 0, "service_requests": 0, "dossiers": 0}
    for attr, prefix, field, count_key in (
        ("participations", "participation", "status", "participations"),
        ("service_requests", "request", "status", "service_requests"),
        ("recognition_dossiers", "dossier", "phase", "dossiers"),
    ):
        manager = getattr(participant, attr, None)
        if manager is None:
            continue
        for value in manager.values_list(field, flat=True):
            counts[count_key] += 1
            outcomes[f"{prefix}:{value}"] += 1
    if apps.is_installed("atout.participations"):
        from atout.participations.models import FeedbackReport

        for value in FeedbackReport.objects.filter(
            participation__participant=participant
        ).values_list("outcome", flat=True):
            if value:
                outcomes[f"feedback:{value}"] += 1
    return FileStatistic(
        organisation_id=participant.organisation_id,
        referring_cle_id=participant.referring_cle_id,
        kind=participant.organisation.kind,
        opened_month=f"{participant.opened_on:%Y-%m}" if participant.opened_on else "",
        closed_month=f"{participant.closed_on:%Y-%m}" if participant.closed_on else "",
        outcomes=dict(outcomes),
        **counts,
    )


def files_destroy(queryset: QuerySet, run: Any) -> RuleResult:
    result = RuleResult()
    for participant in queryset.select_related("organisation"):
        org = participant.organisation_id
        ref = file_label(participant.pk)
        with transaction.atomic():
            statistic = file_statistic(participant)
            outcome = destroy_file(participant, dry_run=run.dry_run)
            if outcome.destroyed and not run.dry_run:
                statistic.save()
        if outcome.destroyed:
            result.counts[org] += 1
            result.refs.append(ref)
        else:
            result.blocked[org] += 1
            result.problems.extend(f"{ref}: {problem}" for problem in outcome.problems)
    return result


def bundles_due(today: datetime.date) -> QuerySet:
    from atout.bundles.models import Bundle

    cutoff = rules.get("print_bundles").cutoff_moment(today)
    return Bundle.objects.filter(created_at__lt=cutoff).exclude(status__in=Bundle.IN_FLIGHT)


def access_log_due(today: datetime.date) -> QuerySet:
    from atout.privacy.models import AccessLogEntry

    return AccessLogEntry.objects.filter(at__lt=rules.get("access_log").cutoff_moment(today))


def task_results_due(today: datetime.date) -> QuerySet:
    from django_tasks_db.models import DBTaskResult

    cutoff = rules.get("task_results").cutoff_moment(today)
    return DBTaskResult.objects.filter(finished_at__isnull=False, finished_at__lt=cutoff)


def sessions_due(today: datetime.date) -> QuerySet:
    from django.contrib.sessions.models import Session

    return Session.objects.filter(expire_date__lt=rules.get("sessions").cutoff_moment(today))


def lockouts_due(today: datetime.date) -> QuerySet:
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(attempt_time__lt=rules.get("lockouts").cutoff_moment(today))


def lockouts_destroy(queryset: QuerySet, run: Any) -> RuleResult:
    """Attempts, and with them the failure and login records of the same period."""
    from axes.models import AccessFailureLog, AccessLog

    cutoff = rules.get("lockouts").cutoff_moment(run.today)
    result = rows_destroy(queryset, run)
    for model in (AccessFailureLog, AccessLog):
        result.counts += rows_destroy(model.objects.filter(attempt_time__lt=cutoff), run).counts
    return result


def rows_destroy(queryset: QuerySet, run: Any) -> RuleResult:
    """Plain rows without history or files: one delete."""
    rule = run.rule
    result = RuleResult(counts=rule.counts(queryset) if rule else Counter())
    if not run.dry_run:
        queryset.delete()
    return result


def rows_with_files_destroy(queryset: QuerySet, run: Any) -> RuleResult:
    """Rows whose file fields point into storage: the files go after the rows."""
    rule = run.rule
    result = RuleResult(counts=rule.counts(queryset))
    if run.dry_run:
        return result
    fields = [
        f.name for f in queryset.model._meta.concrete_fields if isinstance(f, models.FileField)
    ]
    names = {n for row in queryset.values_list(*fields) for n in row if n}
    with transaction.atomic():
        queryset.delete()
        transaction.on_commit(lambda: [default_storage.delete(n) for n in sorted(names)])
    return result


def purge(import_path: str, argument: str):
    """A rule for an app that purges its own records with `func(*, <argument>=moment) -> int`
    (`portability.services.exports_purge(now=…)`, `incidents.services.incidents_purge(
    before=…)`): `argument` is "now" (the app knows its expiry) or "before" (the rule's
    cutoff). A dry run cannot ask such a function what it would delete: it counts nothing."""
    from django.utils.module_loading import import_string

    def destroy(queryset: QuerySet, run: Any) -> RuleResult:
        if run.dry_run:
            return RuleResult()
        func = import_string(import_path)
        if argument == "now":
            moment = timezone.make_aware(
                datetime.datetime.combine(run.today, datetime.time(23, 59, 59))
            )
        else:
            moment = run.rule.cutoff_moment(run.today)
        return RuleResult(counts=Counter({None: int(func(**{argument: moment}) or 0)}))

    return destroy


def nothing_due(today: datetime.date) -> QuerySet:
    return Participant.objects.none()
