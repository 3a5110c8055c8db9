"""The PDF read back: text per competency, one image per selected photo, hostile text
printed literally, both variants, and the approved content as frozen."""

import io

import pdfplumber
import pytest

from atout.competencies.tests.factories import CompetencyFactory
from atout.documents.kinds import NothingToRender, document_kind
from atout.evidence.models import Achievement
from atout.evidence.tests.factories import AchievementFactory, EducationFactory, ExperienceFactory
from atout.portfolios import selectors, services
from atout.portfolios.tests.conftest import attachment_with, jpeg_bytes

pytestmark = pytest.mark.django_db


def _read(content: bytes) -> tuple[str, int, int]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        images = sum(len(page.images) for page in pdf.pages)
        for page in pdf.pages:
            assert (page.width, page.height) == (612, 792)  # US Letter
            for image in page.images:  # scaled to fit the page
                assert image["x0"] >= 0 and image["x1"] <= page.width
                assert image["top"] >= 0 and image["bottom"] <= page.height
        return text, images, len(pdf.pages)


@pytest.fixture
def filled(participant):
    for n, name in enumerate(["Servir la clientèle", "Travailler en équipe"]):
        competency = CompetencyFactory(name_fr=name, name_en=name)
        story = AchievementFactory(participant=participant, situation_fr=f"Situation {name}")
        story.competencies.add(competency)
        for k in range(n + 1):
            story.proofs.add(
                attachment_with(participant, jpeg_bytes(800, 600), description=f"Photo {n}-{k}")
            )
    EducationFactory(participant=participant, program_fr="Diplôme d’études secondaires")
    ExperienceFactory(participant=participant, title="Caissière au marché")
    return participant


def test_text_per_competency_and_one_image_per_photo(filled):
    document, warnings = selectors.draft_document(selectors.portfolio_of(filled))
    text, images, pages = _read(document.content)
    assert document.content_type == "application/pdf"
    for expected in (
        "Émilie Gagnon",
        "Servir la clientèle",
        "Situation Servir la clientèle",
        "Travailler en équipe",
        "Situation Travailler en équipe",
        "Diplôme d’études secondaires",
        "Caissière au marché",
        "Photo 1-1",
    ):
        assert expected in text, expected
    assert images == 3
    assert pages >= 4


def test_copy_variant_prints_the_same_pages_in_greys(filled):
    portfolio = selectors.portfolio_of(filled)
    colour, _w = selectors.draft_document(portfolio)
    copy, _w = selectors.draft_document(portfolio, variant="copy")
    assert copy.name.endswith("-copie.pdf")
    assert _read(copy.content)[1:] == _read(colour.content)[1:]


@pytest.mark.parametrize(
    "hostile",
    [
        "#set page(width: 1pt)",
        '#read("/etc/passwd")',
        "<script>alert(1)</script>",
        "$x^2$ *gras* _it_ `code` @ref <label>",
        "\\u{0} ]) } #{",
        "x" * 4000,
    ],
)
def test_hostile_text_prints_literally(participant, hostile):
    Achievement.objects.create(
        participant=participant, situation_fr=hostile, action_fr="Action", result_fr=hostile[:200]
    )
    document, _warnings = selectors.draft_document(selectors.portfolio_of(participant))
    text, _images, _pages = _read(document.content)
    assert hostile[:20] in text.replace("\n", "")


def test_hostile_cover_title_prints_literally(participant, counsellor):
    services.portfolio_update(
        participant=participant,
        actor=counsellor,
        data={"cover_title": '#set page(width: 1pt) #"', "cover_subtitle": "<b>sous-titre</b>"},
        selection=None,
        expected_version=None,
    )
    document, _warnings = selectors.draft_document(selectors.portfolio_of(participant))
    text, _images, _pages = _read(document.content)
    assert "#set page(width: 1pt)" in text
    assert "<b>sous-titre</b>" in text


def test_approved_portfolio_prints_what_was_frozen(filled, counsellor):
    portfolio, warnings = services.portfolio_approve(
        participant=filled, actor=counsellor, in_person=True
    )
    frozen = portfolio.approved_payload
    images = [i for s in frozen["sections"] for st in s["stories"] for i in st["images"]]
    assert len(images) == 3 and all(len(i["digest"]) == 64 for i in images)
    assert all(i["file"] == "" for i in images)  # ids and digests, never bytes or names
    # A story written after the approval does not print in the approved portfolio.
    AchievementFactory(participant=filled, situation_fr="Écrite après l’approbation")
    document, _w = selectors.approved_document(portfolio)
    text, count, _pages = _read(document.content)
    assert "Écrite après" not in text
    assert count == 3
    assert "brouillon" not in document.name


