"""The bundles page, the progress page (htmx and without JavaScript), the download."""

import pytest
from django.urls import reverse

from atout.bundles.models import Bundle
from atout.letters.models import CoverLetter
from atout.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def _page(participant):
    return reverse("bundles:page", args=[participant.pk])


def _post(client, participant, **data):
    form = {"colour": "on", "copies": "2", "cards": "on", "layout": "", "lang": "fr", "fmt": "pdf"}
    form.update(data)
    return client.post(_page(participant), {k: v for k, v in form.items() if v is not None})


def test_the_file_page_links_to_the_bundles_page(approved_file, counsellor, client):
    client.force_login(counsellor)
    response = client.get(approved_file.get_absolute_url())
    assert _page(approved_file) in response.content.decode()


def test_the_form_offers_only_what_is_approved(approved_file, counsellor, client):
    client.force_login(counsellor)
    response = client.get(_page(approved_file))
    assert response.status_code == 200
    html = response.content.decode()
    letter = CoverLetter.objects.get(participant=approved_file)
    assert f'value="{letter.pk}"' in html and "Hôtel Le Concorde" in html
    assert 'name="cv"' not in html and 'name="portfolio"' not in html
    assert 'name="wage_subsidy"' not in html


def test_asking_runs_the_job_and_the_progress_page_offers_the_download(
    approved_file, counsellor, client, run_tasks
):
    client.force_login(counsellor)
    letter = CoverLetter.objects.get(participant=approved_file)
    with run_tasks():
        response = _post(client, approved_file, letters=str(letter.pk))
    bundle = Bundle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bundles:progress", args=[approved_file.pk, bundle.pk])
    page = client.get(response["Location"])
    download = reverse("bundles:download", args=[approved_file.pk, bundle.pk])
    assert download in page.content.decode()
    assert 'hx-trigger="every 2s"' not in page.content.decode()  # finished: no more polling
    AccessLogEntry.objects.all().delete()
    got = client.get(download)
    assert got.status_code == 200
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith("attachment;")
    assert got["Cache-Control"] == "private, no-store"
    assert b"".join(got.streaming_content).startswith(b"%PDF")
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessLogEntry.Action.BUNDLE_DOCUMENT
    assert entry.participant_id == approved_file.pk


def test_a_bundle_in_flight_polls_and_has_a_refresh_link(
    approved_file, counsellor, client, django_capture_on_commit_callbacks
):
    client.force_login(counsellor)
    with django_capture_on_commit_callbacks(execute=False):
        _post(client, approved_file)
        second = _post(client, approved_file, copies="5")
    bundle = Bundle.objects.get()
    assert second.status_code == 302 and str(bundle.pk) in second["Location"]
    page = client.get(second["Location"])
    html = page.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert f'href="{reverse("bundles:progress", args=[approved_file.pk, bundle.pk])}"' in html
    partial = client.get(second["Location"], HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<div id="bundle-status"')
    # Not ready: nothing to download.
    assert (
        client.get(reverse("bundles:download", args=[approved_file.pk, bundle.pk])).status_code
        == 404
    )


def test_a_failed_bundle_shows_its_reason(approved_file, counsellor, client):
    bundle = Bundle.objects.create(
        participant=approved_file,
        options={},
        status=Bundle.Status.FAILED,
        error="RuntimeError: disque plein",
    )
    client.force_login(counsellor)
    page = client.get(reverse("bundles:progress", args=[approved_file.pk, bundle.pk]))
    assert "RuntimeError: disque plein" in page.content.decode()


def test_invalid_choices_are_shown_again_with_422(approved_file, counsellor, client):
    client.force_login(counsellor)
    response = _post(client, approved_file, colour=None, cards=None, copies="0")
    assert response.status_code == 422
    response = _post(client, approved_file, copies="99")
    assert response.status_code == 422
    assert 'value="99"' in response.content.decode()
    assert not Bundle.objects.exists()


@pytest.mark.parametrize("who", ["participant_user", "outsider", "cle_agent"])
def test_only_the_file_s_counsellors_reach_the_pages(
    approved_file, counsellor, client, request, who
):
    user = request.getfixturevalue(who)
    bundle = Bundle.objects.create(participant=approved_file, options={}, status="ready")
    client.force_login(user)
    for url in (
        _page(approved_file),
        reverse("bundles:progress", args=[approved_file.pk, bundle.pk]),
        reverse("bundles:download", args=[approved_file.pk, bundle.pk]),
    ):
        assert client.get(url).status_code in (403, 404)
    assert _post(client, approved_file).status_code in (403, 404)


def test_another_file_s_bundle_is_not_found_through_this_file(
    approved_file, counsellor, client, organisation
):
    from atout.participants.tests.factories import ParticipantFactory

    other = ParticipantFactory(organisation=organisation, counsellor=counsellor)
    bundle = Bundle.objects.create(participant=other, options={}, status="ready")
    client.force_login(counsellor)
    url = reverse("bundles:progress", args=[approved_file.pk, bundle.pk])
    assert client.get(url).status_code == 404
