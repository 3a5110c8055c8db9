import io

import docx
import pytest
from django.core.management import CommandError, call_command

from atout.letters.tests.factories import CoverLetterFactory


def test_render_document_writes_the_latest_letter(participant, tmp_path):
    CoverLetterFactory(participant=participant, employer_name="Ancien employeur")
    CoverLetterFactory(participant=participant, employer_name="Boulangerie Paillard")
    out = tmp_path / "lettre.docx"
    call_command(
        "render_document",
        "letter",
        str(participant.pk),
        "--format",
        "docx",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any("Boulangerie Paillard" in t for t in texts)
    assert not any("Ancien" in t for t in texts)


def test_render_document_prefers_a_letter_in_the_language_asked(participant, tmp_path):
    CoverLetterFactory(participant=participant, language="en", employer_name="English Co")
    CoverLetterFactory(participant=participant, employer_name="Société française")
    out = tmp_path / "letter.pdf"
    call_command(
        "render_document",
        "letter",
        "--participant",
        participant.email,
        "--lang",
        "en",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    assert out.read_bytes().startswith(b"%PDF")
    from atout.letters.selectors import render_latest_letter

    document = render_latest_letter(participant, lang="en", fmt="docx")
    assert "english-co" in document.name


def test_render_document_without_a_letter_says_so(participant, tmp_path):
    with pytest.raises(CommandError, match="no cover letter"):
        call_command(
            "render_document", "letter", str(participant.pk), "--out", str(tmp_path / "x.pdf")
        )
