"""The job: options, the merged PDF with its contents page, the ZIP, parts left out."""

import io
import zipfile

import pdfplumber
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from atout.bundles import services
from atout.bundles.models import Bundle
from atout.documents.rendering.bundle import image_as_page, page_count
from atout.letters.models import CoverLetter
from atout.passports.models import Passport, PassportDocument

pytestmark = pytest.mark.django_db


def _request(participant, actor, run_tasks, fmt="pdf", lang="fr", **options):
    chosen = {"colour": True, "copies": 2, "cards": True, "layout": "", "letters": []}
    chosen.update(options)
    with run_tasks():
        bundle, created = services.bundle_request(
            participant=participant, actor=actor, options=chosen, fmt=fmt, lang=lang
        )
    assert created
    bundle.refresh_from_db()
    return bundle


def _content(bundle) -> bytes:
    with bundle.file.open("rb") as handle:
        return handle.read()


def _pages_text(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _stored_passport(participant, variant="colour") -> bytes:
    stored = PassportDocument.objects.get(
        version__participant=participant, variant=variant, lang="fr"
    )
    with stored.file.open("rb") as handle:
        return handle.read()


def test_merged_pdf_has_a_contents_page_then_every_part(approved_file, counsellor, run_tasks):
    letter = CoverLetter.objects.get(participant=approved_file)
    bundle = _request(approved_file, counsellor, run_tasks, letters=[letter.pk])
    assert bundle.status == Bundle.Status.READY, bundle.error
    content = _content(bundle)
    pages = _pages_text(content)
    contents = pages[0]
    assert "Émilie Gagnon" in contents
    assert "Geneviève Tremblay" in contents
    assert "Hôtel Le Concorde" in contents
    passport_pages = page_count(_stored_passport(approved_file))
    copy_pages = page_count(_stored_passport(approved_file, "copy"))
    # The contents page numbers each part where it starts in this file.
    colour_range = f"2–{1 + passport_pages}"
    copies_end = 1 + passport_pages + 2 * copy_pages
    assert colour_range in contents
    assert f"{2 + passport_pages}–{copies_end}" in contents
    # contents + colour + 2 copies + cards (1 page) + letter
    letter_pages = bundle.pages - copies_end - 1
    assert letter_pages >= 1
    assert bundle.pages == len(pages) == len(PdfReader(io.BytesIO(content)).pages)
    assert bundle.step == bundle.steps == 5 and bundle.expires_at is not None
    # The letter comes last, after the cards, where the contents page says.
    assert any("Hôtel Le Concorde" in text for text in pages[copies_end + 1 :])
    assert bundle.notes == []


def test_the_passport_pages_are_the_approved_version_s_stored_pdf(
    approved_file, counsellor, run_tasks
):
    bundle = _request(approved_file, counsellor, run_tasks, copies=0, cards=False)
    merged = PdfReader(io.BytesIO(_content(bundle)))
    stored = PdfReader(io.BytesIO(_stored_passport(approved_file)))
    assert len(merged.pages) == 1 + len(stored.pages)
    for index, page in enumerate(stored.pages):
        assert merged.pages[1 + index].extract_text() == page.extract_text()


def test_zip_holds_the_contents_page_and_one_file_per_part(approved_file, counsellor, run_tasks):
    letter = CoverLetter.objects.get(participant=approved_file)
    bundle = _request(approved_file, counsellor, run_tasks, fmt="zip", letters=[letter.pk])
    assert bundle.status == Bundle.Status.READY, bundle.error
    assert bundle.name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(_content(bundle))) as archive:
        names = archive.namelist()
        assert names[0].startswith("00-")
        assert [name[:3] for name in names] == ["00-", "01-", "02-", "03-", "04-"]
        # The passport's files are the stored ones, byte for byte; copies are not repeated.
        assert archive.read(names[1]) == _stored_passport(approved_file)
        assert archive.read(names[2]) == _stored_passport(approved_file, "copy")
        contents = _pages_text(archive.read(names[0]))[0]
    assert "Hôtel Le Concorde" in contents
    assert all(name.isascii() and "/" not in name for name in names)


def test_a_part_the_file_does_not_have_is_left_out_with_a_note(
    approved_file, counsellor, run_tasks
):
    bundle = _request(approved_file, counsellor, run_tasks, cv=True, portfolio=True)
    assert bundle.status == Bundle.Status.READY
    assert len(bundle.notes) == 2
    contents = _pages_text(_content(bundle))[0]
    for note in bundle.notes:
        assert note.split(":")[0].strip() in contents


def test_a_bundle_left_with_nothing_to_include_fails_at_once_with_the_reason(
    approved_file, counsellor, django_capture_on_commit_callbacks
):
    from atout.bundles.tasks import bundle_make

    letter = CoverLetter.objects.get(participant=approved_file)
    with django_capture_on_commit_callbacks(execute=False):
        bundle, _created = services.bundle_request(
            participant=approved_file,
            actor=counsellor,
            options={"letters": [letter.pk]},
            fmt="pdf",
            lang="fr",
        )
    CoverLetter.objects.filter(pk=letter.pk).update(state="draft")
    bundle_make.call(bundle.pk)
    bundle.refresh_from_db()
    assert bundle.status == Bundle.Status.FAILED
    assert bundle.attempts == 1  # trying again would change nothing
    assert bundle.error and bundle.notes
    assert not bundle.file


