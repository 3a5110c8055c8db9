"""The CV page, approval by the participant or in person, printing, documents, consent."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.urls import reverse

from atout.documents.kinds import DocumentState, NothingToRender, document_kind
from atout.participants.models import Audience, ContactField
from atout.participants.services import consent_set
from atout.privacy.models import AccessLogEntry
from atout.resumes import services
from atout.resumes.models import Cv

pytestmark = pytest.mark.django_db


def url(name, participant, **query):
    base = reverse(f"resumes:{name}", kwargs={"pk": participant.pk})
    if query:
        from urllib.parse import urlencode

        base += "?" + urlencode(query)
    return base


def settings_post(**overrides):
    data = {
        "layout": "chronological",
        "language": "fr",
        "references": "on_request",
        "max_pages": "2",
        "version": "",
    }
    return data | overrides


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_the_page_shows_what_is_missing_and_links_to_the_evidence(
    client_for, counsellor, participant
):
    response = client_for(counsellor).get(url("cv", participant))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("evidence:list", kwargs={"pk": participant.pk}) in page
    assert "weak-points" in page
    assert not Cv.objects.exists()  # looking writes nothing
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessLogEntry.Action.VIEW_CV


def test_settings_are_saved_and_invalid_ones_re_shown(client_for, counsellor, rich_file):
    client = client_for(counsellor)
    response = client.post(url("cv", rich_file), settings_post(layout="functional"))
    assert response.status_code == 302
    assert Cv.objects.get().layout == "functional"
    response = client.post(url("cv", rich_file), settings_post(layout="<b>bold</b>"))
    assert response.status_code == 422
    assert Cv.objects.get().layout == "functional"
    assert "&lt;b&gt;" in response.content.decode() or "<b>bold" not in response.content.decode()


def test_approval_freezes_and_printing_prints_what_was_approved(
    client_for, counsellor, participant_user, rich_file
):
    client = client_for(counsellor)
    client.post(url("cv", rich_file), settings_post())
    assert client.post(url("submit", rich_file)).status_code == 302
    assert Cv.objects.get().state == DocumentState.READY

    # The participant approves from their own login.
    owner = client_for(participant_user)
    assert owner.get(url("cv", rich_file)).status_code == 200
    assert owner.post(url("approve", rich_file)).status_code == 302
    cv = Cv.objects.get()
    assert cv.state == DocumentState.APPROVED and cv.approved_by == participant_user
    assert cv.approved_payload["draft"] is False
    assert owner.post(url("cv", rich_file), settings_post()).status_code == 403

    # Evidence changes after approval do not change what prints.
    rich_file.experiences.filter(title="Caissière").update(title="Changée après")
    client = client_for(counsellor)
    response = client.post(url("print", rich_file), {"variant": "copy"})
    assert response.status_code == 302
    cv.refresh_from_db()
    assert cv.state == DocumentState.PRINTED and cv.printed_at
    document = client.get(response["Location"])
    assert document["Content-Type"] == "application/pdf"
    text = pdf_text(document.content)
    assert "Caissière" in text and "Changée après" not in text
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.CV_DOCUMENT).exists()

    # Changing a setting after approval sends it back for approval.
    client.post(url("cv", rich_file), settings_post(language="en", version=cv.version))
    cv.refresh_from_db()
    assert cv.state == DocumentState.REAPPROVAL and cv.approved_payload is None


def test_a_draft_document_is_marked_as_draft(client_for, counsellor, rich_file):
    response = client_for(counsellor).get(url("document", rich_file, format="pdf"))
    assert response.status_code == 200
    assert "brouillon" in response["Content-Disposition"]


def test_docx_download(client_for, counsellor, rich_file):
    from docx import Document

    response = client_for(counsellor).get(url("document", rich_file, format="docx"))
    assert response["Content-Disposition"].startswith("attachment")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Caissière" in text


def test_approval_in_person_needs_document_edit(
    client_for, counsellor, participant_user, rich_file
):
    assert client_for(participant_user).post(url("approve_in_person", rich_file)).status_code == 403
    assert client_for(counsellor).post(url("approve", rich_file)).status_code == 403
    assert client_for(counsellor).post(url("approve_in_person", rich_file)).status_code == 302
    cv = Cv.objects.get()
    assert cv.state == DocumentState.APPROVED and cv.approved_in_person


def test_an_empty_cv_cannot_be_approved(client_for, counsellor, participant):
    response = client_for(counsellor).post(url("approve_in_person", participant), follow=True)
    assert "rien à approuver" in response.content.decode()
    assert not Cv.objects.filter(state=DocumentState.APPROVED).exists()


def test_withdrawn_consent_sends_the_approved_cv_back(counsellor, rich_file):
    cv = services.cv_approve(participant=rich_file, actor=counsellor, in_person=True)
    assert "email" in cv.approved_payload["contact"]
    consent_set(
        participant=rich_file,
        actor=counsellor,
        decisions={(ContactField.EMAIL, Audience.EMPLOYER): False},
    )
    cv.refresh_from_db()
    assert cv.state == DocumentState.REAPPROVAL
    assert cv.approved_payload is None
    assert cv.reapproval_fields == ["email"]
    # Approved again, the detail is gone.
    cv = services.cv_approve(participant=rich_file, actor=counsellor, in_person=True)
    assert "email" not in cv.approved_payload["contact"]


def test_a_withdrawal_of_a_detail_the_cv_does_not_show_changes_nothing(counsellor, rich_file):
    services.cv_approve(participant=rich_file, actor=counsellor, in_person=True)
    consent_set(
        participant=rich_file,
        actor=counsellor,
        decisions={(ContactField.ADDRESS, Audience.EMPLOYER): True},
    )
    consent_set(
        participant=rich_file,
        actor=counsellor,
        decisions={(ContactField.ADDRESS, Audience.EMPLOYER): False},
    )
    assert Cv.objects.get().state == DocumentState.APPROVED


def test_the_registry_lists_and_renders_the_cv(counsellor, rich_file, participant):
    kind = document_kind("cv")
    assert kind.order == 40 and kind.formats == ("pdf", "docx")
    assert kind.layouts == ("chronological", "functional")
    (summary,) = kind.summaries(counsellor, rich_file)
    assert summary.state == DocumentState.DRAFT and summary.url == url("cv", rich_file)
    document = kind.render(rich_file, lang="en", variant="copy", fmt="pdf", layout="functional")
    assert document.content.startswith(b"%PDF")
    docx = kind.render(rich_file, lang="fr", variant="colour", fmt="docx", layout=None)
    assert docx.name.endswith(".docx")


def test_the_registry_renders_the_frozen_cv_when_it_matches(counsellor, rich_file):
    services.cv_approve(participant=rich_file, actor=counsellor, in_person=True)
    rich_file.experiences.filter(title="Caissière").update(title="Changée après")
    kind = document_kind("cv")
    frozen = pdf_text(
        kind.render(rich_file, lang="fr", variant="colour", fmt="pdf", layout=None).content
    )
    assert "Caissière" in frozen
    live = pdf_text(
        kind.render(rich_file, lang="fr", variant="colour", fmt="pdf", layout="functional").content
    )
    assert "Changée après" in live


def test_nothing_to_render_for_an_empty_file(participant):
    with pytest.raises(NothingToRender):
        document_kind("cv").render(participant, lang="fr", variant="colour", fmt="pdf", layout=None)


def test_the_page_seen_again_compiles_nothing(client_for, counsellor, rich_file, monkeypatch):
    """The preview's images and the warnings are remembered: a reload compiles no CV."""
    from django.core.cache import cache

    from atout.documents.rendering import cv as cv_rendering

    cache.clear()
    client = client_for(counsellor)
    first = client.get(url("cv", rich_file))
    assert first.status_code == 200
    compiled: list[str] = []
    real = cv_rendering.render_typst

    def counted(template, data, **kwargs):
        compiled.append(template)
        return real(template, data, **kwargs)

    monkeypatch.setattr(cv_rendering, "render_typst", counted)
    again = client.get(url("cv", rich_file))
    assert again.status_code == 200
    assert compiled == []
    assert again.context["warnings"] == first.context["warnings"]
    assert again.context["images"] == first.context["images"]
