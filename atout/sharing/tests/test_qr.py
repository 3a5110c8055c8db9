"""QR codes to a share link on the business cards and the CV, chosen when printing."""

import os

import pytest
import segno
from django.urls import reverse

from atout.documents.rendering.cards import LAYOUTS, render_business_cards
from atout.documents.rendering.qr import qr_svg
from atout.sharing import selectors, services

pytestmark = pytest.mark.django_db

CONTENT = {
    "languages": "fr",
    "given_names": "Émilie",
    "family_name": "Gagnon",
    "objective": {"fr": "Commis d’épicerie de jour", "en": ""},
    "competencies": [{"title": {"fr": "Travailler en équipe", "en": ""}}],
    "contact": {"email": "emilie.gagnon@exemple.ca"},
    "logo": {"builtin": "", "uploaded": False},
}


def _keep(name: str, content: bytes) -> None:
    """Keep a rendered PDF for a human to look at, when ATOUT_SHOTS=1."""
    if os.environ.get("ATOUT_SHOTS") == "1":
        with open(f"/tmp/{name}", "wb") as handle:  # noqa: S108
            handle.write(content)


def test_qr_svg_holds_the_url_modules():
    url = "https://atout.example.org/p/" + "A" * 43 + "/"
    svg = qr_svg(url)
    assert svg.startswith(b"<svg") and b"<script" not in svg
    assert qr_svg(url) == svg  # deterministic: the same link prints the same code
    assert segno.make(url, error="m", micro=False).version <= 5


@pytest.mark.parametrize("url", ['#set page(width: 1pt)"', "x" * 300, "\u202eevil"])
def test_hostile_url_is_data_not_typst_source(url):
    layout = next(iter(LAYOUTS.values()))
    document, _w = render_business_cards(
        CONTENT, lang="fr", variant="copy", layout=layout, qr_url=url
    )
    assert document.content.startswith(b"%PDF")


def test_cards_print_a_chosen_link_as_qr(client_for, counsellor, link_and_token):
    link, _token = link_and_token
    participant = link.participant
    client = client_for(counsellor)
    url = reverse("cards:pdf", kwargs={"pk": participant.pk})
    page = client.get(reverse("cards:participant", kwargs={"pk": participant.pk}))
    assert f'value="{link.pk}"' in page.content.decode()
    plain = client.get(url, {"lang": "fr"})
    with_qr = client.get(url, {"lang": "fr", "qr_link": link.pk})
    assert plain.status_code == with_qr.status_code == 200
    assert with_qr.content != plain.content
    _keep("sharing-cards-qr.pdf", with_qr.content)
    printed = client.post(url, {"lang": "fr", "variant": "colour", "qr_link": link.pk})
    assert printed.status_code == 303 and f"qr_link={link.pk}" in printed["Location"]


def test_cards_refuse_a_revoked_or_foreign_link(client_for, counsellor, link_and_token):
    link, _token = link_and_token
    services.share_link_revoke(link=link, actor=counsellor)
    url = reverse("cards:pdf", kwargs={"pk": link.participant_id})
    assert client_for(counsellor).get(url, {"qr_link": link.pk}).status_code == 422
    assert client_for(counsellor).get(url, {"qr_link": "987654"}).status_code == 422


def test_cv_prints_a_chosen_link_as_qr(client_for, counsellor, link_and_token):
    link, _token = link_and_token
    client = client_for(counsellor)
    url = reverse("resumes:document", kwargs={"pk": link.participant_id})
    plain = client.get(url, {"format": "pdf"})
    with_qr = client.get(url, {"format": "pdf", "qr_link": link.pk})
    assert plain.status_code == with_qr.status_code == 200
    assert with_qr.content != plain.content
    _keep("sharing-cv-qr.pdf", with_qr.content)
    # Another file's link, or nonsense, prints no code.
    ignored = client.get(url, {"format": "pdf", "qr_link": "<script>"})
    assert ignored.status_code == 200


def test_only_active_links_with_a_known_url_are_offered(link_and_token, counsellor, settings):
    link, _token = link_and_token
    assert [pk for pk, _label in selectors.share_link_choices(link.participant)] == [str(link.pk)]
    settings.SECRET_KEY = "rotated-" + "y" * 50
    assert selectors.share_link_choices(link.participant) == []
