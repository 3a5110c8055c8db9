"""The employer's page (one 404 for every failure, headers, logging) and the management page."""

import io
import secrets
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atout.participants import services as participant_services
from atout.participants.models import Audience, ContactField
from atout.privacy.models import AccessLogEntry
from atout.sharing import services
from atout.sharing.models import ShareLink, ShareLinkView

pytestmark = pytest.mark.django_db

PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"


def _url(token: str) -> str:
    return reverse("sharing:public", kwargs={"token": token})


def _random_token() -> str:
    return secrets.token_urlsafe(32)


def test_public_page_shows_the_approved_passport(link_and_token):
    _link, token = link_and_token
    response = Client().get(_url(token), HTTP_USER_AGENT=PHONE_UA)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Émilie" in body and "Commis d’épicerie de jour" in body
    assert "418 555-0142" in body
    assert "418 555-0199" not in body  # no employer consent for the home phone
    assert "Épicerie Roy" not in body  # the label is for the person only
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert response["X-Robots-Tag"].startswith("noindex")
    assert response["Referrer-Policy"] == "no-referrer"
    assert "Content-Security-Policy" in response
    assert not response.cookies
    assert "http://" not in body.replace("http://www.w3.org", "")  # no third-party resource


def test_each_view_is_counted_with_a_coarse_device(link_and_token):
    link, token = link_and_token
    Client().get(_url(token), HTTP_USER_AGENT=PHONE_UA)
    view = ShareLinkView.objects.get(link=link)
    assert (view.agent, view.what) == ("phone", "page")
    entry = AccessLogEntry.objects.get(participant=link.participant)
    assert (entry.action, entry.user, entry.reader_role) == ("shared_link_read", None, "employer")


def test_passport_pdf_is_the_stored_version_byte_for_byte(link_and_token, approved):
    _link, token = link_and_token
    response = Client().get(
        reverse("sharing:public_document", kwargs={"token": token, "what": "passport"})
    )
    assert response.status_code == 200
    stored = approved.documents.get(lang="fr", variant="colour")
    with stored.file.open("rb") as handle:
        assert response.content == handle.read()
    assert response["X-Robots-Tag"].startswith("noindex")
    assert ShareLinkView.objects.filter(what="passport").count() == 1


def test_passport_pdf_is_offered_while_the_worker_has_not_made_it_yet(link_and_token, approved):
    import pdfplumber

    _link, token = link_and_token
    approved.documents.all().delete()
    type(approved).objects.filter(pk=approved.pk).update(documents_status="pending")
    assert b"passport.pdf" in Client().get(_url(token)).content
    response = Client().get(
        reverse("sharing:public_document", kwargs={"token": token, "what": "passport"})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "418 555-0142" in text and "418 555-0199" not in text  # consented fields only


def test_cv_not_offered_when_not_included_or_not_approved(link_and_token):
    _link, token = link_and_token
    for what in ("cv", "portfolio", "other"):
        url = reverse("sharing:public_document", kwargs={"token": token, "what": what})
        assert Client().get(url).status_code == 404


def _unavailable_bodies(link_and_token, coded, counsellor) -> dict[str, bytes]:
    link, token = link_and_token
    clean = Client()
    bodies = {}
    bodies["unknown"] = clean.get(_url(_random_token()))
    bodies["malformed"] = clean.get(_url("abc"))
    bodies["unknown pdf"] = clean.get(
        reverse("sharing:public_document", kwargs={"token": _random_token(), "what": "passport"})
    )
    coded_link, coded_token = coded
    bodies["wrong code"] = clean.post(_url(coded_token), {"code": "rose"})
    bodies["code pdf without access"] = clean.get(
        reverse("sharing:public_document", kwargs={"token": coded_token, "what": "passport"})
    )
    bodies["post to unknown"] = clean.post(_url(_random_token()), {"code": "tulipe42"})
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    bodies["expired"] = clean.get(_url(token))
    other, other_token = services.share_link_create(
        participant=link.participant, actor=counsellor, days=5
    )
    services.share_link_revoke(link=other, actor=counsellor)
    bodies["revoked"] = clean.get(_url(other_token))
    return bodies


def test_every_failure_is_the_same_404(link_and_token, coded, counsellor):
    bodies = _unavailable_bodies(link_and_token, coded, counsellor)
    statuses = {name: r.status_code for name, r in bodies.items()}
    assert set(statuses.values()) == {404}, statuses
    contents = {r.content for r in bodies.values()}
    assert len(contents) == 1
    assert not any(r.cookies for r in bodies.values())
    assert all(r["Referrer-Policy"] == "no-referrer" for r in bodies.values())


def test_nothing_approved_any_more_is_the_same_404(link_and_token, counsellor):
    _link, token = link_and_token
    unknown = Client().get(_url(_random_token())).content
    participant_services.consent_set(
        participant=link_and_token[0].participant,
        actor=counsellor,
        decisions={(ContactField.EMAIL, Audience.EMPLOYER): False},
    )
    response = Client().get(_url(token))
    assert (response.status_code, response.content) == (404, unknown)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(alphabet=st.characters(codec="ascii", exclude_characters="/?#%"), max_size=80))
