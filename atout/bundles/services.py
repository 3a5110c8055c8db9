"""Writes for print bundles: ask for one, run its job, retry or fail it, remove old files.

The job's life: QUEUED → RUNNING (step k of n, a heartbeat at each step) → READY | FAILED.
The file is written to storage only once complete and the row marked READY after, so a
worker killed mid-job leaves no file to serve. Who notices a dead worker: the progress
page's next poll and `purge_bundles` (cron) call `bundle_recover_if_stale`; a RUNNING row
whose heartbeat is older than ATOUT_BUNDLE_STALE_SECONDS goes back to QUEUED (another
attempt) or, after the last attempt, to FAILED with the reason.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from atout.accounts import permissions as perms
from atout.accounts.models import User
from atout.bundles.models import Bundle, bundle_path
from atout.participants.models import Audience, Participant

logger = logging.getLogger(__name__)

ATTEMPTS = 3
RETRY_AFTER_SECONDS = 30
BOOLEANS = ("colour", "cards", "cv", "portfolio", "wage_subsidy")
OPTION_KEYS = ("colour", "copies", "cards", "layout", "letters", "cv", "portfolio", "wage_subsidy")


def _storage():
    return Bundle._meta.get_field("file").storage


def _clean_options(participant: Participant, options: dict[str, Any]) -> dict[str, Any]:
    """Plain JSON values, bounded; letters only the file's own approved ones."""
    from atout.bundles.selectors import approved_letters

    clean = {key: options.get(key) for key in OPTION_KEYS}
    for key in BOOLEANS:
        clean[key] = bool(clean[key])
    try:
        copies = int(clean["copies"] or 0)
    except (TypeError, ValueError):
        copies = -1
    if not 0 <= copies <= 20:
        raise ValidationError(_("Give between 0 and 20 copies."))
    clean["copies"] = copies
    clean["layout"] = str(clean["layout"] or "")[:60]
    allowed = {letter.pk for letter in approved_letters(participant)}
    wanted = [int(pk) for pk in clean["letters"] or []]
    if set(wanted) - allowed:
        raise ValidationError(_("Only approved cover letters of this file can be included."))
    clean["letters"] = list(dict.fromkeys(wanted))
    if not any(clean[k] for k in (*BOOLEANS, "copies", "letters")):
        raise ValidationError(_("Choose at least one document for the bundle."))
    return clean


def bundle_request(
    *, participant: Participant, actor: User, options: dict[str, Any], fmt: str, lang: str
) -> tuple[Bundle, bool]:
    """Ask for a bundle; returns (bundle, created). A bundle already in flight for this file
    is returned instead of a second one (two clicks, two counsellors)."""
    perms.require(actor, perms.BUNDLE_MAKE, participant)
    if fmt not in Bundle.Format.values:
        raise ValidationError(_("Choose a format."))
    clean = _clean_options(participant, options)
    try:
        with transaction.atomic():
            # The file's row is the lock (PostgreSQL); SQLite's IMMEDIATE transactions
            # serialise writers; the conditional unique constraint is the last word.
            Participant.objects.select_for_update().get(pk=participant.pk)
            current = (
                Bundle.objects.filter(participant=participant, status__in=Bundle.IN_FLIGHT)
                .order_by("-pk")
                .first()
            )
            if current is not None:
                return current, False
            bundle = Bundle(
                participant=participant,
                requested_by=actor,
                options=clean,
                fmt=fmt,
                lang="en" if lang == "en" else "fr",
            )
            bundle.full_clean()
            bundle.save()
            transaction.on_commit(partial(bundle_enqueue, bundle.pk))
    except IntegrityError:
        current = Bundle.objects.filter(
            participant=participant, status__in=Bundle.IN_FLIGHT
        ).first()
        if current is None:
            raise
        return current, False
    logger.info(
        "bundle requested",
        extra={"event": "bundle_requested", "bundle": bundle.pk, "participant": participant.pk},
    )
    return bundle, True


