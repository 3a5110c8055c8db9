"""The export download, and upload → preview → confirm."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atout.evidence.models import Experience, Review
from atout.jsonresume.models import PendingImport
from atout.jsonresume.parsing import validator
from atout.jsonresume.tests.conftest import dumps
from atout.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db

GOOD = {"work": [{"name": "Metro", "position": "Caissière", "startDate": "2020-01-15"}]}


def upload(client, participant, raw: bytes, lang: str = ""):
    return client.post(
        reverse("jsonresume:import", args=[participant.pk]),
        {"upload": SimpleUploadedFile("cv.json", raw, "application/json"), "lang": lang},
    )


def confirm(client, participant, digest=None):
    url = reverse("jsonresume:preview", args=[participant.pk])
    if digest is None:
        digest = PendingImport.objects.get(participant=participant).digest
    return client.post(url, {"digest": digest})


def test_export_downloads_valid_json(client_for, counsellor, rich):
    response = client_for(counsellor).get(reverse("jsonresume:export", args=[rich.pk]) + "?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="resume-{rich.pk}-en.json"'
    document = json.loads(response.content)
    assert list(validator().iter_errors(document)) == []
    assert document["meta"]["language"] == "en"


def test_export_is_logged_as_a_read(client_for, counsellor, participant):
    client_for(counsellor).get(reverse("jsonresume:export", args=[participant.pk]))
    assert AccessLogEntry.objects.filter(participant=participant, user=counsellor).exists()


def test_the_preview_is_logged_as_a_read(client_for, counsellor, participant):
    client = client_for(counsellor)
    upload(client, participant, dumps(GOOD))
    AccessLogEntry.objects.all().delete()
    assert client.get(reverse("jsonresume:preview", args=[participant.pk])).status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.participant, entry.action) == (participant, AccessLogEntry.Action.VIEW_EVIDENCE)


def test_the_participant_downloads_their_own(client_for, participant_user, participant):
    response = client_for(participant_user).get(reverse("jsonresume:export", args=[participant.pk]))
    assert response.status_code == 200


def test_upload_preview_confirm(client_for, counsellor, participant):
    client = client_for(counsellor)
    response = upload(client, participant, dumps(GOOD))
    assert response.status_code == 302
    assert response["Location"] == reverse("jsonresume:preview", args=[participant.pk])
    assert not Experience.objects.filter(participant=participant).exists()  # not yet
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert (
        'Caissière — Metro <span class="resume-dates">(2020-01-15)</span>' in page.content.decode()
    )
    response = confirm(client, participant)
    assert response.status_code == 302
    experience = Experience.objects.get(participant=participant)
    assert experience.review == Review.ACCEPTED
    assert not PendingImport.objects.exists()
    # The same file again: the preview says nothing new, the confirm adds nothing.
    upload(client, participant, dumps(GOOD))
    page = client.get(reverse("jsonresume:preview", args=[participant.pk]))
    assert page.context["preview"].to_add == []
    confirm(client, participant)
    assert Experience.objects.filter(participant=participant).count() == 1


def test_the_participant_proposes(client_for, participant_user, participant):
    client = client_for(participant_user)
    assert upload(client, participant, dumps(GOOD)).status_code == 302
    assert confirm(client, participant).status_code == 302
    experience = Experience.objects.get(participant=participant)
    assert (experience.review, experience.proposed_by) == (Review.PROPOSED, participant_user)


def test_the_participant_sees_what_waits_for_the_counsellor(
    client_for, participant_user, participant
):
    client = client_for(participant_user)
    page = client.get(reverse("jsonresume:import", args=[participant.pk]))
    assert page.status_code == 200 and page.context["proposing"]
    upload(client, participant, dumps({**GOOD, "interests": [{"name": "Vélo"}]}))
    page = client.get(reverse("jsonresume:preview", args=[participant.pk]))
    assert [s.key for s in page.context["preview"].sections] == ["work"]
    assert [s.path for s in page.context["preview"].skipped] == ["interests[0]"]


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (b"\xef\xbb\xbf{}", ""),
        ('{"work": [{"name": "Café Émile"}]}'.encode("latin-1"), ""),
        (b'{"work": [{}, {}, {"startDate": "mai"}]}', "work[2].startDate"),
        (b"[" * 50 + b"]" * 50, ""),
    ],
)
def test_a_bad_file_reshows_the_form_with_each_problem(
    client_for, counsellor, participant, raw, path
):
    response = upload(client_for(counsellor), participant, raw)
    assert response.status_code == 422
    assert b"error-summary" in response.content
    problems = response.context["problems"]
    assert problems and problems[0].path == path
    if path:
        assert f"<code>{path}</code>".encode() in response.content
    assert not PendingImport.objects.exists()


def test_ten_megabytes_are_refused(client_for, counsellor, participant):
    raw = b'{"basics": {"summary": "' + b"x" * (10 * 1024 * 1024) + b'"}}'
    response = upload(client_for(counsellor), participant, raw)
    assert response.status_code == 422
    assert not PendingImport.objects.exists()


def test_markup_in_the_file_is_escaped_on_the_preview(client_for, counsellor, participant):
    client = client_for(counsellor)
    raw = dumps({"work": [{"position": "<script>alert(1)</script>"}]})
    upload(client, participant, raw)
    page = client.get(reverse("jsonresume:preview", args=[participant.pk]))
    assert b"<script>alert(1)" not in page.content
    assert b"&lt;script&gt;" in page.content


def test_confirm_with_a_stale_digest_imports_nothing(client_for, counsellor, participant):
    client = client_for(counsellor)
    upload(client, participant, dumps(GOOD))
    response = confirm(client, participant, digest="0" * 64)
    assert response.status_code == 409
    assert not Experience.objects.exists()


def test_preview_without_an_upload_goes_back_to_the_form(client_for, counsellor, participant):
    response = client_for(counsellor).get(reverse("jsonresume:preview", args=[participant.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("jsonresume:import", args=[participant.pk])


def test_a_pending_file_belongs_to_its_uploader(client_for, counsellor, org_admin, participant):
    upload(client_for(counsellor), participant, dumps(GOOD))
    client = client_for(org_admin)
    response = client.get(reverse("jsonresume:preview", args=[participant.pk]))
    assert response.status_code == 302  # the admin has no pending file of their own
    digest = PendingImport.objects.get().digest
    response = confirm(client, participant, digest=digest)
    assert response.status_code == 302
    assert not Experience.objects.exists()


def test_an_expired_pending_file_is_not_imported(client_for, counsellor, participant):
    import datetime

    client = client_for(counsellor)
    upload(client, participant, dumps(GOOD))
    PendingImport.objects.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    response = confirm(client, participant)
    assert response.status_code == 302
    assert not Experience.objects.exists()


@pytest.mark.parametrize("who", ["cle_agent", "outsider"])
def test_others_cannot_import(request, client_for, participant, who):
    user = request.getfixturevalue(who)
    response = upload(client_for(user), participant, dumps(GOOD))
    assert response.status_code in (403, 404)
    assert not PendingImport.objects.exists()