def test_random_tokens_are_404_with_identical_bodies(link_and_token, token):
    reference = Client().get(_url(_random_token()))
    if not token.strip() or token in (".", ".."):
        return
    from urllib.parse import quote

    response = Client().get(f"/p/{quote(token, safe='')}/")
    assert response.status_code == 404
    if response.resolver_match and response.resolver_match.url_name == "public":
        assert response.content == reference.content


def test_code_form_then_right_code_then_pdf_by_post(coded, approved):
    link, token = coded
    client = Client()
    page = client.get(_url(token))
    assert page.status_code == 200
    assert "Commis" not in page.content.decode()
    assert 'name="code"' in page.content.decode()
    assert not ShareLinkView.objects.exists()
    opened = client.post(_url(token), {"code": "tulipe42"})
    assert opened.status_code == 200
    assert "Commis d’épicerie de jour" in opened.content.decode()
    assert not opened.cookies
    body = opened.content.decode()
    access = body.split('name="access" value="', 1)[1].split('"', 1)[0]
    url = reverse("sharing:public_document", kwargs={"token": token, "what": "passport"})
    pdf = client.post(url, {"access": access, "lang": "fr"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.post(url, {"access": access + "x"}).status_code == 404
    # An access token is bound to its link.
    other, other_token = services.share_link_create(
        participant=link.participant, actor=link.created_by, code="tulipe42"
    )
    other_url = reverse(
        "sharing:public_document", kwargs={"token": other_token, "what": "passport"}
    )
    assert client.post(other_url, {"access": access}).status_code == 404


def test_throttled_code_answers_like_a_wrong_one(coded):
    _link, token = coded
    client = Client()
    wrong = [client.post(_url(token), {"code": "rose"}) for _ in range(services.CODE_ATTEMPTS)]
    right = client.post(_url(token), {"code": "tulipe42"})
    assert right.status_code == 404
    assert right.content == wrong[0].content


# --- Management -----------------------------------------------------------------------------


def test_participant_makes_a_link_and_sees_its_address(client_for, participant_user, approved):
    participant = approved.participant
    client = client_for(participant_user)
    url = reverse("sharing:links", kwargs={"pk": participant.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"label": "Boulangerie", "days": "14", "code": ""})
    assert response.status_code == 302
    link = ShareLink.objects.get()
    assert not link.on_behalf and link.label == "Boulangerie"
    page = client.get(url).content.decode()
    assert "/p/" in page and "Boulangerie" in page
    entry = AccessLogEntry.objects.filter(action="view_share_links").first()
    assert entry is not None and entry.participant == participant


def test_invalid_form_keeps_what_was_typed(client_for, counsellor, approved):
    url = reverse("sharing:links", kwargs={"pk": approved.participant_id})
    response = client_for(counsellor).post(url, {"label": "Garage Tremblay", "days": "999"})
    assert response.status_code == 422
    assert "Garage Tremblay" in response.content.decode()
    assert not ShareLink.objects.exists()


def test_link_without_approved_passport_is_refused_with_422(client_for, counsellor, participant):
    url = reverse("sharing:links", kwargs={"pk": participant.pk})
    response = client_for(counsellor).post(url, {"days": "30"})
    assert response.status_code == 422
    assert not ShareLink.objects.exists()


def test_counsellor_revokes_and_the_link_stops(client_for, counsellor, link_and_token):
    link, token = link_and_token
    response = client_for(counsellor).post(reverse("sharing:revoke", kwargs={"pk": link.pk}))
    assert response.status_code == 302
    assert Client().get(_url(token)).status_code == 404


def test_outsider_gets_404(client_for, outsider, link_and_token):
    link, _token = link_and_token
    client = client_for(outsider)
    assert (
        client.get(reverse("sharing:links", kwargs={"pk": link.participant_id})).status_code == 404
    )
    assert client.post(reverse("sharing:revoke", kwargs={"pk": link.pk})).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


# --- Command line ---------------------------------------------------------------------------


def test_share_link_command_prints_a_working_url(approved, settings, capsys):
    settings.ATOUT_PUBLIC_BASE_URL = "https://atout.example.org/"
    call_command("share_link", str(approved.participant_id), "--days", "7")
    url = capsys.readouterr().out.strip()
    assert url.startswith("https://atout.example.org/p/")
    path = url.removeprefix("https://atout.example.org")
    assert Client().get(path).status_code == 200
    link = ShareLink.objects.get()
    assert link.on_behalf and link.created_by is None
    assert timedelta(days=6) < link.expires_at - timezone.now() <= timedelta(days=7)


def test_share_link_command_by_email(approved, capsys):
    call_command("share_link", "--participant", "emilie.gagnon@exemple.ca")
    assert "/p/" in capsys.readouterr().out


def test_share_link_command_refuses_unapproved_and_bad_args(participant):
    with pytest.raises(CommandError):
        call_command("share_link", str(participant.pk))
    with pytest.raises(CommandError):
        call_command("share_link")
    with pytest.raises(CommandError):
        call_command("share_link", "987654")


def test_a_refused_token_never_reaches_the_logs(coded, caplog):
    _link, token = coded
    with caplog.at_level("DEBUG"):
        Client().post(_url(token), {"code": "rose"})
        Client().get(_url(_random_token()))
    assert token not in caplog.text
    assert "/p/" not in caplog.text


def test_head_is_not_counted(link_and_token):
    _link, token = link_and_token
    assert Client().head(_url(token)).status_code == 200
    assert not ShareLinkView.objects.exists()


def test_included_cv_and_portfolio_are_their_approved_versions(
    approved, participant_user, counsellor
):
    from atout.portfolios import services as portfolio_services
    from atout.resumes import services as resume_services

    participant = approved.participant
    resume_services.cv_approve(participant=participant, actor=counsellor, in_person=True)
    portfolio_services.portfolio_approve(participant=participant, actor=counsellor, in_person=True)
    _link, token = services.share_link_create(
        participant=participant, actor=participant_user, include_cv=True, include_portfolio=True
    )
    page = Client().get(_url(token)).content.decode()
    assert 'href="cv.pdf?lang=fr"' in page and 'href="portfolio.pdf?lang=fr"' in page
    for what in ("cv", "portfolio"):
        url = reverse("sharing:public_document", kwargs={"token": token, "what": what})
        response = Client().get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), what
    kinds = set(ShareLinkView.objects.values_list("what", flat=True))
    assert kinds == {"page", "cv", "portfolio"}


def test_a_bilingual_passport_reads_in_either_language(approved, participant_user, counsellor):
    from atout.passports import services as passport_services
    from atout.passports.models import Passport

    passport = Passport.objects.get(participant=approved.participant)
    passport = passport_services.passport_update(
        passport=passport,
        actor=counsellor,
        data={"languages": "both", "objective_en": "Day-shift grocery clerk"},
        expected_version=None,
    )
    passport_services.passport_approve(passport=passport, actor=counsellor, in_person=True)
    _link, token = services.share_link_create(
        participant=approved.participant, actor=participant_user
    )
    french = Client().get(_url(token)).content.decode()
    english = Client().get(_url(token), {"lang": "en"}).content.decode()
    assert "Commis d’épicerie de jour" in french and 'href="?lang=en"' in french
    assert "Day-shift grocery clerk" in english
    assert 'class="shared-document" lang="en-CA"' in english


def test_the_person_sees_the_employer_read_in_their_access_log(link_and_token, participant_user):
    from atout.privacy.selectors import reads_of_own_file

    _link, token = link_and_token
    Client().get(_url(token))
    (read,) = reads_of_own_file(user=participant_user).object_list
    assert read.organisation == ""
    assert read.role and read.role != "Administration de la plateforme Atout"


def test_the_file_history_names_the_employer_reader(link_and_token, client_for, org_admin):
    link, token = link_and_token
    Client().get(_url(token))
    history = client_for(org_admin).get(
        reverse("participants:history", kwargs={"pk": link.participant_id})
    )
    assert history.status_code == 200
    assert "An employer (share link)" in history.content.decode() or "Un employeur" in (
        history.content.decode()
    )
