from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from atout.portability.models import ExportRequest


def ready_export(participant, **fields) -> ExportRequest:
    """A finished copy with a small stored ZIP, downloadable for a week."""
    now = timezone.now()
    export = ExportRequest(
        participant=participant,
        status=ExportRequest.Status.READY,
        name=f"donnees-dossier-{participant.pk}.zip",
        size=22,
        ready_at=now,
        expires_at=now + timedelta(days=7),
        **fields,
    )
    # An empty ZIP: the end-of-central-directory record alone.
    export.file.save("copie.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    export.save()
    return export