def test_an_approved_image_deleted_since_is_left_out_with_a_note(filled, counsellor):
    portfolio, _warnings = services.portfolio_approve(
        participant=filled, actor=counsellor, in_person=True
    )
    first = portfolio.approved_payload["sections"][0]["stories"][0]["images"][0]["attachment"]
    from atout.participants.models import Attachment

    Attachment.objects.filter(pk=first).delete()
    document, warnings = selectors.approved_document(portfolio)
    assert _read(document.content)[1] == 2
    assert warnings
    assert selectors.frozen_image_notes(portfolio) == warnings[:1]


def test_registry_renders_and_summarises(filled, counsellor):
    kind = document_kind("portfolio")
    assert kind.order == 50 and kind.formats == ("pdf",)
    assert kind.summaries(counsellor, filled) == []  # nothing saved yet
    document = kind.render(filled, lang="en", variant="colour", fmt="pdf", layout=None)
    assert document.name.endswith("-en-draft.pdf")
    services.portfolio_approve(participant=filled, actor=counsellor, in_person=True)
    (summary,) = kind.summaries(counsellor, filled)
    assert summary.state == "approved"
    assert summary.url.endswith(f"/dossiers/{filled.pk}/portfolio/")
    with pytest.raises(NothingToRender):
        kind.render(filled, lang="fr", variant="colour", fmt="docx", layout=None)


def test_benchmark_entry_point(filled):
    document = selectors.portfolio_document(filled, lang="fr", variant="copy")
    assert document.content.startswith(b"%PDF")


def test_an_empty_file_has_nothing_to_render(participant):
    with pytest.raises(NothingToRender):
        document_kind("portfolio").render(
            participant, lang="fr", variant="colour", fmt="pdf", layout=None
        )


def test_an_approved_image_whose_file_was_replaced_is_left_out(filled, counsellor):
    portfolio, _warnings = services.portfolio_approve(
        participant=filled, actor=counsellor, in_person=True
    )
    image = portfolio.approved_payload["sections"][0]["stories"][0]["images"][0]
    assert image["source"]
    from django.core.files.base import ContentFile

    from atout.participants.models import Attachment

    attachment = Attachment.objects.get(pk=image["attachment"])
    attachment.file.save("autre.jpg", ContentFile(jpeg_bytes(500, 500, colour=(0, 200, 0))))
    document, warnings = selectors.approved_document(portfolio)
    assert _read(document.content)[1] == 2
    assert any("changed" in w or "changé" in w for w in warnings)


def test_draft_is_marked_on_every_page_and_the_approved_one_is_not(filled, counsellor):
    from atout.documents.rendering.portfolio import portfolio_labels

    label = portfolio_labels("fr")["draft"].upper()
    document, _w = selectors.draft_document(selectors.portfolio_of(filled))
    with pdfplumber.open(io.BytesIO(document.content)) as pdf:
        assert all(label in (page.extract_text() or "") for page in pdf.pages)
    portfolio, _w = services.portfolio_approve(participant=filled, actor=counsellor, in_person=True)
    approved, _w = selectors.approved_document(portfolio)
    assert label not in _read(approved.content)[0]


def test_copy_prints_photos_in_greys(filled):
    document, _w = selectors.draft_document(selectors.portfolio_of(filled), variant="copy")
    with pdfplumber.open(io.BytesIO(document.content)) as pdf:
        spaces = {str(i.get("colorspace")) for p in pdf.pages for i in p.images}
    # One colour component: DeviceGray, or an ICC profile with N = 1.
    assert spaces and all("Gray" in s or "'N': 1" in s for s in spaces)


def test_a_competency_title_is_never_last_on_its_page(participant):
    for n in range(6):
        competency = CompetencyFactory(name_fr=f"Compétence numéro {n}", name_en=f"Skill {n}")
        for k in range(2):
            story = AchievementFactory(
                participant=participant,
                situation_fr=f"Situation {n}-{k} " + "longue histoire " * 40,
                action_fr="Action " * 30,
            )
            story.competencies.add(competency)
            if k:
                story.proofs.add(attachment_with(participant, jpeg_bytes(600, 800)))
    document, _w = selectors.draft_document(selectors.portfolio_of(participant))
    with pdfplumber.open(io.BytesIO(document.content)) as pdf:
        for page in pdf.pages:
            lines = [line for line in (page.extract_text() or "").splitlines() if line.strip()]
            body = lines[:-1]  # the footer is the last line
            if body:
                assert not body[-1].strip().endswith(tuple(f"numéro {n}" for n in range(6)))
