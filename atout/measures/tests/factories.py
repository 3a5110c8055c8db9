import io
from datetime import date

import factory
from django.core.files.base import ContentFile

from atout.measures.models import EmployerMeasure, MeasureKind

# A one-page PDF, small and valid, for the letter.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes(size=(600, 800)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "#dde").save(out, format="PNG")
    return out.getvalue()


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerMeasure
        skip_postgeneration_save = True

    kind = MeasureKind.WAGE_SUBSIDY
    start = date(2026, 11, 1)
    end = date(2099, 5, 31)
    conditions = "Emploi d’au moins 30 heures par semaine."

    @factory.post_generation
    def letter_bytes(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook
        """A PDF letter unless `letter_bytes=b""`; other bytes with `letter_type`."""
        content = TINY_PDF if extracted is None else extracted
        if not content:
            return
        content_type = kwargs.get("type", "application/pdf")
        name = "lettre.png" if content_type == "image/png" else "lettre.pdf"
        obj.letter.save(name, ContentFile(content), save=False)
        obj.letter_name = name
        obj.letter_content_type = content_type
        obj.letter_size = len(content)
        if create:
            obj.save()
