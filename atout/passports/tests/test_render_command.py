"""`manage.py render_passport`: the latest approved version, else the draft."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.core.management import CommandError, call_command

from atout.passports.models import Passport, PassportVersion
from atout.passports.selectors import passport_content

pytestmark = pytest.mark.django_db


def pdf_text(path) -> str:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        return " ".join((page.extract_text() or "") for page in pdf.pages)


@pytest.fixture
def passport(participant):
    return Passport.objects.create(
        participant=participant,
        objective_fr="Je souhaite travailler comme commis d’entrepôt, de jour.",
        objective_en="I want to work as a warehouse clerk on day shifts.",
        languages="both",
    )


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("render_passport", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_renders_the_draft_when_nothing_is_approved(passport, participant, tmp_path):
    target = tmp_path / "passport.pdf"
    out, _err = run(str(participant.pk), "--variant", "colour", "--out", str(target))
    assert "current draft" in out
    text = pdf_text(target)
    assert "commis d’entrepôt" in text
    assert "Émilie Gagnon" in text


def test_renders_the_latest_approved_version_not_the_newer_draft(
    passport, participant, counsellor, tmp_path
):
    approved = passport_content(passport)
    PassportVersion.objects.create(
        passport=passport, participant=participant, number=1, reason="approved", content=approved
    )
    later = dict(approved, objective={"fr": "Ancienne version imprimée.", "en": ""})
    PassportVersion.objects.create(
        passport=passport, participant=participant, number=2, reason="printed", content=later
    )
    passport.objective_fr = "Brouillon modifié après l’approbation."
    passport.save()

    target = tmp_path / "copy.pdf"
    out, _err = run(
        "--participant", "EMILIE.GAGNON@exemple.ca", "--variant", "copy", "--out", str(target)
    )
    assert "version 2" in out
    text = pdf_text(target)
    assert "Ancienne version imprimée." in text
    assert "Brouillon modifié" not in text


def test_english_and_docx_output(passport, participant, tmp_path):
    target = tmp_path / "passport.docx"
    run(
        str(participant.pk),
        "--variant",
        "copy",
        "--lang",
        "en",
        "--format",
        "docx",
        "--out",
        str(target),
    )
    import docx

    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "warehouse clerk" in text


def test_unknown_email_or_id_is_a_clear_error(passport, tmp_path):
    out = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="No participant file with the e-mail"):
        run("--participant", "personne@inconnu.ca", "--variant", "colour", "--out", out)
    with pytest.raises(CommandError, match="No participant file with id"):
        run("999999", "--variant", "colour", "--out", out)
    with pytest.raises(CommandError, match="either a participant file id or --participant"):
        run("--variant", "colour", "--out", out)


def test_participant_without_passport_is_a_clear_error(participant, tmp_path):
    with pytest.raises(CommandError, match="has no passport yet"):
        run(str(participant.pk), "--variant", "colour", "--out", str(tmp_path / "x.pdf"))
