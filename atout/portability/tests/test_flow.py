"""Asking for a copy, the task, the pages, the download, expiry, purge and the command."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from atout.participants.models import JournalNote
from atout.participants.tests.factories import ParticipantFactory
from atout.portability import services
from atout.portability.models import ExportRequest
from atout.privacy.models import AccessLogEntry


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Posts whose commit enqueues the job run it at once (the immediate task backend)."""

    def post(client, url):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url)

    return post


def test_the_person_prepares_and_downloads_their_copy(
    participant_user, participant, client, run_tasks
):
    client.force_login(participant_user)
    page = client.get(reverse("portability:mine"))
    assert page.status_code == 200
    assert "working notes" in page.content.decode() or "travail" in page.content.decode()
    response = run_tasks(client, reverse("portability:mine"))
    assert response.status_code == 302
    export = ExportRequest.objects.get(participant=participant)
    # The immediate backend ran the task on commit.
    assert export.status == ExportRequest.Status.READY
    assert export.expires_at > timezone.now() + timedelta(days=6)
    assert not export.in_person
    # The person asking for their own copy adds no note to their file.
    assert not JournalNote.objects.filter(participant=participant).exists()
    status = client.get(reverse("portability:status", args=[participant.pk, export.pk]))
    assert status.status_code == 200
    download = client.get(reverse("portability:download", args=[participant.pk, export.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert "donnees.json" in zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert AccessLogEntry.objects.filter(
        participant=participant, action=AccessLogEntry.Action.PERSONAL_DATA_EXPORT
    ).exists()


def test_the_counsellor_prepares_it_in_person_and_it_is_noted(counsellor, participant, client):
    client.force_login(counsellor)
    url = reverse("portability:file", args=[participant.pk])
    assert client.get(url).status_code == 200
    client.post(url)
    export = ExportRequest.objects.get(participant=participant)
    assert export.in_person and export.requested_by == counsellor
    note = JournalNote.objects.get(participant=participant)
    assert not note.working_note
    assert note.history.count() == 1


def test_one_copy_in_progress_per_file(counsellor, participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first, created = services.export_request(participant=participant, actor=counsellor)
        second, again = services.export_request(participant=participant, actor=counsellor)
    assert created and not again and first.pk == second.pk


def test_others_cannot_ask_or_see(outsider, participant, client):
    with pytest.raises(PermissionDenied):
        services.export_request(participant=participant, actor=outsider)
    client.force_login(outsider)
    assert client.get(reverse("portability:file", args=[participant.pk])).status_code == 404


def test_an_expired_copy_is_refused_and_purged(participant_user, participant, client, run_tasks):
    client.force_login(participant_user)
    run_tasks(client, reverse("portability:mine"))
    export = ExportRequest.objects.get(participant=participant)
    name = export.file.name
    storage = export.file.storage
    assert storage.exists(name)
    ExportRequest.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(reverse("portability:download", args=[participant.pk, export.pk]))
    assert response.status_code == 410
    assert "expir" in response.content.decode().lower()
    assert not storage.exists(name)
    assert services.exports_purge(now=timezone.now()) == 1
    assert not ExportRequest.objects.exists()


def test_purge_keeps_copies_still_valid(participant_user, participant, client, run_tasks):
    client.force_login(participant_user)
    run_tasks(client, reverse("portability:mine"))
    assert services.exports_purge(now=timezone.now()) == 0
    later = timezone.now() + timedelta(days=services.keep_days(), minutes=1)
    assert services.exports_purge(now=later) == 1


def test_the_command_writes_the_zip_and_logs(participant, tmp_path):
    out = tmp_path / "copie.zip"
    call_command("export_personal_data", str(participant.pk), "--out", str(out))
    assert "donnees.json" in zipfile.ZipFile(out).namelist()
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.PERSONAL_DATA_EXPORT)
    assert entry.user is None and entry.participant == participant
    out2 = tmp_path / "par-courriel.zip"
    call_command("export_personal_data", "--participant", participant.email, "--out", str(out2))
    assert out2.exists()


def test_the_command_explains_errors(participant, organisation, tmp_path):
    out = str(tmp_path / "x.zip")
    with pytest.raises(CommandError, match="No participant file with number"):
        call_command("export_personal_data", "999999", "--out", out)
    with pytest.raises(CommandError, match="No participant file with the e-mail"):
        call_command("export_personal_data", "--participant", "nobody@exemple.ca", "--out", out)
    twin = ParticipantFactory(organisation=organisation, email=participant.email)
    with pytest.raises(CommandError, match=rf"{participant.pk} .*{twin.pk} "):
        call_command("export_personal_data", "--participant", participant.email, "--out", out)
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_personal_data", str(participant.pk), "--out", "/nonexistent/dir/x.zip")
    with pytest.raises(CommandError, match="either"):
        call_command("export_personal_data", "--out", out)
