"""Preview page images by content-hashed URL, not base64 in the HTML (issue 14, §1)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from atout.accounts.models import Role
from atout.accounts.tests.factories import OrganisationFactory, member
from atout.documents import previews
from atout.documents.rendering import cv as cv_rendering
from atout.documents.rendering import engine
from atout.documents.rendering import passport as passport_rendering
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


# --- A refresh with unchanged inputs compiles nothing (previews.cached_pages) ---------------


class Spy:
    """A render callable that counts its calls."""

    def __init__(self, *pages: bytes) -> None:
        self.pages = list(pages)
        self.calls = 0

    def __call__(self) -> list[bytes]:
        self.calls += 1
        return self.pages


def test_same_inputs_render_once():
    render = Spy(b"page one", b"page two")
    first = previews.cached_pages("kind", 1, "inputs", render)
    assert previews.cached_pages("kind", 1, "inputs", render) == first
    assert render.calls == 1
    assert first == [previews.page_digest(b"page one"), previews.page_digest(b"page two")]


def test_changed_inputs_render_again():
    render = Spy(b"page")
    previews.cached_pages("kind", 1, "inputs", render)
    previews.cached_pages("kind", 1, "other-inputs", render)
    assert render.calls == 2


def test_an_evicted_page_renders_again():
    render = Spy(b"page one", b"page two")
    digests = previews.cached_pages("kind", 1, "inputs", render)
    cache.delete(previews._key("kind", 1, digests[1]))
    assert previews.cached_pages("kind", 1, "inputs", render) == digests
    assert render.calls == 2
    assert cache.get(previews._key("kind", 1, digests[1])) == (1, b"page two")


def test_one_files_pages_never_answer_for_another_file():
    previews.cached_pages("kind", 1, "inputs", Spy(b"file one"))
    render = Spy(b"file two")
    assert previews.cached_pages("kind", 2, "inputs", render) == [previews.page_digest(b"file two")]
    assert render.calls == 1
    # Even an entry planted under the other file's key is refused (pk checked on read).
    digests = previews.cached_pages("kind", 1, "planted", Spy(b"file one"))
    cache.set(previews._inputs_key("kind", 3, "planted"), (1, digests))
    render = Spy(b"file three")
    assert previews.cached_pages("kind", 3, "planted", render) == [
        previews.page_digest(b"file three")
    ]
    assert render.calls == 1


def test_nothing_rendered_is_not_remembered():
    render = Spy()
    assert previews.cached_pages("kind", 1, "inputs", render) == []
    previews.cached_pages("kind", 1, "inputs", render)
    assert render.calls == 2


def test_inputs_digest_covers_every_input():
    base = {"template": "passport.typ", "data": {"a": 1}, "files": {"logo.svg": b"<svg/>"}}

    def digest(**changes):
        args = {**base, "fmt": "png", "ppi": 60, **changes}
        return engine.inputs_digest(args.pop("template"), args.pop("data"), **args)

    same = digest()
    assert digest() == same
    for changed in (
        digest(template="cv.typ"),
        digest(data={"a": 2}),
        digest(files={"logo.svg": b"<svg />"}),
        digest(files={"logo.png": b"<svg/>"}),
        digest(fmt="pdf"),
        digest(ppi=72),
        digest(extra="compact"),
    ):
        assert changed != same


@pytest.fixture
def compiles(monkeypatch):
    """Counts Typst compiles of the passport and the CV."""
    calls = []
    real = engine.render_typst

    def counting(template, *args, **kwargs):
        calls.append(f"{template} {kwargs.get('fmt', 'pdf')}")
        return real(template, *args, **kwargs)

    monkeypatch.setattr(passport_rendering, "render_typst", counting)
    monkeypatch.setattr(cv_rendering, "render_typst", counting)
    return calls


def test_a_second_passport_preview_compiles_nothing(
    client_for, counsellor, participant, passport, compiles
):
    client = client_for(counsellor)
    urls = image_urls(preview_html(client, participant))
    assert compiles == ["passport.typ png"]
    assert image_urls(preview_html(client, participant)) == urls
    assert compiles == ["passport.typ png"]
    for url in urls:
        assert_png(client.get(url))
    assert compiles == ["passport.typ png"]


def test_a_changed_passport_compiles_again(client_for, counsellor, participant, passport, compiles):
    client = client_for(counsellor)
    urls = image_urls(preview_html(client, participant))
    type(passport).objects.filter(pk=passport.pk).update(objective_fr="Cuisinière de jour")
    changed = image_urls(preview_html(client, participant))
    assert compiles == ["passport.typ png", "passport.typ png"]
    assert changed != urls


def test_a_second_cv_preview_compiles_nothing(
    client_for, counsellor, participant, passport, compiles
):
    client = client_for(counsellor)
    urls = image_urls(cv_html(client, participant))
    previews_compiled = compiles.count("cv.typ png")
    assert previews_compiled >= 1
    first_view = list(compiles)
    assert image_urls(cv_html(client, participant)) == urls
    # Neither the preview images nor the PDF (its warnings come from the remembered layout).
    assert compiles == first_view
