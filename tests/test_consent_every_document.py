"""A withdrawn consent is withdrawn from every kind of document, in every format.

Walks the registry (`atout.documents.kinds`), so a new kind of document is checked without
a new test: each kind renders the file's documents with the e-mail and mobile number shown
to employers, then again after the e-mail's employer consent is withdrawn. The CLE and the
committee see only what was consented to them on the file page.
"""

from __future__ import annotations

import io

import docx
import pdfplumber
import pytest
from django.urls import reverse

from atout.documents.kinds import NothingToRender, document_kind, document_kinds
from atout.participants.models import Audience
from atout.participants.services import consent_set

pytestmark = pytest.mark.django_db

EMAIL = "emilie.gagnon@exemple.ca"
MOBILE = "418 555-0142"


def text_of(document) -> str:
    if document.content_type == "application/pdf":
        with pdfplumber.open(io.BytesIO(document.content)) as pdf:
            return " ".join(page.extract_text() or "" for page in pdf.pages)
    parsed = docx.Document(io.BytesIO(document.content))
    parts = [p.text for p in parsed.paragraphs]
    for table in parsed.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in parsed.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return " ".join(parts)


@pytest.fixture
def file_with_documents(participant, counsellor, django_capture_on_commit_callbacks):
    """Every kind's document exists, approved where the kind has an approval."""
    from atout.passports import services as passport_services

    participant.mobile_phone = "4185550142"
    participant.save()
    consent_set(
        participant=participant,
        actor=counsellor,
        decisions={("email", Audience.EMPLOYER): True, ("mobile_phone", Audience.EMPLOYER): True},
    )
    passport = passport_services.passport_start(participant=participant, actor=counsellor)
    passport_services.passport_update(
        passport=passport,
        actor=counsellor,
        data={"objective_fr": "Commis d’entrepôt, de jour."},
        expected_version=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        passport_services.passport_approve(passport=passport, actor=counsellor, in_person=True)
    for prepare in PREPARE.values():
        prepare(participant, counsellor)
    return participant


def _approved_letter(participant, counsellor) -> None:
    from atout.letters import services as letter_services

    letter = letter_services.letter_create(
        participant=participant,
        actor=counsellor,
        data={"employer_name": "Entrepôt Laval", "body": "Je vous offre mes services."},
    )
    letter_services.letter_approve(letter=letter, actor=counsellor, in_person=True)


def _evidence_cv_and_portfolio(participant, counsellor) -> None:
    """A work history and a story, then the CV and the portfolio approved (frozen)."""
    from atout.evidence.tests.factories import AchievementFactory, ExperienceFactory
    from atout.portfolios import services as portfolio_services
    from atout.resumes import services as cv_services

    job = ExperienceFactory(participant=participant, created_by=counsellor, kind="job")
    AchievementFactory(participant=participant, experience=job)
    cv_services.cv_approve(participant=participant, actor=counsellor, in_person=True)
    portfolio_services.portfolio_approve(participant=participant, actor=counsellor, in_person=True)


# Documents that must exist before they render (a letter is written per employer), and
# approvals, so that what is checked is the frozen copy an employer would get.
PREPARE: dict = {"letter": _approved_letter, "cv+portfolio": _evidence_cv_and_portfolio}


CASES = [
    (kind.key, fmt) for kind in document_kinds() if kind.render is not None for fmt in kind.formats
]


@pytest.mark.parametrize(("key", "fmt"), CASES)
def test_withdrawn_email_is_absent_from_every_document(
    file_with_documents, counsellor, key, fmt, django_capture_on_commit_callbacks
):
    kind = document_kind(key)
    participant = file_with_documents

    def render() -> str:
        try:
            document = kind.render(participant, lang="fr", variant="colour", fmt=fmt, layout=None)
        except NothingToRender as error:  # pragma: no cover - a kind PREPARE forgot
            pytest.fail(f"{key} rendered nothing: {error}")
        return " ".join(text_of(document).split())

    before = render()
    assert EMAIL in before.replace("\n", ""), f"{key}: the consented e-mail is missing"
    with django_capture_on_commit_callbacks(execute=True):
        consent_set(
            participant=participant,
            actor=counsellor,
            decisions={("email", Audience.EMPLOYER): False},
        )
    participant.refresh_from_db()
    after = render()
    assert EMAIL not in after.replace("\n", ""), f"{key} ({fmt}) still shows the e-mail"


def test_every_kind_with_a_renderer_is_checked():
    assert {key for key, _fmt in CASES} >= {"passport", "cards", "letter", "cv", "portfolio"}


def test_the_file_page_shows_the_cle_only_what_was_consented_to_it(
    participant, counsellor, client_for, cle_agent
):
    # The committee has no reader of the file yet (recognition dossiers come later).
    url = reverse("participants:detail", args=[participant.pk])
    consent_set(
        participant=participant,
        actor=counsellor,
        decisions={("email", Audience.EMPLOYER): True, ("email", Audience.CLE): True},
    )
    assert EMAIL in client_for(cle_agent).get(url).content.decode()
    consent_set(
        participant=participant, actor=counsellor, decisions={("email", Audience.CLE): False}
    )
    assert EMAIL not in client_for(cle_agent).get(url).content.decode()
