"""Text that looks like markup prints as text on the contents page; bad ids are 404."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from atout.documents.rendering.bundle import render_contents

HOSTILE = [
    "#set page(width: 1pt)",
    '#read("/etc/passwd")',
    "<script>alert(1)</script>",
    "$x$ *gras* _it_ ]) [",
    "محمد عبد الله",
    "a\x07b",
    "x" * 3000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_contents_page_prints_hostile_text_literally(text):
    document = render_contents(
        name=text,
        lang="fr",
        prepared_on="30 novembre 2026",
        prepared_by=text,
        rows=[{"title": text, "detail": text, "pages": "2–4", "copies": 1}] * 3,
        notes=[text],
        fmt="pdf",
    )
    with pdfplumber.open(io.BytesIO(document.content)) as pdf:
        first = pdf.pages[0]
        assert round(first.width) == 612 and round(first.height) == 792
        text_out = "".join(page.extract_text() or "" for page in pdf.pages)
    if text.startswith("#set"):
        assert "#set page(width: 1pt)" in text_out


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "-1", "9" * 30, "<script>"])
def test_garbage_bundle_ids_are_not_found(client_for, counsellor, participant, value):
    url = reverse("bundles:page", args=[participant.pk]) + f"{value}/"
    assert client_for(counsellor).get(url).status_code == 404