def bundle_create_for_operator(
    *, participant: Participant, options: dict[str, Any], fmt: str, lang: str
) -> Bundle:
    """`render_bundle` on the command line: the server's rights, no user; run in the
    foreground by the caller (`bundle_run`), so nothing is enqueued."""
    clean = _clean_options(participant, options)
    busy = ValidationError(
        _("A bundle is already being prepared for this file; wait for it to finish.")
    )
    try:
        with transaction.atomic():
            if Bundle.objects.filter(participant=participant, status__in=Bundle.IN_FLIGHT).exists():
                raise busy
            bundle = Bundle(participant=participant, options=clean, fmt=fmt, lang=lang)
            bundle.full_clean()
            bundle.save()
    except IntegrityError:
        raise busy from None
    return bundle


def bundle_enqueue(bundle_id: int, attempt_after: int = 0) -> None:
    """Hand the job to the worker (later, for a retry, where the backend can)."""
    from atout.bundles.tasks import bundle_make

    task = bundle_make
    if attempt_after and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=attempt_after))
    task.enqueue(bundle_id)


def _claim(bundle_id: int) -> Bundle | None:
    """QUEUED → RUNNING for this worker; None if someone else has it or it is finished."""
    with transaction.atomic():
        bundle = Bundle.objects.select_for_update().filter(pk=bundle_id).first()
        if bundle is None or bundle.status != Bundle.Status.QUEUED:
            return None
        now = timezone.now()
        bundle.status = Bundle.Status.RUNNING
        bundle.attempts += 1
        bundle.started_at = now
        bundle.heartbeat_at = now
        bundle.step = 0
        bundle.steps = 0
        bundle.step_label = ""
        bundle.save(
            update_fields=[
                "status",
                "attempts",
                "started_at",
                "heartbeat_at",
                "step",
                "steps",
                "step_label",
            ]
        )
        return bundle


class Abandoned(Exception):  # noqa: N818 - the job stops, nothing went wrong in it
    """The row is no longer this attempt's (recovered as stale, withdrawn): stop quietly."""


def _progress(bundle: Bundle, step: int, steps: int, label: str) -> None:
    """Record the step and the heartbeat; stop if the row was taken from this attempt."""
    updated = Bundle.objects.filter(
        pk=bundle.pk, status=Bundle.Status.RUNNING, attempts=bundle.attempts
    ).update(step=step, steps=steps, step_label=str(label)[:200], heartbeat_at=timezone.now())
    if not updated:
        raise Abandoned
    _pause(bundle, step)


def _pause(bundle: Bundle, step: int) -> None:
    """A seam for the kill test: a subprocess makes the job wait here, then is killed."""


def bundle_run(bundle_id: int) -> str:
    """The job: build every part, store the file whole, then mark the row READY.

    Runs in the worker, outside any transaction (the renders hold no lock). Returns what
    happened, for the task's result.
    """
    from atout.bundles.building import Unbuildable, build

    bundle = _claim(bundle_id)
    if bundle is None:
        return "skipped"
    try:
        built = build(bundle, partial(_progress, bundle))
    except Abandoned:
        return "abandoned"
    except Unbuildable as nothing:
        # Nothing asked for is in the file (any more): another attempt would change nothing.
        Bundle.objects.filter(pk=bundle.pk, status=Bundle.Status.RUNNING).update(
            status=Bundle.Status.FAILED,
            error=str(nothing),
            notes=nothing.notes,
            finished_at=timezone.now(),
        )
        return "failed"
    keep = timedelta(days=settings.ATOUT_BUNDLE_KEEP_DAYS)
    name = _storage().save(
        bundle_path(bundle, built.document.name), ContentFile(built.document.content)
    )
    with transaction.atomic():
        current = Bundle.objects.select_for_update().get(pk=bundle_id)
        if current.status != Bundle.Status.RUNNING or current.attempts != bundle.attempts:
            transaction.on_commit(partial(_delete_files, [name]))
            return "abandoned"
        now = timezone.now()
        current.file.name = name
        current.name = built.document.name
        current.size = len(built.document.content)
        current.pages = built.pages
        current.notes = built.notes
        current.status = Bundle.Status.READY
        current.step = current.steps
        current.error = ""
        current.finished_at = now
        current.heartbeat_at = now
        current.expires_at = now + keep
        current.save()
        transaction.on_commit(partial(bundle_expiry_enqueue, current.pk, current.expires_at))
    logger.info(
        "bundle ready",
        extra={"event": "bundle_ready", "bundle": bundle_id, "bytes": current.size},
    )
    return "ready"


