import io

import pdfplumber
import pytest

from atout.competencies import selectors, services
from atout.competencies.models import Indicator
from atout.documents.rendering.self_evaluation import render_self_evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(framework, participant, counsellor):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    for n, indicator in enumerate(Indicator.objects.filter(competency__framework=framework)):
        services.answer_save(
            evaluation=evaluation, indicator=indicator, value=(n % 4) + 1, actor=counsellor
        )
    services.evaluation_complete(evaluation=evaluation, actor=counsellor)
    services.evaluation_comment_set(
        evaluation=evaluation,
        actor=counsellor,
        text='Très bon « esprit d’équipe ». #read("/etc/passwd") $x$ *gras* <b>',
    )
    return evaluation


def pdf_text(content: bytes) -> tuple[str, int]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages), len(pdf.pages)


def test_french_pdf_has_content_and_prints_markup_literally(completed):
    document = render_self_evaluation(
        selectors.self_evaluation_payload(selectors.evaluation_results(completed), "fr")
    )
    assert document.content.startswith(b"%PDF")
    text, pages = pdf_text(document.content)
    assert 1 <= pages <= 2
    assert "Émilie Gagnon" in text
    assert "Comprendre les consignes" in text
    assert '#read("/etc/passwd")' in text and "$x$" in text and "*gras*" in text
    assert "root:x:0" not in text
    assert "« esprit d’équipe »" in text


def test_english_pdf_uses_english_texts(completed):
    document = render_self_evaluation(
        selectors.self_evaluation_payload(selectors.evaluation_results(completed), "en")
    )
    text, _pages = pdf_text(document.content)
    assert "Understanding instructions" in text
    assert "Strengths" in text
    assert document.name.endswith(".pdf")


def test_pdf_is_tagged_with_language_and_title(completed):
    document = render_self_evaluation(
        selectors.self_evaluation_payload(selectors.evaluation_results(completed), "fr")
    )
    assert b"/StructTreeRoot" in document.content or b"StructTreeRoot" in document.content
    assert b"/Lang" in document.content