def test_an_unapproved_passport_cannot_go_in(participant, counsellor, run_tasks):
    Passport.objects.create(participant=participant, objective_fr="Commis")
    with pytest.raises(ValidationError):
        services.bundle_request(
            participant=participant, actor=counsellor, options={}, fmt="pdf", lang="fr"
        )


def test_options_are_bounded_and_letters_must_be_this_file_s_approved_ones(
    approved_file, counsellor, other_organisation
):
    from atout.letters.tests.factories import CoverLetterFactory

    for bad in ({"copies": 21}, {"copies": -1}, {"copies": "x"}):
        with pytest.raises(ValidationError):
            services.bundle_request(
                participant=approved_file,
                actor=counsellor,
                options={"colour": True, **bad},
                fmt="pdf",
                lang="fr",
            )
    draft = CoverLetterFactory(participant=approved_file)
    foreign = CoverLetterFactory()
    for letter in (draft, foreign):
        with pytest.raises(ValidationError):
            services.bundle_request(
                participant=approved_file,
                actor=counsellor,
                options={"letters": [letter.pk]},
                fmt="pdf",
                lang="fr",
            )
    with pytest.raises(ValidationError):
        services.bundle_request(
            participant=approved_file, actor=counsellor, options={}, fmt="docx", lang="fr"
        )
    assert not Bundle.objects.exists()


def test_only_a_counsellor_or_admin_of_the_file_asks_for_a_bundle(approved_file, outsider):
    with pytest.raises(PermissionDenied):
        services.bundle_request(
            participant=approved_file,
            actor=outsider,
            options={"colour": True},
            fmt="pdf",
            lang="fr",
        )


def test_english_bundle_uses_the_passport_s_only_language_when_not_bilingual(
    approved_file, counsellor, run_tasks
):
    bundle = _request(approved_file, counsellor, run_tasks, lang="en", copies=0, cards=False)
    assert bundle.status == Bundle.Status.READY
    assert bundle.name.startswith("bundle-emilie-gagnon-")
    merged = PdfReader(io.BytesIO(_content(bundle)))
    assert (
        merged.pages[1].extract_text()
        == PdfReader(io.BytesIO(_stored_passport(approved_file))).pages[0].extract_text()
    )


def test_the_cle_letter_goes_in_as_a_pdf_or_an_image_page(participant, counsellor, run_tasks):
    """The letter comes from the measure the CLE recorded, frozen in the approved passport."""
    from atout.bundles.tests.factories import make_approved_file
    from atout.measures.tests.factories import MeasureFactory, png_bytes

    MeasureFactory(
        participant=participant, letter_bytes=png_bytes(), letter_bytes__type="image/png"
    )
    approved = make_approved_file(participant, counsellor, run=run_tasks)
    bundle = _request(
        approved, counsellor, run_tasks, colour=False, copies=0, cards=False, wage_subsidy=True
    )
    assert bundle.status == Bundle.Status.READY, bundle.error
    assert bundle.pages == 2  # contents + the image as one page
    page = PdfReader(io.BytesIO(_content(bundle))).pages[1]
    assert round(float(page.mediabox.width)) == 612 and round(float(page.mediabox.height)) == 792
    assert "Subventions salariales" in _pages_text(_content(bundle))[0]


def test_a_measure_recorded_after_the_approval_waits_for_the_next_one(
    approved_file, counsellor, run_tasks
):
    from atout.measures.tests.factories import MeasureFactory

    MeasureFactory(participant=approved_file)
    bundle = _request(
        approved_file, counsellor, run_tasks, copies=0, cards=False, wage_subsidy=True
    )
    assert bundle.status == Bundle.Status.READY
    assert len(bundle.notes) == 1  # the letter: the approved passport prints no measure


def test_an_image_that_is_not_one_is_a_render_error():
    from atout.documents.rendering import RenderError

    with pytest.raises(RenderError):
        image_as_page(b"#set page(width: 1pt)", name="x.pdf")


def test_an_unreadable_cle_letter_is_left_out_with_a_note(participant, counsellor, run_tasks):
    from atout.bundles.tests.factories import make_approved_file
    from atout.measures.tests.factories import MeasureFactory

    MeasureFactory(participant=participant, letter_bytes=b"%PDF-1.4 broken")
    approved = make_approved_file(participant, counsellor, run=run_tasks)
    bundle = _request(approved, counsellor, run_tasks, copies=0, cards=False, wage_subsidy=True)
    assert bundle.status == Bundle.Status.READY
    assert len(bundle.notes) == 1


def test_a_long_contents_page_numbers_the_parts_after_all_of_its_pages(approved_file):
    from atout.bundles.building import _assemble
    from atout.documents.rendering import RenderedDocument
    from atout.documents.rendering.bundle import BundlePart

    one_page = PdfReader(io.BytesIO(_stored_passport(approved_file)))
    writer = __import__("pypdf").PdfWriter()
    writer.add_page(one_page.pages[0])
    out = io.BytesIO()
    writer.write(out)
    page = RenderedDocument("p.pdf", "application/pdf", out.getvalue())
    parts = [BundlePart(f"Lettre {n}", page, 1, "détail " * 20) for n in range(45)]
    bundle = Bundle(participant=approved_file, options={}, fmt="pdf", lang="fr")
    built = _assemble(bundle, parts, [], "fr")
    pages = _pages_text(built.document.content)
    own = len(pages) - 45
    assert own >= 2
    assert "Lettre 0" in pages[0] and f" {own + 1} 1\n" in pages[0]
    assert f" {own + 45} 1" in pages[own - 1]  # the last row, on the last contents page
    assert built.pages == own + 45