def bundle_failed(*, bundle_id: int, reason: str) -> tuple[int, bool]:
    """An attempt raised: back to the queue for another one, or FAILED with the reason.

    Returns (attempts, final)."""
    with transaction.atomic():
        bundle = Bundle.objects.select_for_update().filter(pk=bundle_id).first()
        if bundle is None or bundle.status != Bundle.Status.RUNNING:
            return ATTEMPTS, True
        final = bundle.attempts >= ATTEMPTS
        bundle.error = reason[:2000]
        bundle.status = Bundle.Status.FAILED if final else Bundle.Status.QUEUED
        if final:
            bundle.finished_at = timezone.now()
        bundle.save(update_fields=["error", "status", "finished_at"])
        if not final:
            transaction.on_commit(
                partial(
                    bundle_enqueue, bundle.pk, attempt_after=RETRY_AFTER_SECONDS * bundle.attempts
                )
            )
        return bundle.attempts, final


# Stored on the row in the server's language (LANGUAGE_CODE) when the job is recovered.
LOST = gettext_noop("The worker stopped during the job (no sign of life for %(seconds)s s).")


def lost_reason() -> str:
    return _(LOST) % {"seconds": settings.ATOUT_BUNDLE_STALE_SECONDS}


def bundle_recover_if_stale(bundle: Bundle, *, now: Any = None) -> Bundle:
    """A RUNNING bundle without a recent heartbeat: its worker died. Retry it, or fail it."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.ATOUT_BUNDLE_STALE_SECONDS)
    if bundle.status != Bundle.Status.RUNNING or (bundle.heartbeat_at or now) > stale:
        return bundle
    with transaction.atomic():
        current = Bundle.objects.select_for_update().get(pk=bundle.pk)
        if current.status != Bundle.Status.RUNNING or (current.heartbeat_at or now) > stale:
            return current
        final = current.attempts >= ATTEMPTS
        current.error = lost_reason()
        current.status = Bundle.Status.FAILED if final else Bundle.Status.QUEUED
        if final:
            current.finished_at = now
        current.save(update_fields=["error", "status", "finished_at"])
        if not final:
            transaction.on_commit(partial(bundle_enqueue, current.pk))
    logger.warning(
        "bundle worker lost",
        extra={"event": "bundle_lost", "bundle": bundle.pk, "final": final},
    )
    return current


def bundles_recover_stale(*, now: Any = None) -> int:
    """Every stale RUNNING bundle (for `purge_bundles` and the worker's start)."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.ATOUT_BUNDLE_STALE_SECONDS)
    found = Bundle.objects.filter(status=Bundle.Status.RUNNING, heartbeat_at__lt=stale)
    return sum(
        1 for bundle in found if bundle_recover_if_stale(bundle, now=now).status != "running"
    )


def bundle_expiry_enqueue(bundle_id: int, when: Any) -> None:
    """Each finished bundle schedules its own removal (the cron command is the safety net)."""
    from atout.bundles.tasks import bundle_expire

    task = bundle_expire
    if task.get_backend().supports_defer:
        task = task.using(run_after=when)
        task.enqueue(bundle_id)


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            _storage().delete(name)
        except OSError:
            logger.warning("orphan file left", extra={"event": "orphan_file", "file": name})


def _expire(queryset: Any) -> int:
    with transaction.atomic():
        rows = list(queryset.select_for_update())
        names = [row.file.name for row in rows if row.file]
        for row in rows:
            row.status = Bundle.Status.EXPIRED
            row.file.name = ""
            row.save(update_fields=["status", "file"])
        transaction.on_commit(partial(_delete_files, names))
    return len(rows)


def bundle_expire_one(*, bundle_id: int, now: Any = None) -> int:
    """Remove one bundle's file if its time is up (the task runs at expiry)."""
    now = now or timezone.now()
    return _expire(
        Bundle.objects.filter(pk=bundle_id, status=Bundle.Status.READY, expires_at__lte=now)
    )


# A bundle still waiting this long was never taken by a worker (none running, queue lost):
# it would hold the file's one bundle in flight forever.
QUEUED_MAX = timedelta(hours=1)
NEVER_TAKEN = gettext_noop("No worker took the job within an hour; ask for the bundle again.")


def bundles_fail_forgotten(*, now: Any = None) -> int:
    """Queued bundles no worker took: failed with the reason, so a new one can be asked for."""
    now = now or timezone.now()
    last = now - QUEUED_MAX
    forgotten = Bundle.objects.filter(status=Bundle.Status.QUEUED).filter(
        Q(heartbeat_at__lt=last) | Q(heartbeat_at__isnull=True, created_at__lt=last)
    )
    return forgotten.update(status=Bundle.Status.FAILED, error=_(NEVER_TAKEN), finished_at=now)


# A file no row names, older than this, is a job's output whose worker died between storing
# it and marking the row ready (a live job marks its row within seconds).
ORPHAN_AFTER = timedelta(days=1)


def bundles_orphans_remove(*, now: Any = None) -> int:
    """Delete stored bundle files that no bundle row names (the job died before its row)."""
    now = now or timezone.now()
    storage = _storage()
    named = set(Bundle.objects.exclude(file="").values_list("file", flat=True))
    removed = 0
    try:
        files = [
            f"bundles/{person}/{job}/{name}"
            for person in storage.listdir("bundles")[0]
            for job in storage.listdir(f"bundles/{person}")[0]
            for name in storage.listdir(f"bundles/{person}/{job}")[1]
        ]
    except (FileNotFoundError, NotImplementedError):
        return 0
    for name in files:
        if name in named:
            continue
        try:
            if storage.get_modified_time(name) > now - ORPHAN_AFTER:
                continue
        except (FileNotFoundError, NotImplementedError):
            continue
        _delete_files([name])
        removed += 1
    if removed:
        logger.info("orphan bundles removed", extra={"event": "orphans_removed", "n": removed})
    return removed


def bundles_purge(*, now: Any = None) -> dict[str, int]:
    """Cron: remove expired bundles' files, recover jobs whose worker died, fail jobs no
    worker ever took, delete files a dead job stored without its row."""
    now = now or timezone.now()
    expired = _expire(Bundle.objects.filter(status=Bundle.Status.READY, expires_at__lte=now))
    recovered = bundles_recover_stale(now=now) + bundles_fail_forgotten(now=now)
    orphans = bundles_orphans_remove(now=now)
    return {"expired": expired, "recovered": recovered, "orphans": orphans}


def bundles_withdraw(*, participant: Participant, audience: str, fields: set[str]) -> int:
    """A consent to show contact details to employers was withdrawn: finished bundles may
    show them, so their files go at once (a new bundle prints without the detail)."""
    if audience != Audience.EMPLOYER:
        return 0
    # A job under way may already hold the detail: its row goes back to the queue, so the
    # running attempt finds it no longer its own, stores nothing, and the job starts over
    # (the next claim counts a new attempt, so the old one can never pass for it).
    running = list(
        Bundle.objects.filter(participant=participant, status=Bundle.Status.RUNNING).values_list(
            "pk", flat=True
        )
    )
    if running:
        Bundle.objects.filter(pk__in=running, status=Bundle.Status.RUNNING).update(
            status=Bundle.Status.QUEUED, heartbeat_at=timezone.now()
        )
        for bundle_id in running:
            transaction.on_commit(partial(bundle_enqueue, bundle_id))
    return _expire(Bundle.objects.filter(participant=participant, status=Bundle.Status.READY))


def bundle_worker_lost(args: list, kwargs: dict, final: bool) -> None:
    """The task reaper put back (or failed) a `bundle_make` job whose worker died.

    Called in the reaper's transaction (atout.workers.reaper): the bundle still RUNNING for
    that attempt goes back to QUEUED, so the rerun of the same job claims it (another
    attempt), or to FAILED with the reason after the last one. No new job is enqueued.
    """
    bundle_id = (args or [kwargs.get("bundle_id")])[0]
    current = Bundle.objects.select_for_update().filter(pk=bundle_id).first()
    if current is None or current.status != Bundle.Status.RUNNING:
        return
    last = final or current.attempts >= ATTEMPTS
    current.error = lost_reason()
    current.status = Bundle.Status.FAILED if last else Bundle.Status.QUEUED
    if last:
        current.finished_at = timezone.now()
    current.save(update_fields=["error", "status", "finished_at"])
