"""Destroying a participant file completely: rows, history rows, stored files, login.

The rows to delete are found by Django's `Collector`, the same walk `delete()` makes, so a
model added later with a foreign key to the file (or to anything of it) is covered without a
change here. Records that protect the person's own records (a participation, a service
request, a recognition dossier and its transmissions…) are the person's too: they join the
walk when each names this file; anything else that protects the file stops its destruction
and is reported, never crashes the job.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

from atout.participants.models import Participant
from atout.privacy.models import file_label

logger = logging.getLogger("atout.retention")

_MAX_ROUNDS = 12


@dataclass
class FileOutcome:
    ref: str
    destroyed: bool = False
    rows: int = 0
    history_rows: int = 0
    stored_files: int = 0
    login_removed: bool = False
    problems: list[str] = field(default_factory=list)


def _files_named(obj: models.Model, depth: int = 3) -> set[int]:
    """The participant files a record names, directly or through what it hangs from (a
    committee's decision hangs from a transmission, which names the file)."""
    from atout.accounts.models import User

    named: set[int] = set()
    for f in type(obj)._meta.concrete_fields:
        if not f.is_relation:
            continue
        target_id = getattr(obj, f.attname)
        if target_id is None:
            continue
        if f.related_model is Participant:
            named.add(target_id)
        elif depth > 0 and f.related_model is not User:
            target = f.related_model._base_manager.filter(pk=target_id).first()
            if target is not None:
                named |= _files_named(target, depth - 1)
    return named


def _names_file(obj: models.Model, participant_id: int) -> bool:
    """A record that protects the file is the person's own when this file is the only one
    it names; one that also names another file (Qualifications Québec's dossier analysing
    this file's document) belongs to that file too: the destruction stops and says so."""
    return _files_named(obj) == {participant_id}


class _Blocked(Exception):
    pass


def _delete_tree(
    obj: models.Model,
    participant_id: int,
    found: dict[type[models.Model], set[Any]],
    names: set[str],
    depth: int = 0,
) -> None:
    """Delete `obj` and what cascades from it; first the person's records that protect it.
    Raises _Blocked (with the reason) when a record of someone else protects it."""
    if depth > _MAX_ROUNDS:
        raise _Blocked("too many levels of protected records")
    for _round in range(_MAX_ROUNDS):
        collector = Collector(using="default", origin=obj)
        try:
            collector.collect([obj])
        except (ProtectedError, RestrictedError) as error:
            blocking = (
                error.protected_objects
                if isinstance(error, ProtectedError)
                else error.restricted_objects
            )
            strangers = sorted(
                f"{o._meta.label} #{o.pk}" for o in blocking if not _names_file(o, participant_id)
            )
            if strangers:
                raise _Blocked(f"protected by {', '.join(strangers)}") from None
            for other in blocking:
                _delete_tree(other, participant_id, found, names, depth + 1)
            continue
        collected = _collected(collector)
        names.update(_stored_names(collected))
        for model, pks in collected.items():
            found[model].update(pks)
        collector.delete()
        return
    raise _Blocked("protected records could not be resolved")


def _collected(collector: Collector) -> dict[type[models.Model], set[Any]]:
    """Every model and primary key the deletion reaches (fast deletes included)."""
    found: dict[type[models.Model], set[Any]] = defaultdict(set)
    for model, instances in collector.data.items():
        found[model].update(obj.pk for obj in instances)
    for qs in collector.fast_deletes:
        found[qs.model].update(qs.values_list("pk", flat=True))
    return found


def _history_model(model: type[models.Model]):
    manager = getattr(model, "history", None)
    history_model = getattr(manager, "model", None)
    if history_model is None or history_model is model:
        return None
    return history_model


def _file_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _stored_names(found: dict[type[models.Model], set[Any]]) -> set[str]:
    """Names in storage of every file field of the collected rows and of their history
    (a replaced logo's old file is named only in a history row)."""
    names: set[str] = set()
    for model, pks in found.items():
        fields = _file_fields(model)
        if not fields or not pks:
            continue
        pk_name = model._meta.pk.attname
        for row in model._base_manager.filter(pk__in=pks).values_list(*fields):
            names.update(n for n in row if n)
        history_model = _history_model(model)
        if history_model is not None:
            for row in history_model._base_manager.filter(**{f"{pk_name}__in": pks}).values_list(
                *fields
            ):
                names.update(n for n in row if n)
    return names


def _delete_history(found: dict[type[models.Model], set[Any]]) -> int:
    deleted = 0
    for model, pks in found.items():
        history_model = _history_model(model)
        if history_model is None or not pks:
            continue
        pk_name = model._meta.pk.attname
        count, _ = history_model._base_manager.filter(**{f"{pk_name}__in": pks}).delete()
        deleted += count
    return deleted


def _delete_admin_log(found: dict[type[models.Model], set[Any]]) -> None:
    if not apps.is_installed("django.contrib.admin"):
        return
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    for model, pks in found.items():
        if not pks:
            continue
        ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
        LogEntry.objects.filter(content_type=ct, object_id__in=[str(pk) for pk in pks]).delete()


def _task_results(found: dict[type[models.Model], set[Any]]) -> int:
    """Background job records whose arguments name a destroyed record (a bundle, an
    approved passport version…) or whose result names them."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    by_module: dict[str, set[Any]] = {}
    for model, pks in found.items():
        by_module.setdefault(model._meta.app_config.name, set()).update(pks)
    stale = []
    for result in DBTaskResult.objects.only("id", "task_path", "args_kwargs").iterator():
        module = result.task_path.rsplit(".", 2)[0]
        pks = by_module.get(module)
        if not pks:
            continue
        args = (result.args_kwargs or {}).get("args") or []
        kwargs = (result.args_kwargs or {}).get("kwargs") or {}
        if any(a in pks for a in [*args, *kwargs.values()] if isinstance(a, int | str)):
            stale.append(result.pk)
    if stale:
        DBTaskResult.objects.filter(pk__in=stale).delete()
    return len(stale)


def _remove_login(user, outcome: FileOutcome) -> None:
    """The person's login: sessions, lockout records, two-factor devices, history, row."""
    from atout.accounts.models import User

    if user.is_staff or user.memberships.exists():
        outcome.problems.append("login kept: it is also a staff account")
        return
    email = user.email
    for session in Session.objects.all().iterator():
        try:
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
        except Exception:  # noqa: BLE001, S112 (an unreadable session is left to expire)
            continue
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=email).delete()
    collector = Collector(using="default", origin=user)
    try:
        collector.collect([user])
    except (ProtectedError, RestrictedError):
        # The login wrote something elsewhere that must stay: keep a nameless, closed login.
        found = {User: {user.pk}}
        user.email = f"supprime-{user.pk}@invalid.invalid"
        user.full_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save_without_historical_record()
        _delete_history(found)
        outcome.problems.append("login kept without name (it authored records)")
        return
    found = _collected(collector)
    collector.delete()
    outcome.history_rows += _delete_history(found)
    _delete_admin_log(found)
    outcome.login_removed = True


