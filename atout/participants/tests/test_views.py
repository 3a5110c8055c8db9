"""Views of participant files: caseload, create, edit, journal, documents, invitation."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import timezone

from atout.accounts.models import Role
from atout.accounts.tests.factories import CleFactory, member
from atout.participants import services
from atout.participants.models import Attachment, JournalNote, Participant
from atout.participants.tests.factories import (
    PNG_BYTES,
    AttachmentFactory,
    NoteFactory,
    ParticipantFactory,
)
from atout.privacy.models import AccessLogEntry

CASELOAD = reverse("participants:caseload")


def names_in(response) -> list[str]:
    return [p.family_name for p in response.context["caseload"].page.object_list]


def form_data(participant: Participant | None = None, **overrides) -> dict:
    """A complete, valid POST for the participant form (the current values, if any)."""
    data = {
        "given_names": "Émilie",
        "family_name": "Gagnon",
        "preferred_name": "",
        "pronouns": "",
        "preferred_language": "fr",
        "street_address": "",
        "city": "Québec",
        "province": "Québec",
        "postal_code": "",
        "home_phone": "",
        "mobile_phone": "418 555-0142",
        "email": "emilie.gagnon@exemple.ca",
        "objective": "",
        "status": "active",
        "counsellor": "",
        "referring_cle": "",
        "opened_on": timezone.localdate().isoformat(),
        "closed_on": "",
    }
    if participant is not None:
        for name in data:
            value = getattr(participant, name)
            if name in {"counsellor", "referring_cle"}:
                value = getattr(participant, f"{name}_id") or ""
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            data[name] = "" if value is None else value
        data["version"] = participant.version
    data.update(overrides)
    return data


# --- Caseload -----------------------------------------------------------------------------


@pytest.fixture
def files(organisation, counsellor, cle):
    colleague = member(organisation, Role.COUNSELLOR, full_name="Luc Bergeron")
    other_cle = CleFactory(name="CLE de Charlesbourg")
    make = ParticipantFactory
    return {
        "colleague": colleague,
        "other_cle": other_cle,
        "emilie": make(
            organisation=organisation,
            counsellor=counsellor,
            referring_cle=cle,
            given_names="Émilie",
            family_name="Bélanger",
        ),
        "jerome": make(
            organisation=organisation,
            counsellor=counsellor,
            referring_cle=other_cle,
            given_names="Jérôme",
            family_name="Côté",
            status=Participant.Status.ON_HOLD,
        ),
        "ines": make(
            organisation=organisation,
            counsellor=colleague,
            referring_cle=cle,
            given_names="Inès",
            family_name="Drouin",
            status=Participant.Status.CLOSED,
        ),
    }


def test_caseload_shows_my_files_by_default(client_for, counsellor, files):
    response = client_for(counsellor).get(CASELOAD)
    assert response.status_code == 200
    assert names_in(response) == ["Bélanger", "Côté"]


def test_caseload_scope_organisation_shows_everyone(client_for, counsellor, files):
    response = client_for(counsellor).get(CASELOAD, {"scope": "organisation"})
    assert names_in(response) == ["Bélanger", "Côté", "Drouin"]


def test_caseload_hides_other_organisations(client_for, counsellor, files, other_organisation):
    ParticipantFactory(organisation=other_organisation, family_name="Étranger")
    response = client_for(counsellor).get(CASELOAD, {"scope": "organisation"})
    assert "Étranger" not in names_in(response)


@pytest.mark.parametrize("query", ["EMILIE", "emilie", "Émilie", "bélanger", "BELANGER", "émi"])
def test_caseload_search_ignores_accents_and_case(client_for, counsellor, files, query):
    response = client_for(counsellor).get(CASELOAD, {"q": query})
    assert names_in(response) == ["Bélanger"]


def test_caseload_search_with_no_match_shows_empty_page(client_for, counsellor, files):
    response = client_for(counsellor).get(CASELOAD, {"q": "zzzz"})
    assert response.status_code == 200
    assert names_in(response) == []
    assert response.context["caseload"].total == 0


def test_caseload_filters_by_status(client_for, counsellor, files):
    response = client_for(counsellor).get(CASELOAD, {"scope": "organisation", "status": "on_hold"})
    assert names_in(response) == ["Côté"]
    assert response.context["caseload"].status_counts == {
        "active": 1,
        "on_hold": 1,
        "closed": 1,
    }


def test_caseload_filters_by_counsellor(client_for, counsellor, files):
    response = client_for(counsellor).get(
        CASELOAD, {"scope": "organisation", "counsellor": files["colleague"].pk}
    )
    assert names_in(response) == ["Drouin"]


def test_caseload_filters_by_cle(client_for, counsellor, files):
    response = client_for(counsellor).get(
        CASELOAD, {"scope": "organisation", "cle": files["other_cle"].pk}
    )
    assert names_in(response) == ["Côté"]


def test_caseload_ignores_invalid_filter_values(client_for, counsellor, files):
    response = client_for(counsellor).get(
        CASELOAD, {"status": "bogus", "counsellor": "abc", "sort": "drop table", "page": "-3"}
    )
    assert response.status_code == 200
    assert names_in(response) == ["Bélanger", "Côté"]


def test_caseload_sorts_by_opening_date(client_for, counsellor, files):
    today = timezone.localdate()
    Participant.objects.filter(pk=files["emilie"].pk).update(opened_on=today - timedelta(days=1))
    Participant.objects.filter(pk=files["jerome"].pk).update(opened_on=today - timedelta(days=9))
    client = client_for(counsellor)
    assert names_in(client.get(CASELOAD, {"sort": "opened"})) == ["Côté", "Bélanger"]
    assert names_in(client.get(CASELOAD, {"sort": "-opened"})) == ["Bélanger", "Côté"]


def test_caseload_paginates(client_for, counsellor, organisation):
    ParticipantFactory.create_batch(30, organisation=organisation, counsellor=counsellor)
    client = client_for(counsellor)
    first = client.get(CASELOAD)
    second = client.get(CASELOAD, {"page": 2})
    assert len(first.context["caseload"].page.object_list) == 25
    assert len(second.context["caseload"].page.object_list) == 5
    assert first.context["caseload"].total == 30
    assert 'rel="next"' in first.content.decode()
    # A page past the end shows the last page rather than an error.
    assert client.get(CASELOAD, {"page": 99}).context["caseload"].page.number == 2


def test_caseload_htmx_request_returns_only_the_results(client_for, counsellor, files):
    response = client_for(counsellor).get(
        CASELOAD, {"q": "emilie"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="caseload-results"
    )
    assert response.status_code == 200
    templates = [t.name for t in response.templates]
    assert templates[0] == "participants/_caseload_results.html"
    assert "base.html" not in templates
    body = response.content.decode()
    assert "<html" not in body
    assert "Bélanger" in body
    assert "Côté" not in body


def test_caseload_htmx_request_for_another_target_gets_the_page(client_for, counsellor, files):
    response = client_for(counsellor).get(CASELOAD, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="main")
    assert "base.html" in [t.name for t in response.templates]


def _caseload_queries(client, organisation, counsellor, how_many) -> int:
    Participant.objects.all().delete()
    cle = CleFactory()
    ParticipantFactory.create_batch(
        how_many, organisation=organisation, counsellor=counsellor, referring_cle=cle
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CASELOAD, {"scope": "organisation"})
    assert response.status_code == 200
    assert response.context["caseload"].total == how_many
    return len(queries)


def test_caseload_query_count_does_not_grow_with_rows(client_for, counsellor, organisation):
    client = client_for(counsellor)
    client.get(CASELOAD)  # warm up the session and caches
    few = _caseload_queries(client, organisation, counsellor, 5)
    many = _caseload_queries(client, organisation, counsellor, 60)
    assert few == many


def test_caseload_needs_the_capability(client_for, cle_agent):
    assert client_for(cle_agent).get(CASELOAD).status_code == 403


# --- Referred (CLE agents) -------------------------------------------------------------------


def test_referred_lists_files_the_cle_referred(client_for, cle_agent, files):
    response = client_for(cle_agent).get(reverse("participants:referred"))
    assert response.status_code == 200
    assert names_in(response) == ["Bélanger", "Drouin"]


def test_referred_is_forbidden_to_counsellors(client_for, counsellor):
    assert client_for(counsellor).get(reverse("participants:referred")).status_code == 403


# --- Create ------------------------------------------------------------------------------


def test_create_form_shows(client_for, counsellor):
    response = client_for(counsellor).get(reverse("participants:create"))
    assert response.status_code == 200
    assert response.context["form"].initial["counsellor"] == counsellor.pk


def test_create_file(client_for, counsellor, organisation, cle):
    data = form_data(
        given_names="Amélie",
        family_name="Nadeau",
        email="Amelie.Nadeau@Exemple.ca",
        counsellor=counsellor.pk,
        referring_cle=cle.pk,
        consent__email__employer="on",
    )
    response = client_for(counsellor).post(reverse("participants:create"), data)
    created = Participant.objects.get(family_name="Nadeau")
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert created.organisation == organisation
    assert created.email == "amelie.nadeau@exemple.ca"
    assert created.mobile_phone == "4185550142"
    assert created.consents.filter(field="email", audience="employer", granted=True).exists()


def test_create_refused_to_cle_agent(client_for, cle_agent):
    response = client_for(cle_agent).post(reverse("participants:create"), form_data())
    assert response.status_code == 403
    assert not Participant.objects.exists()


def test_invalid_form_keeps_typed_values(client_for, counsellor):
    data = form_data(
        given_names="Amélie",
        family_name="",
        mobile_phone="555",
        objective="Travailler en cuisine",
    )
    response = client_for(counsellor).post(reverse("participants:create"), data)
    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) == {"family_name", "mobile_phone"}
    body = response.content.decode()
    assert 'value="Amélie"' in body
    assert 'value="555"' in body
    assert "Travailler en cuisine" in body
    assert "error-summary" in body
    assert not Participant.objects.exists()


def test_closing_date_before_opening_date_is_refused(client_for, counsellor):
    data = form_data(family_name="Nadeau", opened_on="2026-03-10", closed_on="2026-03-01")
    response = client_for(counsellor).post(reverse("participants:create"), data)
    assert response.status_code == 422
    assert "closed_on" in response.context["form"].errors


def test_control_characters_are_refused(client_for, counsellor):
    data = form_data(family_name="Nad\x07eau")
    response = client_for(counsellor).post(reverse("participants:create"), data)
    assert response.status_code == 422
    assert "family_name" in response.context["form"].errors


# --- Detail and access log -------------------------------------------------------------------


def test_detail_shows_the_file_and_logs_the_access(client_for, counsellor, participant):
    response = client_for(counsellor).get(participant.get_absolute_url())
    assert response.status_code == 200
    assert "Émilie Gagnon" in response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert entry.user == counsellor
    assert entry.participant == participant
    assert entry.action == AccessLogEntry.Action.VIEW_FILE
    assert entry.ip_address == "127.0.0.1"


def test_detail_shows_notes_and_documents_to_counsellor(client_for, counsellor, participant):
    NoteFactory(participant=participant, author=counsellor, text="Rencontre du lundi")
    AttachmentFactory(participant=participant, original_name="cv-emilie.png")
    body = client_for(counsellor).get(participant.get_absolute_url()).content.decode()
    assert "Rencontre du lundi" in body
    assert "cv-emilie.png" in body


def test_detail_hides_notes_and_documents_from_cle_agent(client_for, cle_agent, participant):
    NoteFactory(participant=participant, text="Rencontre du lundi")
    AttachmentFactory(participant=participant, original_name="cv-emilie.png")
    response = client_for(cle_agent).get(participant.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rencontre du lundi" not in body
    assert "cv-emilie.png" not in body
    assert AccessLogEntry.objects.filter(user=cle_agent).count() == 1


# --- Edit and conflicts ------------------------------------------------------------------------


def test_edit_saves_and_bumps_version(client_for, counsellor, participant):
    url = reverse("participants:edit", kwargs={"pk": participant.pk})
    client = client_for(counsellor)
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(participant, objective="Aide-cuisinière"))
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.objective == "Aide-cuisinière"
    assert participant.version == 2


def test_edit_conflict_keeps_both_versions(client, counsellor, participant, organisation):
    colleague = member(organisation, Role.COUNSELLOR, full_name="Luc Bergeron")
    url = reverse("participants:edit", kwargs={"pk": participant.pk})
    # Both open the form at the same version.
    client.force_login(counsellor)
    first_form = client.get(url).context["form"]
    opened_version = first_form.initial["version"]
    client.force_login(colleague)
    assert client.get(url).context["form"].initial["version"] == opened_version

    client.force_login(counsellor)
    saved = client.post(url, form_data(participant, objective="Préposée aux bénéficiaires"))
    assert saved.status_code == 302

    client.force_login(colleague)
    typed = form_data(participant, objective="Commis d'entrepôt", version=opened_version)
    response = client.post(url, typed)

    assert response.status_code == 409
    participant.refresh_from_db()
    assert participant.objective == "Préposée aux bénéficiaires"
    assert participant.version == opened_version + 1
    rows = response.context["conflict_rows"]
    assert len(rows) == 1
    assert rows[0]["mine"] == "Commis d'entrepôt"
    assert rows[0]["theirs"] == "Préposée aux bénéficiaires"
    body = response.content.decode()
    assert "Commis d&#x27;entrepôt" in body
    assert "Préposée aux bénéficiaires" in body
    # The form now carries the saved version, so saving again is a deliberate overwrite.
    assert response.context["form"].data["version"] == participant.version
    assert response.context["form"]["objective"].value() == "Commis d'entrepôt"


def test_edit_conflict_resolved_by_saving_again(client, counsellor, participant):
    url = reverse("participants:edit", kwargs={"pk": participant.pk})
    client.force_login(counsellor)
    stale = form_data(participant, objective="Deuxième")
    client.post(url, form_data(participant, objective="Premier"))
    conflict = client.post(url, stale)
    assert conflict.status_code == 409
    again = client.post(url, {**stale, "version": conflict.context["form"].data["version"]})
    assert again.status_code == 302
    participant.refresh_from_db()
    assert participant.objective == "Deuxième"


def test_invalid_edit_keeps_values_and_saves_nothing(client_for, counsellor, participant):
    url = reverse("participants:edit", kwargs={"pk": participant.pk})
    response = client_for(counsellor).post(
        url, form_data(participant, email="pas-un-courriel", objective="Nouveau texte")
    )
    assert response.status_code == 422
    assert "email" in response.context["form"].errors
    assert "Nouveau texte" in response.content.decode()
    participant.refresh_from_db()
    assert participant.objective == ""
    assert participant.version == 1


# --- Journal -------------------------------------------------------------------------------------


def test_note_add(client_for, counsellor, participant):
    url = reverse("participants:note_add", kwargs={"pk": participant.pk})
    response = client_for(counsellor).post(url, {"text": "Première rencontre."})
    assert response.status_code == 302
    assert response["Location"].endswith("#journal")
    note = JournalNote.objects.get()
    assert note.author == counsellor
    assert note.text == "Première rencontre."
    assert not note.working_note


def test_working_note_is_marked_and_can_be_unmarked(client_for, counsellor, participant):
    client = client_for(counsellor)
    url = reverse("participants:note_add", kwargs={"pk": participant.pk})
    client.post(url, {"text": "Piste : vérifier l’anxiété.", "working_note": "on"})
    note = JournalNote.objects.get()
    assert note.working_note
    page = client.get(reverse("participants:detail", kwargs={"pk": participant.pk}))
    assert "Working note" in page.content.decode() or "Note de travail" in page.content.decode()
    edit = reverse("participants:note_edit", kwargs={"pk": note.pk})
    client.post(edit, {"text": note.text, "version": note.version})
    note.refresh_from_db()
    assert not note.working_note


def test_empty_note_is_refused_with_the_page(client_for, counsellor, participant):
    url = reverse("participants:note_add", kwargs={"pk": participant.pk})
    response = client_for(counsellor).post(url, {"text": "   "})
    assert response.status_code == 422
    assert "text" in response.context["note_form"].errors
    assert not JournalNote.objects.exists()


def test_author_corrects_note_within_24_hours(client_for, counsellor, participant):
    note = NoteFactory(participant=participant, author=counsellor, text="Typo")
    url = reverse("participants:note_edit", kwargs={"pk": note.pk})
    client = client_for(counsellor)
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Corrigé", "version": note.version})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Corrigé"
    assert note.version == 2


def test_note_edit_link_shown_only_to_author(client_for, counsellor, org_admin, participant):
    note = NoteFactory(participant=participant, author=counsellor)
    link = reverse("participants:note_edit", kwargs={"pk": note.pk})
    assert link in client_for(counsellor).get(participant.get_absolute_url()).content.decode()
    assert link not in client_for(org_admin).get(participant.get_absolute_url()).content.decode()


def test_other_staff_cannot_correct_a_note(client_for, org_admin, counsellor, participant):
    note = NoteFactory(participant=participant, author=counsellor, text="Original")
    url = reverse("participants:note_edit", kwargs={"pk": note.pk})
    client = client_for(org_admin)
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "Changé", "version": 1}).status_code == 403
    note.refresh_from_db()
    assert note.text == "Original"


def test_note_cannot_be_corrected_after_24_hours(client_for, counsellor, participant):
    note = NoteFactory(
        participant=participant,
        author=counsellor,
        text="Original",
        created_at=timezone.now() - timedelta(hours=24, minutes=1),
    )
    url = reverse("participants:note_edit", kwargs={"pk": note.pk})
    client = client_for(counsellor)
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "Changé", "version": 1}).status_code == 403
    note.refresh_from_db()
    assert note.text == "Original"


def test_note_locks_while_the_form_is_open(client_for, counsellor, participant, monkeypatch):
    note = NoteFactory(participant=participant, author=counsellor, text="Original")
    url = reverse("participants:note_edit", kwargs={"pk": note.pk})
    client = client_for(counsellor)
    assert client.get(url).status_code == 200
    # Only the journal's clock moves on: the session must stay valid.
    later = timezone.now() + timedelta(hours=25)
    monkeypatch.setattr(services, "timezone", SimpleNamespace(now=lambda: later))
    assert client.post(url, {"text": "Changé", "version": 1}).status_code == 403
    note.refresh_from_db()
    assert note.text == "Original"


def test_note_edit_conflict_keeps_typed_text(client_for, counsellor, participant):
    note = NoteFactory(participant=participant, author=counsellor, text="Original")
    services.note_update(note=note, actor=counsellor, text="Autre onglet", expected_version=1)
    url = reverse("participants:note_edit", kwargs={"pk": note.pk})
    response = client_for(counsellor).post(url, {"text": "Ce que je tape", "version": 1})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Autre onglet" in body
    assert "Ce que je tape" in body
    note.refresh_from_db()
    assert note.text == "Autre onglet"


def test_no_url_deletes_a_note():
    names = {
        name
        for name in get_resolver().reverse_dict
        if isinstance(name, str) and "delete" in name.lower()
    }
    assert not names
    for name in ["participants:note_delete", "participants:delete_note"]:
        with pytest.raises(NoReverseMatch):
            reverse(name, kwargs={"pk": 1})


def test_post_to_note_edit_never_deletes(client_for, counsellor, participant):
    note = NoteFactory(participant=participant, author=counsellor)
    url = reverse("participants:note_edit", kwargs={"pk": note.pk})
    response = client_for(counsellor).delete(url)
    assert response.status_code in {200, 405}
    assert JournalNote.objects.filter(pk=note.pk).exists()


# --- Attachments ------------------------------------------------------------------------------


def _upload(client, participant, name, content, kind="photo"):
    return client.post(
        reverse("participants:attachment_add", kwargs={"pk": participant.pk}),
        {"kind": kind, "description": "", "upload": SimpleUploadedFile(name, content)},
    )


def test_upload_png_then_view_it_inline(client_for, counsellor, participant):
    client = client_for(counsellor)
    response = _upload(client, participant, "ma photo.png", PNG_BYTES)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "ma photo.png"
    assert attachment.uploaded_by == counsellor
    assert "ma photo" not in attachment.file.name

    download = client.get(reverse("participants:attachment_download", kwargs={"pk": attachment.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("inline")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PNG_BYTES
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.VIEW_ATTACHMENT)
    assert (entry.user, entry.participant, entry.attachment) == (
        counsellor,
        participant,
        attachment,
    )


def test_pdf_opens_inline(client_for, counsellor, participant):
    client = client_for(counsellor)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert _upload(client, participant, "releve.pdf", pdf, kind="transcript").status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    download = client.get(reverse("participants:attachment_download", kwargs={"pk": attachment.pk}))
    assert download["Content-Disposition"].startswith("inline")


def test_other_types_are_downloaded(client_for, counsellor, participant):
    client = client_for(counsellor)
    response = _upload(client, participant, "notes.txt", "Lettre de référence\n".encode())
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "text/plain"
    download = client.get(reverse("participants:attachment_download", kwargs={"pk": attachment.pk}))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="notes.txt"' in download["Content-Disposition"]
    assert AccessLogEntry.objects.filter(
        action=AccessLogEntry.Action.DOWNLOAD_ATTACHMENT, attachment=attachment, user=counsellor
    ).exists()


def test_disguised_file_is_refused(client_for, counsellor, participant):
    response = _upload(client_for(counsellor), participant, "photo.png", b"MZ\x90\x00\x03\x00")
    assert response.status_code == 422
    assert "upload" in response.context["attachment_form"].errors
    assert not Attachment.objects.exists()


def test_missing_stored_file_is_404(client_for, counsellor, participant):
    attachment = AttachmentFactory(participant=participant)
    attachment.file.storage.delete(attachment.file.name)
    url = reverse("participants:attachment_download", kwargs={"pk": attachment.pk})
    assert client_for(counsellor).get(url).status_code == 404


# --- Participant's own file ----------------------------------------------------------------


def test_my_file_shows_own_file_and_logs_access(client_for, participant_user, participant):
    AttachmentFactory(participant=participant, original_name="mon-cv.png")
    response = client_for(participant_user).get(reverse("participants:my_file"))
    assert response.status_code == 200
    assert response.context["participant"] == participant
    assert "mon-cv.png" in response.content.decode()
    assert AccessLogEntry.objects.filter(
        user=participant_user, participant=participant, action=AccessLogEntry.Action.VIEW_FILE
    ).exists()


def test_my_file_is_404_for_staff(client_for, counsellor):
    assert client_for(counsellor).get(reverse("participants:my_file")).status_code == 404


# --- Invitation -----------------------------------------------------------------------------------


def test_invitation_is_sent_and_its_link_works(
    client_for, counsellor, participant, client, django_capture_on_commit_callbacks
):
    url = reverse("participants:invite", kwargs={"pk": participant.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(counsellor).post(url, {"email": "Emilie.Gagnon@Exemple.ca"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["emilie.gagnon@exemple.ca"]
    link = re.search(r"https?://\S+/dossiers/invitation/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    page = client.get("/" + path)
    assert page.status_code == 200
    assert page.context["invitation"].participant == participant


def test_invitation_refused_when_person_has_login(
    client_for, counsellor, participant, participant_user
):
    url = reverse("participants:invite", kwargs={"pk": participant.pk})
    response = client_for(counsellor).post(url, {"email": "autre@exemple.ca"})
    assert response.status_code == 422
    assert "email" in response.context["invitation_form"].errors
    assert mail.outbox == []


def test_invitation_with_bad_email_is_refused(client_for, counsellor, participant):
    url = reverse("participants:invite", kwargs={"pk": participant.pk})
    response = client_for(counsellor).post(url, {"email": "pas un courriel"})
    assert response.status_code == 422
    assert response.context["invitation_form"]["email"].value() == "pas un courriel"
    assert mail.outbox == []
