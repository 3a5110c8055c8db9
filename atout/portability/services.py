"""Writes for copies of personal data: ask for one, build it, fail it, remove expired ones.

The job's life: QUEUED → READY | FAILED; READY → EXPIRED once its keeping time is over (the
file is deleted; the row says the link expired) and `exports_purge` removes old rows. The
file is written to storage only once complete and the row marked READY after, so a worker
killed mid-job leaves no file to serve.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from atout.accounts import permissions as perms
from atout.accounts.models import User
from atout.participants.models import JournalNote, Participant
from atout.portability.models import ExportRequest

logger = logging.getLogger(__name__)


def keep_days() -> int:
    return int(getattr(settings, "ATOUT_EXPORT_KEEP_DAYS", 7))


def export_request(
    *, participant: Participant, actor: User, in_person: bool = False
) -> tuple[ExportRequest, bool]:
    """Ask for a copy; returns (export, created). One copy in progress per file: a copy
    already being prepared is returned instead of a second one.

    `in_person`: a counsellor prepares it for the person (no login, or asked at a meeting);
    it is recorded in the file as a journal note the person sees (not a working note).
    """
    perms.require(actor, perms.PERSONAL_DATA_EXPORT, participant)
    own = participant.user_id is not None and participant.user_id == actor.pk
    in_person = bool(in_person) and not own
    try:
        with transaction.atomic():
            Participant.objects.select_for_update().get(pk=participant.pk)
            current = ExportRequest.objects.filter(
                participant=participant, status=ExportRequest.Status.QUEUED
            ).first()
            if current is not None:
                return current, False
            export = ExportRequest(
                participant=participant,
                requested_by=actor,
                in_person=in_person,
                lang="en" if participant.preferred_language == "en" else "fr",
            )
            export.full_clean()
            export.save()
            if not own:
                with override(export.lang):
                    text = (
                        _("A copy of the person's data was prepared at their request, in person.")
                        if in_person
                        else _("A copy of the person's data was prepared by the service.")
                    )
                note = JournalNote(
                    participant=participant, author=actor, text=text, working_note=False
                )
                note.full_clean()
                note.save()
            transaction.on_commit(partial(export_enqueue, export.pk))
    except IntegrityError:
        current = ExportRequest.objects.filter(
            participant=participant, status=ExportRequest.Status.QUEUED
        ).first()
        if current is None:
            raise
        return current, False
    logger.info(
        "personal data export requested",
        extra={"event": "export_requested", "export": export.pk, "participant": participant.pk},
    )
    return export, True


def export_enqueue(export_id: int) -> None:
    from atout.portability.tasks import export_make

    export_make.enqueue(export_id)


def export_run(export_id: int, *, now: datetime | None = None) -> str:
    """The job: build the ZIP, store it whole, then mark the row READY."""
    from atout.portability.exporting import build_export

    export = ExportRequest.objects.select_related("participant__organisation").get(pk=export_id)
    if export.status != ExportRequest.Status.QUEUED:
        return export.status
    built = build_export(export.participant, lang=export.lang)
    storage = export._meta.get_field("file").storage
    export.file.save(built.name, ContentFile(built.content), save=False)
    now = now or timezone.now()
    updated = ExportRequest.objects.filter(pk=export.pk, status=ExportRequest.Status.QUEUED).update(
        status=ExportRequest.Status.READY,
        file=export.file.name,
        name=built.name,
        size=len(built.content),
        ready_at=now,
        expires_at=now + timedelta(days=keep_days()),
    )
    if not updated:
        storage.delete(export.file.name)
        return "abandoned"
    return "ready"


def export_failed(export_id: int, *, reason: str) -> None:
    ExportRequest.objects.filter(pk=export_id, status=ExportRequest.Status.QUEUED).update(
        status=ExportRequest.Status.FAILED, error=reason[:2000]
    )


def export_expire_if_due(export: ExportRequest, *, now: datetime | None = None) -> ExportRequest:
    """A ready copy past its date: its file is deleted and its link refused from now on."""
    now = now or timezone.now()
    if (
        export.status == ExportRequest.Status.READY
        and export.expires_at
        and export.expires_at <= now
    ):
        _delete_file(export)
        ExportRequest.objects.filter(pk=export.pk).update(
            status=ExportRequest.Status.EXPIRED, file=""
        )
        export.refresh_from_db()
    return export


def _delete_file(export: ExportRequest) -> None:
    if export.file:
        export.file.storage.delete(export.file.name)


def exports_purge(*, now: datetime) -> int:
    """Delete expired copies: their files and their rows. Failed requests older than the
    keeping time go too. Returns the number of rows deleted (the retention job calls this)."""
    due = ExportRequest.objects.filter(expires_at__lte=now) | ExportRequest.objects.filter(
        status=ExportRequest.Status.FAILED, created_at__lte=now - timedelta(days=keep_days())
    )
    count = 0
    for export in due.order_by("pk"):
        _delete_file(export)
        export.delete()
        count += 1
    return count


def export_for_operator(participant: Participant) -> bytes:
    """`export_personal_data` on the command line: built in the foreground, no row, and the
    read recorded in the access log without a user."""
    from atout.portability.exporting import build_export
    from atout.privacy.models import AccessLogEntry
    from atout.privacy.services import reads_record

    built = build_export(participant)
    reads_record(
        user=None,
        organisation=None,
        participant_ids=[participant.pk],
        action=AccessLogEntry.Action.PERSONAL_DATA_EXPORT,
        document_format="zip",
    )
    return built.content
