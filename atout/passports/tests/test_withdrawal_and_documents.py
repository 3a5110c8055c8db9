"""Consent withdrawn means withdrawn everywhere; versions' PDFs are made after the commit."""

import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from atout.participants import services as participant_services
from atout.participants.models import Audience, ContactField
from atout.passports import services
from atout.passports.models import Passport, PassportDocument, PassportVersion
from atout.passports.tasks import passport_version_render

pytestmark = pytest.mark.django_db

CONTACT = {
    ContactField.ADDRESS: "rue des Érables",
    ContactField.HOME_PHONE: "418 555-0100",
    ContactField.MOBILE_PHONE: "418 555-0142",
    ContactField.EMAIL: "emilie.gagnon@exemple.ca",
}


@pytest.fixture
def passport_ready(participant, counsellor):
    passport = services.passport_start(participant=participant, actor=counsellor)
    return services.passport_update(
        passport=passport,
        actor=counsellor,
        data={"objective_fr": "Commis d’épicerie de jour"},
        expected_version=None,
    )


@pytest.fixture
def approved(passport_ready, counsellor, django_capture_on_commit_callbacks):
    """A passport showing every contact detail to employers, approved, its PDFs made."""
    participant = passport_ready.participant
    participant.street_address = "12, rue des Érables"
    participant.city = "Québec"
    participant.province = "QC"
    participant.postal_code = "G1K 3A9"
    participant.home_phone = CONTACT[ContactField.HOME_PHONE]
    participant.mobile_phone = CONTACT[ContactField.MOBILE_PHONE]
    participant.email = CONTACT[ContactField.EMAIL]
    participant.save()
    participant_services.consent_set(
        participant=participant,
        actor=counsellor,
        decisions={(f, a): True for f in ContactField.values for a in Audience.values},
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = services.passport_approve(
            passport=passport_ready, actor=counsellor, in_person=True
        )
    version.refresh_from_db()
    assert version.documents_status == PassportVersion.DocumentsStatus.READY
    return version


def _pdf_text(content: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _withdraw(participant, actor, field, audience, capture):
    with capture(execute=True):
        participant_services.consent_set(
            participant=participant, actor=actor, decisions={(field, audience): False}
        )


@pytest.mark.parametrize("field", ContactField.values)
def test_withdrawing_employer_consent_removes_the_detail_from_every_output(
    approved, counsellor, client_for, field, django_capture_on_commit_callbacks
):
    version = approved
    passport = version.passport
    client = client_for(counsellor)
    needle = CONTACT[field]
    before = client.get(reverse("passports:version_document", args=[version.pk]))
    assert needle in _pdf_text(before.content)
    stored_names = [d.file.name for d in version.documents.all()]
    assert stored_names

    _withdraw(
        passport.participant,
        counsellor,
        field,
        Audience.EMPLOYER,
        django_capture_on_commit_callbacks,
    )

    version.refresh_from_db()
    passport.refresh_from_db()
    assert version.is_withdrawn and version.withdrawn_fields == [field]
    assert not version.documents.exists()
    assert not any(default_storage.exists(name) for name in stored_names)
    assert passport.status == Passport.Status.REAPPROVAL
    assert passport.reapproval_fields == [field]
    # No reprint, in any variant or format.
    for query in ("", "?variant=copy", "?format=docx", "?lang=en"):
        response = client.get(reverse("passports:version_document", args=[version.pk]) + query)
        assert response.status_code == 410, query
        assert needle.encode() not in response.content
    # The live draft, its DOCX and preview no longer show it either.
    draft_url = reverse("passports:draft_document", args=[passport.participant_id])
    assert needle not in _pdf_text(client.get(draft_url).content)
    docx = client.get(draft_url + "?format=docx")
    assert needle not in _docx_text(docx.content)
    # The participant approves again: the new version is frozen without the detail.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.passport_approve(passport=passport, actor=counsellor, in_person=True)
    again.refresh_from_db()
    assert field not in again.content["contact"]
    assert again.documents_status == PassportVersion.DocumentsStatus.READY
    for document in again.documents.all():
        assert needle not in _pdf_text(document.file.read())
    passport.refresh_from_db()
    assert passport.status == Passport.Status.APPROVED and passport.reapproval_fields == []


@pytest.mark.parametrize("audience", [Audience.CLE, Audience.COMMITTEE])
def test_withdrawing_another_audience_leaves_the_passport_alone(
    approved, counsellor, audience, django_capture_on_commit_callbacks
):
    _withdraw(
        approved.participant,
        counsellor,
        ContactField.MOBILE_PHONE,
        audience,
        django_capture_on_commit_callbacks,
    )
    approved.refresh_from_db()
    assert not approved.is_withdrawn and approved.documents.exists()
    assert approved.passport.status == Passport.Status.APPROVED


def test_granting_consent_touches_no_frozen_version(
    approved, counsellor, django_capture_on_commit_callbacks
):
    participant = approved.participant
    _withdraw(
        participant,
        counsellor,
        ContactField.EMAIL,
        Audience.EMPLOYER,
        django_capture_on_commit_callbacks,
    )
    with django_capture_on_commit_callbacks(execute=True):
        participant_services.consent_set(
            participant=participant,
            actor=counsellor,
            decisions={(ContactField.EMAIL, Audience.EMPLOYER): True},
        )
    approved.refresh_from_db()
    assert approved.is_withdrawn  # granting again does not bring a withdrawn version back
    assert approved.passport.status == Passport.Status.REAPPROVAL


def test_withdrawal_of_a_detail_the_version_does_not_show_keeps_it(
    passport_ready, counsellor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.passport_approve(
            passport=passport_ready, actor=counsellor, in_person=True
        )
    _withdraw(
        passport_ready.participant,
        counsellor,
        ContactField.HOME_PHONE,
        Audience.EMPLOYER,
        django_capture_on_commit_callbacks,
    )
    version.refresh_from_db()
    assert not version.is_withdrawn


def test_approval_freezes_now_and_renders_after_commit(
    passport_ready, counsellor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = services.passport_approve(
            passport=passport_ready, actor=counsellor, in_person=True
        )
        version.refresh_from_db()
        # Inside the approval's transaction nothing is rendered or written yet.
        assert version.documents_status == PassportVersion.DocumentsStatus.PENDING
        assert not PassportDocument.objects.filter(version=version).exists()
    assert len(callbacks) == 1
    callbacks[0]()
    version.refresh_from_db()
    assert version.documents_status == PassportVersion.DocumentsStatus.READY
    assert {(d.lang, d.variant) for d in version.documents.all()} == {
        ("fr", "colour"),
        ("fr", "copy"),
    }


def test_a_rolled_back_approval_leaves_no_file(passport_ready, counsellor, tmp_path):
    from django.db import transaction

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        services.passport_approve(passport=passport_ready, actor=counsellor, in_person=True)
        raise Boom
    assert not PassportVersion.objects.exists()
    private = tmp_path / "private"
    assert not private.exists() or not any(p.suffix == ".pdf" for p in private.rglob("*"))


def test_a_failing_render_is_retried_then_shown_as_failed(
    passport_ready, counsellor, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=False):
        version = services.passport_approve(
            passport=passport_ready, actor=counsellor, in_person=True
        )
    # Break the frozen content the way a bad migration would: nothing can render it.
    PassportVersion.objects.filter(pk=version.pk).update(content={})
    with caplog.at_level("WARNING", logger="atout.passports.tasks"):
        result = passport_version_render.enqueue(version.pk)
    version.refresh_from_db()
    assert result.return_value == "retrying"  # the retries ran right away on this backend
    assert version.documents_status == PassportVersion.DocumentsStatus.FAILED
    assert version.documents_attempts == services.DOCUMENT_ATTEMPTS
    assert version.documents_error
    events = [r for r in caplog.records if getattr(r, "event", "") == "render_failed"]
    assert [r.attempt for r in events] == [1, 2, 3]
    assert events[-1].final is True
    # A counsellor can ask again once the cause is fixed.
    PassportVersion.objects.filter(pk=version.pk).update(
        content=services.passport_content(passport_ready)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.passport_version_documents_retry(version=version, actor=counsellor)
    version.refresh_from_db()
    assert version.documents_status == PassportVersion.DocumentsStatus.READY


def test_pending_version_is_served_from_its_frozen_content(
    passport_ready, counsellor, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        version = services.passport_approve(
            passport=passport_ready, actor=counsellor, in_person=True
        )
    response = client_for(counsellor).get(reverse("passports:version_document", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("field", ContactField.values)
def test_withdrawing_cle_consent_hides_the_detail_from_the_cle_agent(
    approved, counsellor, cle_agent, client_for, field, django_capture_on_commit_callbacks
):
    participant = approved.participant
    page = client_for(cle_agent).get(participant.get_absolute_url()).content.decode()
    assert CONTACT[field] in page
    _withdraw(participant, counsellor, field, Audience.CLE, django_capture_on_commit_callbacks)
    page = client_for(cle_agent).get(participant.get_absolute_url()).content.decode()
    assert CONTACT[field] not in page


def test_a_logo_that_cannot_be_placed_is_said_at_review_and_in_the_preview(
    passport_ready, counsellor, client_for
):
    from django.core.files.base import ContentFile
    from django.utils import translation
    from django.utils.html import escape

    from atout.common.tests.builders import png
    from atout.documents.rendering.passport import logo_problem

    # A logo stored before the upload cap existed: never decoded, never silently dropped.
    logo = png(13_000, 13_000)
    passport_ready.logo.save("logo.png", ContentFile(logo), save=True)
    with translation.override("fr-ca"):
        warning = escape(logo_problem(logo))
    client = client_for(counsellor)
    pk = passport_ready.participant_id
    review = client.get(reverse("passports:step", args=[pk, "revision"])).content.decode()
    preview = client.get(reverse("passports:preview", args=[pk])).content.decode()
    assert warning in review and warning in preview
