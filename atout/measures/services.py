"""Writes: the CLE agent records a measure (with the CLE's letter) or withdraws it."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from atout.accounts import permissions as perms
from atout.accounts.models import User
from atout.common.errors import ConflictError
from atout.measures.models import EmployerMeasure
from atout.participants.models import Participant
from atout.participants.uploads import check_upload


def _store_letter(measure: EmployerMeasure, upload: UploadedFile) -> None:
    """Check the letter like any file's document (content sniffed, size capped) and store it
    privately under a random name; UploadRejected says why it was refused."""
    checked = check_upload(upload)
    measure.letter_name = checked.name
    measure.letter_content_type = checked.content_type
    measure.letter_size = checked.size
    upload.seek(0)
    measure.letter.save(checked.name, upload, save=False)


def _save_or_delete_file(measure: EmployerMeasure, **kwargs) -> None:
    """If the row cannot be written, a file stored for it must not linger."""
    stored = measure.letter.name if measure.letter else ""
    try:
        measure.save(**kwargs)
    except Exception:
        if stored:
            measure.letter.storage.delete(stored)
        raise


@transaction.atomic
def measure_record(
    *,
    participant: Participant,
    actor: User,
    kind: str,
    start: date,
    end: date | None = None,
    name: str = "",
    conditions: str = "",
    letter: UploadedFile | None = None,
) -> EmployerMeasure:
    """A measure the person is eligible for; it prints on the passport's next approval."""
    perms.require(actor, perms.MEASURES_MANAGE, participant)
    measure = EmployerMeasure(
        participant=participant,
        kind=kind,
        name=name.strip(),
        start=start,
        end=end,
        conditions=conditions.strip(),
        recorded_by=actor,
    )
    measure.full_clean(exclude=["letter"])
    if letter is not None:
        _store_letter(measure, letter)
    _save_or_delete_file(measure)
    return measure


@transaction.atomic
def measure_withdraw(
    *, measure: EmployerMeasure, actor: User, reason: str = "", expected_version: int | None
) -> EmployerMeasure:
    """The measure no longer applies: it stops printing (its history and letter are kept)."""
    perms.require(actor, perms.MEASURES_MANAGE, measure.participant)
    current = EmployerMeasure.objects.select_for_update().get(pk=measure.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(current)
    if current.withdrawn_at is None:
        current.withdrawn_at = timezone.now()
        current.withdrawn_by = actor
        current.withdrawn_reason = reason.strip()[:300]
        current.version += 1
        current.full_clean(exclude=["letter"])
        current.save()
    return current
