"""Preview page images by content-hashed URL, not base64 in the HTML (issue 14, §1)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from atout.accounts.models import Role
from atout.accounts.tests.factories import OrganisationFactory, member
from atout.participants.tests.factories import ParticipantFactory
from atout.passports import services
from atout.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db

Kind = AccessLogEntry.Action


@pytest.fixture
def passport(participant, counsellor):
    passport = services.passport_start(participant=participant, actor=counsellor)
    services.key_competency_add(passport=passport, actor=counsellor, title_fr="Fiabilité")
    return passport


def preview_html(client, participant) -> str:
    response = client.get(reverse("passports:preview", kwargs={"pk": participant.pk}))
    assert response.status_code == 200
    return response.content.decode()


def cv_html(client, participant) -> str:
    response = client.get(reverse("resumes:cv", kwargs={"pk": participant.pk}))
    assert response.status_code == 200
    return response.content.decode()


def image_urls(html: str) -> list[str]:
    return [
        u.replace("&amp;", "&") for u in re.findall(r'class="preview-page" src="([^"]+)"', html)
    ]


def assert_png(response) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert response["Cache-Control"] == "private, max-age=900, immutable"


@pytest.mark.parametrize("page", [preview_html, cv_html])
def test_the_html_names_images_and_holds_no_base64(
    client_for, counsellor, participant, passport, page
):
    client = client_for(counsellor)
    html = page(client, participant)
    urls = image_urls(html)
    assert urls and "data:image/png;base64" not in html
    for url in urls:
        assert re.search(rf"/{participant.pk}/.*apercu/[0-9a-f]{{64}}\.png", url)
        assert_png(client.get(url))
    # Same content, same names: the browser keeps the pages it has.
    assert image_urls(page(client, participant)) == urls


def test_the_alt_texts_are_kept(client_for, counsellor, participant, passport):
    html = preview_html(client_for(counsellor), participant)
    assert 'alt="Page 1 sur 3 du passeport"' in html


@pytest.mark.parametrize("page", [preview_html, cv_html])
def test_a_cache_miss_renders_again(client_for, counsellor, participant, passport, page):
    client = client_for(counsellor)
    urls = image_urls(page(client, participant))
    cache.clear()  # expired, evicted, or another server's cache
    assert_png(client.get(urls[0]))


@pytest.mark.parametrize("page", [preview_html, cv_html])
def test_a_wrong_or_malformed_hash_is_a_404(client_for, counsellor, participant, passport, page):
    client = client_for(counsellor)
    url = image_urls(page(client, participant))[0]
    digest = re.search(r"[0-9a-f]{64}", url).group(0)
    assert client.get(url.replace(digest, "0" * 64)).status_code == 404
    assert client.get(url.replace(digest, "A" * 64)).status_code == 404
    assert client.get(url.replace(digest, "../x")).status_code == 404


@pytest.mark.parametrize("page", [preview_html, cv_html])
def test_another_file_never_serves_this_files_image(
    client_for, counsellor, organisation, participant, passport, page
):
    client = client_for(counsellor)
    url = image_urls(page(client, participant))[0]
    # The same counsellor's other file: allowed, but the image is not that file's.
    other = ParticipantFactory(organisation=organisation, counsellor=counsellor)
    services.passport_start(participant=other, actor=counsellor)
    moved = url.replace(f"/{participant.pk}/", f"/{other.pk}/", 1)
    assert client.get(moved).status_code == 404


@pytest.mark.parametrize("page", [preview_html, cv_html])
def test_another_organisations_counsellor_gets_404(
    client_for, counsellor, participant, passport, page
):
    url = image_urls(page(client_for(counsellor), participant))[0]
    outsider = member(OrganisationFactory(), Role.COUNSELLOR)
    assert client_for(outsider).get(url).status_code == 404


def test_anonymous_is_sent_to_login(client_for, client, counsellor, participant, passport):
    url = image_urls(preview_html(client_for(counsellor), participant))[0]
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "next=" in response["Location"]


@pytest.mark.parametrize(
    ("page", "kind"), [(preview_html, Kind.PREVIEW_PASSPORT), (cv_html, Kind.VIEW_CV)]
)
def test_the_image_read_is_logged_like_the_page(
    client_for, counsellor, participant, passport, page, kind
):
    client = client_for(counsellor)
    url = image_urls(page(client, participant))[0]
    since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert_png(client.get(url))
    entries = list(AccessLogEntry.objects.filter(pk__gt=since))
    assert {(e.action, e.participant_id, e.user_id) for e in entries} == {
        (kind, participant.pk, counsellor.pk)
    }