class _DryRun(Exception):
    pass


def destroy_file(participant: Participant, *, dry_run: bool = False) -> FileOutcome:
    """Delete the file and everything of the person, or say why it cannot be done.

    A dry run makes the same deletions in a transaction it rolls back: what it reports is
    exactly what a real run would do, and nothing changes (stored files go only on commit).
    """
    outcome = FileOutcome(ref=file_label(participant.pk))
    found: dict[type[models.Model], set[Any]] = defaultdict(set)
    names: set[str] = set()
    user = participant.user
    try:
        with transaction.atomic():
            _delete_tree(participant, participant.pk, found, names)
            outcome.rows = sum(len(pks) for pks in found.values())
            outcome.history_rows = _delete_history(found)
            _delete_admin_log(found)
            _task_results(found)
            if user is not None:
                _remove_login(user, outcome)
            outcome.stored_files = len(names)
            outcome.destroyed = True
            if dry_run:
                raise _DryRun
            # Files go once the rows are gone: a failure above leaves both in place.
            transaction.on_commit(lambda: _delete_stored(names))
    except _DryRun:
        pass
    except _Blocked as blocked:
        outcome.destroyed = False
        outcome.problems.append(str(blocked))
        logger.warning("retention.blocked", extra={"file": outcome.ref, "problem": str(blocked)})
    return outcome


def _delete_stored(names: set[str]) -> None:
    for name in sorted(names):
        try:
            default_storage.delete(name)
        except Exception:  # noqa: BLE001 (reported; the next run finds nothing to point at it)
            logger.exception("retention.storage_delete_failed", extra={"name": name})
