"""The access-log mechanism: reads noted by the scoping, written once per request."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import ResolverMatch, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from atout.accounts.models import Role
from atout.accounts.scoping import files_read
from atout.accounts.tests.factories import OrganisationFactory, UserFactory, member
from atout.participants.models import Participant
from atout.participants.tests.factories import AttachmentFactory, ParticipantFactory
from atout.privacy import selectors
from atout.privacy.middleware import AccessLogMiddleware
from atout.privacy.models import AccessLogEntry, file_label

Kind = AccessLogEntry.Action


def detail_url(participant) -> str:
    return reverse("participants:detail", kwargs={"pk": participant.pk})


def test_opening_a_file_writes_one_entry_with_role_and_organisation(
    client_for, counsellor, organisation, participant
):
    assert client_for(counsellor).get(detail_url(participant)).status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.participant, entry.action) == (
        counsellor,
        participant,
        Kind.VIEW_FILE,
    )
    assert (entry.reader_role, entry.reader_organisation) == (Role.COUNSELLOR, organisation)
    assert (entry.participant_ref, entry.participant_label) == (
        participant.pk,
        file_label(participant.pk),
    )
    assert entry.document_format == ""


def test_cle_agent_read_names_the_cle(client_for, cle_agent, cle, participant):
    client_for(cle_agent).get(detail_url(participant))
    entry = AccessLogEntry.objects.get()
    assert (entry.reader_role, entry.reader_organisation) == (Role.CLE_AGENT, cle)


def test_participant_reading_their_file_is_logged_as_the_participant(
    client_for, participant_user, participant
):
    client_for(participant_user).get(reverse("participants:my_file"))
    entry = AccessLogEntry.objects.get()
    assert (entry.participant, entry.reader_role, entry.reader_organisation) == (
        participant,
        "participant",
        None,
    )


def test_another_organisation_gets_404_and_nothing_is_logged(client_for, outsider, participant):
    assert client_for(outsider).get(detail_url(participant)).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_a_refused_read_is_not_logged(client_for, counsellor, participant):
    # The file was loaded (then refused): 403 shows nothing, so nothing is logged.
    url = reverse("participants:history", kwargs={"pk": participant.pk})
    assert client_for(counsellor).get(url).status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_unknown_file_is_404_and_not_logged(client_for, org_admin):
    assert client_for(org_admin).get("/dossiers/987654/").status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_a_post_is_a_write_not_a_read(client_for, counsellor, participant):
    response = client_for(counsellor).post(
        reverse("participants:note_add", kwargs={"pk": participant.pk}), {"text": "Rencontre"}
    )
    assert response.status_code == 302
    assert not AccessLogEntry.objects.exists()


def test_caseload_writes_no_entry(client_for, counsellor, organisation):
    ParticipantFactory.create_batch(3, organisation=organisation, counsellor=counsellor)
    response = client_for(counsellor).get(reverse("participants:caseload"))
    assert response.status_code == 200
    assert len(response.context["caseload"].page) == 3
    assert not AccessLogEntry.objects.exists()


def test_attachment_read_keeps_the_attachment_and_its_format(client_for, counsellor, participant):
    attachment = AttachmentFactory(participant=participant, uploaded_by=counsellor)
    url = reverse("participants:attachment_download", kwargs={"pk": attachment.pk})
    response = client_for(counsellor).get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    entry = AccessLogEntry.objects.get()
    assert entry.attachment == attachment
    assert entry.action in (Kind.VIEW_ATTACHMENT, Kind.DOWNLOAD_ATTACHMENT)
    extension = attachment.original_name.rsplit(".", 1)[-1].lower()
    assert entry.document_format == extension


def test_docx_download_is_a_document_read(client_for, counsellor, participant):
    from atout.passports import services as passport_services

    passport_services.passport_start(participant=participant, actor=counsellor)
    url = reverse("passports:draft_document", kwargs={"pk": participant.pk}) + "?format=docx"
    assert client_for(counsellor).get(url).status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.document_format) == (Kind.PASSPORT_DRAFT_DOCUMENT, "docx")


def test_one_request_reading_the_same_file_twice_writes_one_row(
    client_for, counsellor, participant
):
    # The file page loads the file, its notes and its documents: one read.
    from atout.participants.tests.factories import NoteFactory

    NoteFactory(participant=participant, author=counsellor)
    AttachmentFactory(participant=participant, uploaded_by=counsellor)
    client_for(counsellor).get(detail_url(participant))
    assert AccessLogEntry.objects.count() == 1


# The middleware itself, on a request the URLconf does not know.


def _request(user, view_name: str, method: str = "get"):
    request = getattr(RequestFactory(), method)("/somewhere/")
    request.user = user
    request.resolver_match = ResolverMatch(lambda r: None, (), {}, url_name=view_name)
    return request


def _reading(participant, user, status: int = 200):
    def view(request):
        Participant.objects.visible_to(user).get(pk=participant.pk)
        return HttpResponse(status=status)

    return view


def test_a_read_with_no_kind_is_still_logged(counsellor, participant, caplog):
    middleware = AccessLogMiddleware(_reading(participant, counsellor))
    middleware(_request(counsellor, "newapp:new_page"))
    entry = AccessLogEntry.objects.get()
    assert (entry.participant, entry.action) == (participant, Kind.UNCLASSIFIED)
    assert "newapp:new_page" in caplog.text


@pytest.mark.parametrize("status", [301, 302, 400, 403, 404, 409, 422, 500])
def test_no_entry_unless_the_read_succeeded(counsellor, participant, status):
    middleware = AccessLogMiddleware(_reading(participant, counsellor, status))
    middleware(_request(counsellor, "participants:detail"))
    assert not AccessLogEntry.objects.exists()


def test_rows_loaded_without_scoping_are_not_noted(counsellor, participant):
    def view(request):
        Participant.objects.get(pk=participant.pk)  # a service's own read, not a page's
        assert files_read.get() == set()
        return HttpResponse()

    AccessLogMiddleware(view)(_request(counsellor, "participants:detail"))
    assert not AccessLogEntry.objects.exists()


def test_outside_a_request_nothing_is_noted(counsellor, participant):
    assert files_read.get() is None
    assert Participant.objects.visible_to(counsellor).get(pk=participant.pk) == participant
    assert not AccessLogEntry.objects.exists()


def test_values_and_counts_note_nothing(counsellor, participant):
    def view(request):
        qs = Participant.objects.visible_to(counsellor)
        assert qs.count() == 1
        assert list(qs.values_list("pk", flat=True)) == [participant.pk]
        assert files_read.get() == set()
        return HttpResponse()

    AccessLogMiddleware(view)(_request(counsellor, "participants:detail"))


def test_the_list_reads_noted_by_the_scoping_follow_the_rows(counsellor, organisation):
    files = ParticipantFactory.create_batch(3, organisation=organisation, counsellor=counsellor)
    seen = {}

    def view(request):
        list(Participant.objects.visible_to(counsellor).filter(pk__in=[f.pk for f in files[:2]]))
        seen["ids"] = set(files_read.get())
        return HttpResponse()

    AccessLogMiddleware(view)(_request(counsellor, "participants:caseload"))
    assert seen["ids"] == {files[0].pk, files[1].pk}
    assert not AccessLogEntry.objects.exists()  # a list: not logged


@settings(max_examples=25, deadline=None)
@given(view_name=st.text(max_size=80))
@pytest.mark.django_db
def test_any_url_name_is_logged_or_skipped_without_error(view_name):
    organisation = OrganisationFactory()
    user = member(organisation, Role.COUNSELLOR)
    participant = ParticipantFactory(organisation=organisation)
    AccessLogMiddleware(_reading(participant, user))(_request(user, view_name))
    assert AccessLogEntry.objects.filter(participant=participant).count() <= 1


def test_anonymous_request_notes_nothing(participant):
    response = AccessLogMiddleware(lambda r: HttpResponse())(
        _request(AnonymousUser(), "participants:detail")
    )
    assert response.status_code == 200
    assert not AccessLogEntry.objects.exists()


# Survival after the file is deleted.


def test_entries_survive_the_file_with_its_number_and_a_label(
    client_for, counsellor, org_admin, participant
):
    client_for(counsellor).get(detail_url(participant))
    number = participant.pk
    Participant.objects.filter(pk=number).delete()
    entry = AccessLogEntry.objects.get()
    assert entry.participant is None
    assert (entry.participant_ref, entry.participant_label) == (number, f"Dossier {number}")
    assert entry.participant_label.count(" ") == 1  # no name in it
    # Rows of a deleted file belong to no organisation: nobody reads them through scoping.
    assert not AccessLogEntry.objects.visible_to(org_admin).exists()
    assert not AccessLogEntry.objects.visible_to(counsellor).exists()


# The participant's page: who read my file.


def reads_url() -> str:
    return reverse("privacy:my_file_reads")


def test_participant_sees_role_and_organisation_of_readers_not_names(
    client_for, counsellor, cle_agent, participant_user, participant
):
    client_for(counsellor).get(detail_url(participant))
    client_for(cle_agent).get(detail_url(participant))
    client = client_for(participant_user)
    client.get(reverse("participants:my_file"))  # their own visit
    response = client.get(reads_url())
    assert response.status_code == 200
    reads = list(response.context["reads"])
    assert len(reads) == 2  # not their own visit
    assert {r.organisation for r in reads} == {"Carrefour emploi Limoilou", "CLE de Québec-Centre"}
    assert {r.role for r in reads} == {
        str(dict(Role.choices)[Role.COUNSELLOR]),
        str(dict(Role.choices)[Role.CLE_AGENT]),
    }
    body = response.content.decode()
    assert "Geneviève Tremblay" not in body and "Julie Côté" not in body
    assert "127.0.0.1" not in body


def test_reading_who_read_my_file_is_not_itself_logged(client_for, participant_user, participant):
    client_for(participant_user).get(reads_url())
    assert not AccessLogEntry.objects.exists()


def test_another_participant_sees_only_their_own_file(
    client_for, counsellor, organisation, participant, participant_user
):
    client_for(counsellor).get(detail_url(participant))
    other = ParticipantFactory(organisation=organisation, counsellor=counsellor)
    other.user = UserFactory()
    other.save(update_fields=["user"])
    response = client_for(other.user).get(reads_url())
    assert response.status_code == 200
    assert list(response.context["reads"]) == []
    assert selectors.reads_of_own_file(user=other.user).paginator.count == 0


@pytest.mark.parametrize("who", ["counsellor", "org_admin", "outsider"])
def test_staff_have_no_such_page(client_for, request, who):
    assert client_for(request.getfixturevalue(who)).get(reads_url()).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(reads_url())
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_participant_reads_are_paginated(client_for, counsellor, participant_user, participant):
    client = client_for(counsellor)
    for _ in range(selectors.READS_PER_PAGE + 3):
        client.get(detail_url(participant))
    client = client_for(participant_user)
    first = client.get(reads_url())
    assert len(first.context["reads"].object_list) == selectors.READS_PER_PAGE
    assert 'href="?page=2"' in first.content.decode()
    second = client.get(reads_url() + "?page=2")
    assert len(second.context["reads"].object_list) == 3
    assert client.get(reads_url() + "?page=abc").status_code == 200


def test_superuser_reads_entries_of_deleted_files_in_the_admin(client, counsellor, participant):
    reader = Client()
    reader.force_login(counsellor)
    reader.get(detail_url(participant))
    number = participant.pk
    Participant.objects.filter(pk=number).delete()
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    response = client.get(reverse("admin:privacy_accesslogentry_changelist"))
    assert response.status_code == 200
    assert f"Dossier {number}" in response.content.decode()
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:privacy_accesslogentry_changelist")).status_code == 403


def test_rows_read_with_iterator_are_noted_too(counsellor, participant):
    seen = {}

    def view(request):
        list(Participant.objects.visible_to(counsellor).iterator())
        seen["ids"] = set(files_read.get())
        return HttpResponse()

    AccessLogMiddleware(view)(_request(counsellor, "participants:detail"))
    assert seen["ids"] == {participant.pk}
    assert AccessLogEntry.objects.get().participant == participant


def test_reader_with_two_organisations_is_logged_through_the_files_own(
    client_for, organisation, cle, participant
):
    # A CLE agent who also counsels elsewhere, with that other organisation active.
    from atout.accounts.tests.factories import MembershipFactory

    agent = member(cle, Role.CLE_AGENT)
    elsewhere = OrganisationFactory()
    MembershipFactory(user=agent, organisation=elsewhere, role=Role.COUNSELLOR)
    client = client_for(agent)
    session = client.session
    session["atout_active_organisation"] = elsewhere.pk
    session.save()
    assert client.get(detail_url(participant)).status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.reader_role, entry.reader_organisation) == (Role.CLE_AGENT, cle)
