from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from atout.bundles.models import Bundle


def ready_bundle(participant, **kwargs) -> Bundle:
    """A finished bundle with a (tiny) stored file, for the sweeps."""
    bundle = Bundle(
        participant=participant,
        options={"colour": True},
        status=Bundle.Status.READY,
        name="pochette-test.pdf",
        pages=1,
        finished_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
        **kwargs,
    )
    bundle.file.save("pochette-test.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    bundle.size = bundle.file.size
    bundle.save()
    return bundle
