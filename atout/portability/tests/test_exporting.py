"""The copy's content: exactly the person's data, valid JSON and PDF, nothing forgotten."""

from __future__ import annotations

import io
import json
import zipfile

import jsonschema
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from pypdf import PdfReader

from atout.evidence.models import Review
from atout.evidence.tests.factories import (
    AchievementFactory,
    CertificateFactory,
    EducationFactory,
    ExperienceFactory,
    PersonalProfileFactory,
    ReferenceFactory,
)
from atout.participants.models import Participant
from atout.participants.tests.factories import AttachmentFactory, NoteFactory, ParticipantFactory
from atout.portability import exporting
from atout.privacy.models import AccessLogEntry

HOSTILE = "#set page(width: 1pt) <script>alert(1)</script> *gras* \\ ]] {{ x }} \x07 fin"


@pytest.fixture
def full_file(participant, counsellor, other_organisation):
    """Émilie's file with distinctive data, and Zébulon's file elsewhere (must never leak)."""
    ExperienceFactory(
        participant=participant, title="Caissière chez Provigo", review=Review.ACCEPTED
    )
    AchievementFactory(participant=participant, result_fr="Attente réduite de 30 minutes")
    EducationFactory(participant=participant)
    CertificateFactory(participant=participant)
    PersonalProfileFactory(participant=participant)
    ReferenceFactory(participant=participant)
    NoteFactory(participant=participant, author=counsellor, text="Note partagée avec Émilie")
    NoteFactory(
        participant=participant,
        author=counsellor,
        text="Réflexion interne du conseiller",
        working_note=True,
    )
    AttachmentFactory(
        participant=participant,
        original_name="attestation.pdf",
        content_type="application/pdf",
        file=ContentFile(b"%PDF-1.4 attestation-emilie", name="attestation.pdf"),
    )
    AccessLogEntry.objects.create(
        user=counsellor,
        reader_role="counsellor",
        reader_organisation=participant.organisation,
        participant=participant,
        action=AccessLogEntry.Action.VIEW_FILE,
        ip_address="10.1.2.3",
    )
    other = ParticipantFactory(
        organisation=other_organisation,
        given_names="Zébulon",
        family_name="Quintal-Xylophone",
        email="zebulon.unique@exemple.ca",
        mobile_phone="8195559876",
    )
    ExperienceFactory(participant=other, title="Soudeur Zébulon-Unique")
    NoteFactory(participant=other, text="Note de Zébulon-Unique")
    AttachmentFactory(
        participant=other,
        file=ContentFile(b"%PDF-1.4 Zebulon-Unique-bytes", name="zeb.pdf"),
    )
    return participant


def _open(built) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(built.content))


def test_the_zip_holds_every_part(full_file):
    archive = _open(exporting.build_export(full_file))
    names = set(archive.namelist())
    assert {"donnees.json", "cv.json", "resume.pdf", "LISEZMOI.txt", "schema.json"} <= names
    assert any(name.startswith("fichiers/participants-attachment/") for name in names)
    stored = [n for n in names if n.startswith("fichiers/")]
    assert archive.read(stored[0]) == b"%PDF-1.4 attestation-emilie"


def test_the_json_is_valid_against_its_schema(full_file):
    archive = _open(exporting.build_export(full_file))
    data = json.loads(archive.read("donnees.json"))
    schema = json.loads(archive.read("schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert data["file"]["family_name"] == "Gagnon"
    keys = {section["key"] for section in data["sections"]}
    assert {
        "evidence.experience",
        "evidence.achievement",
        "evidence.education",
        "evidence.certificate",
        "evidence.personalprofile",
        "evidence.reference",
        "participants.journalnote",
        "participants.attachment",
    } <= keys


def test_working_notes_are_left_out_and_others_kept(full_file):
    built = exporting.build_export(full_file)
    text = _open(built).read("donnees.json").decode()
    assert "Note partagée avec Émilie" in text
    assert "Réflexion interne du conseiller" not in text


def test_no_other_persons_data_and_no_secrets(full_file, counsellor):
    built = exporting.build_export(full_file)
    archive = _open(built)
    for name in archive.namelist():
        raw = archive.read(name)
        for needle in ("Zébulon", "Quintal-Xylophone", "zebulon.unique", "8195559876", "Zebulon"):
            assert needle.encode() not in raw, (name, needle)
        # Staff are not named; addresses are not exported.
        assert counsellor.full_name.encode() not in raw, name
        assert b"10.1.2.3" not in raw
    data = json.loads(archive.read("donnees.json"))
    assert data["access_log"][0]["reader_organisation"] == full_file.organisation.name
    assert "search_text" not in data["file"]


def test_the_summary_pdf_opens_and_reads(full_file):
    archive = _open(exporting.build_export(full_file, lang="fr"))
    reader = PdfReader(io.BytesIO(archive.read("resume.pdf")))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Gagnon" in text
    assert "Caissière chez Provigo" in text


def test_hostile_text_prints_as_typed(participant):
    ExperienceFactory(participant=participant, title=HOSTILE, description=HOSTILE * 200)
    for n in range(30):  # a long list breaks across pages
        ExperienceFactory(participant=participant, title=f"Emploi {n}", description=HOSTILE)
    participant.objective = HOSTILE
    participant.save()
    archive = _open(exporting.build_export(participant, lang="en"))
    data = json.loads(archive.read("donnees.json"))
    assert data["file"]["objective"] == HOSTILE
    reader = PdfReader(io.BytesIO(archive.read("resume.pdf")))
    assert len(reader.pages) >= 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "#set page(width: 1pt)" in text
    assert "<script>" in text
    assert float(reader.pages[0].mediabox.width) > 500  # the page was not resized


def test_every_model_with_a_key_to_the_file_is_exported_or_excluded():
    """A new model holding a key to a participant file must be walked or given a reason."""
    walked = {model._meta.label for model in exporting.model_walk().order}
    forgotten = []
    for model in apps.get_models():
        if exporting._is_history(model):
            continue
        for f in model._meta.get_fields():
            if not (f.is_relation and f.concrete and f.related_model is Participant):
                continue
            key = f"{model._meta.label}.{f.name}"
            if model._meta.label not in walked and key not in exporting.EXCLUDED:
                forgotten.append(key)
    assert forgotten == []


def test_models_deeper_in_the_file_are_reached():
    walked = {model._meta.label for model in exporting.model_walk().order}
    assert {
        "passports.PassportDocument",
        "participations.FeedbackReport",
        "recognition.InventoryEntry",
        "committees.Decision",
        "sharing.ShareLinkView",
    } <= walked
