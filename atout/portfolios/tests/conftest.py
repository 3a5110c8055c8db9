import io

import pytest
from django.core.files.base import ContentFile

from atout.participants.models import Attachment, Audience
from atout.participants.services import consent_set
from atout.portfolios import images as proof_images


def jpeg_bytes(width: int, height: int, colour=(200, 90, 40), exif=None, quality=90) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGB", (width, height), colour)
    # A visible mark in the top-left corner, to check the rotation.
    image.paste((0, 0, 0), (0, 0, max(1, width // 4), max(1, height // 4)))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, format="JPEG", quality=quality, **kwargs)
    return out.getvalue()


def png_bytes(width: int, height: int, mode="RGBA") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, (width, height), (30, 120, 200, 128) if mode == "RGBA" else 128).save(
        out, format="PNG"
    )
    return out.getvalue()


def attachment_with(
    participant, data: bytes, *, name="photo.jpg", content_type="image/jpeg", description=""
):
    return Attachment.objects.create(
        participant=participant,
        kind=Attachment.Kind.PHOTO if content_type.startswith("image/") else Attachment.Kind.OTHER,
        description=description,
        original_name=name,
        content_type=content_type,
        size=len(data),
        file=ContentFile(data, name=name),
    )


@pytest.fixture(autouse=True)
def _fresh_image_cache():
    proof_images.clear_cache()
    yield
    proof_images.clear_cache()


@pytest.fixture
def consented(participant, counsellor):
    """E-mail and mobile phone may be shown to employers; the address may not."""
    participant.street_address = "123, rue Principale"
    participant.save()
    consent_set(
        participant=participant,
        actor=counsellor,
        decisions={
            ("email", Audience.EMPLOYER): True,
            ("mobile_phone", Audience.EMPLOYER): True,
            ("address", Audience.EMPLOYER): False,
        },
    )
    return participant
