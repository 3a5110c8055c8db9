"""A file waiting between the import preview and its confirmation.

The preview page shows what an import will add; the confirm POST must import exactly that
file. The file is kept here, in the database, so any server process can answer the confirm
step; it is tied to the file and to the user who uploaded it, re-checked on confirm, and
expires after an hour (a newer upload by the same user for the same file replaces it).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from atout.participants.models import Participant, ParticipantChildQuerySet

PENDING_LIFETIME = datetime.timedelta(hours=1)


class PendingImport(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="pending_resume_imports"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The uploaded bytes (at most 2 MB, checked before this row is written).
    raw = models.BinaryField()
    # "fr", "en" or "" (the file's meta.language, else French).
    lang = models.CharField(max_length=2, blank=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ParticipantChildQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "user"], name="pending_resume_import_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}:{self.user_id}"

    @property
    def expired(self) -> bool:
        return timezone.now() - self.created_at > PENDING_LIFETIME
