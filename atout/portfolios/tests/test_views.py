"""The portfolio page: selection without JavaScript, approval by the participant or in
person, printing, the PDFs, conflicts, and consent withdrawal."""

import pytest
from django.urls import reverse

from atout.documents.kinds import DocumentState
from atout.evidence.tests.factories import AchievementFactory, ExperienceFactory
from atout.participants.models import Audience
from atout.participants.services import consent_set
from atout.portfolios.models import Portfolio
from atout.portfolios.tests.conftest import attachment_with, jpeg_bytes
from atout.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(participant):
    achievement = AchievementFactory(participant=participant, situation_fr="Histoire du marché")
    photo = attachment_with(participant, jpeg_bytes(320, 240), description="Mon kiosque")
    achievement.proofs.add(photo)
    return achievement, photo


def _page(pk):
    return reverse("portfolios:page", args=[pk])


def test_counsellor_sees_the_selection_with_thumbnails(client_for, counsellor, participant, story):
    achievement, photo = story
    response = client_for(counsellor).get(_page(participant.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{achievement.pk}"' in html
    assert reverse("participants:attachment_download", args=[photo.pk]) in html
    assert AccessLogEntry.objects.filter(
        participant=participant, action=AccessLogEntry.Action.VIEW_PORTFOLIO
    ).exists()


def test_unticking_saves_the_selection(client_for, counsellor, participant, story):
    achievement, photo = story
    experience = ExperienceFactory(participant=participant)
    data = {
        "cover_title": "Mon parcours",
        "cover_subtitle": "",
        "language": "fr",
        "version": "",
        "include_achievement": [str(achievement.pk)],
        # the photo and the experience are unticked
    }
    response = client_for(counsellor).post(_page(participant.pk), data)
    assert response.status_code == 302
    portfolio = Portfolio.objects.get(participant=participant)
    assert portfolio.cover_title == "Mon parcours"
    assert portfolio.left_out("proof") == {photo.pk}
    assert portfolio.left_out("experience") == {experience.pk}
    assert portfolio.left_out("achievement") == set()


def test_foreign_or_malformed_ids_change_nothing(client_for, counsellor, participant, story):
    achievement, _photo = story
    data = {
        "cover_title": "",
        "cover_subtitle": "",
        "language": "fr",
        "include_achievement": ["abc", "-1", "9" * 40, "987654"],
        "include_proof": ["<script>"],
    }
    response = client_for(counsellor).post(_page(participant.pk), data)
    assert response.status_code == 302
    # Only ids the file offers are recorded (here: both left out, as nothing valid was ticked).
    assert Portfolio.objects.get(participant=participant).left_out("achievement") == {
        achievement.pk
    }


@pytest.mark.parametrize("value", ["x" * 121, "a\x07b", "\x00"])
def test_invalid_cover_is_422_and_keeps_the_ticks(
    client_for, counsellor, participant, story, value
):
    achievement, _photo = story
    data = {"cover_title": value, "cover_subtitle": "", "language": "fr"}
    response = client_for(counsellor).post(_page(participant.pk), data)
    assert response.status_code == 422
    assert not Portfolio.objects.filter(participant=participant).exists()
    # The story was unticked in the refused form: it shows unticked again.
    assert f'id="ach-{achievement.pk}" checked' not in response.content.decode()


def test_stale_version_is_a_conflict(client_for, counsellor, participant, story):
    client = client_for(counsellor)
    base = {"cover_title": "", "cover_subtitle": "", "language": "fr"}
    client.post(_page(participant.pk), {**base, "cover_title": "Un"})
    version = Portfolio.objects.get(participant=participant).version
    client.post(_page(participant.pk), {**base, "cover_title": "Deux", "version": version})
    response = client.post(
        _page(participant.pk), {**base, "cover_title": "Trois", "version": version}
    )
    assert response.status_code == 409
    assert Portfolio.objects.get(participant=participant).cover_title == "Deux"


def test_participant_approves_then_counsellor_prints(
    client, counsellor, participant, participant_user, story
):
    client.force_login(participant_user)
    page = client.get(_page(participant.pk))
    assert page.status_code == 200
    assert "include_achievement" not in page.content.decode()  # the person does not edit
    response = client.post(reverse("portfolios:approve", args=[participant.pk]))
    assert response.status_code == 302
    portfolio = Portfolio.objects.get(participant=participant)
    assert portfolio.state == DocumentState.APPROVED
    assert portfolio.approved_by == participant_user and not portfolio.approved_in_person
    pdf = client.get(reverse("portfolios:approved_document", args=[participant.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # The person cannot mark it printed; the counsellor can.
    assert client.post(reverse("portfolios:printed", args=[participant.pk])).status_code == 403
    client.force_login(counsellor)
    client.post(reverse("portfolios:printed", args=[participant.pk]))
    portfolio.refresh_from_db()
    assert portfolio.state == DocumentState.PRINTED and portfolio.printed_at


def test_counsellor_records_approval_in_person_but_cannot_approve_for_the_person(
    client_for, counsellor, participant, story
):
    client = client_for(counsellor)
    assert client.post(reverse("portfolios:approve", args=[participant.pk])).status_code == 403
    client.post(reverse("portfolios:submit", args=[participant.pk]))
    assert Portfolio.objects.get(participant=participant).state == DocumentState.READY
    client.post(reverse("portfolios:approve_in_person", args=[participant.pk]))
    portfolio = Portfolio.objects.get(participant=participant)
    assert portfolio.state == DocumentState.APPROVED and portfolio.approved_in_person
    assert portfolio.approved_payload["sections"]


def test_an_edit_after_approval_needs_approval_again(client_for, counsellor, participant, story):
    client = client_for(counsellor)
    client.post(reverse("portfolios:approve_in_person", args=[participant.pk]))
    portfolio = Portfolio.objects.get(participant=participant)
    data = {
        "cover_title": "Autre titre",
        "cover_subtitle": "",
        "language": "fr",
        "version": portfolio.version,
    }
    client.post(_page(participant.pk), data)
    portfolio.refresh_from_db()
    assert portfolio.state == DocumentState.DRAFT and portfolio.approved_payload is None
    # Before approval, the approved PDF leads back to the page.
    response = client.get(reverse("portfolios:approved_document", args=[participant.pk]))
    assert response.status_code == 302


def test_draft_pdf_is_marked_as_a_draft(client_for, counsellor, participant, story):
    response = client_for(counsellor).get(
        reverse("portfolios:draft_document", args=[participant.pk])
    )
    assert response.status_code == 200
    assert "brouillon" in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(
        participant=participant, action=AccessLogEntry.Action.PORTFOLIO_DRAFT_DOCUMENT
    ).exists()


def test_marking_printed_before_approval_is_refused(client_for, counsellor, participant, story):
    client = client_for(counsellor)
    response = client.post(reverse("portfolios:printed", args=[participant.pk]), follow=True)
    assert response.status_code == 200
    assert not Portfolio.objects.filter(participant=participant, printed_at__isnull=False).exists()


def test_withdrawn_consent_sends_an_approved_portfolio_back_for_approval(
    client_for, counsellor, participant, story
):
    consent_set(
        participant=participant, actor=counsellor, decisions={("email", Audience.EMPLOYER): True}
    )
    client_for(counsellor).post(reverse("portfolios:approve_in_person", args=[participant.pk]))
    portfolio = Portfolio.objects.get(participant=participant)
    assert [c["field"] for c in portfolio.approved_payload["contact"]] == ["email"]
    consent_set(
        participant=participant, actor=counsellor, decisions={("email", Audience.EMPLOYER): False}
    )
    portfolio.refresh_from_db()
    assert portfolio.state == DocumentState.REAPPROVAL
    assert portfolio.approved_payload is None
    assert portfolio.reapproval_fields == ["email"]
    page = client_for(counsellor).get(_page(participant.pk)).content.decode()
    assert "status--reapproval" in page


def test_withdrawn_consent_for_a_detail_not_shown_changes_nothing(counsellor, participant, story):
    from atout.portfolios import services

    consent_set(
        participant=participant, actor=counsellor, decisions={("email", Audience.EMPLOYER): True}
    )
    services.portfolio_approve(participant=participant, actor=counsellor, in_person=True)
    consent_set(
        participant=participant, actor=counsellor, decisions={("email", Audience.CLE): False}
    )
    assert Portfolio.objects.get(participant=participant).state == DocumentState.APPROVED


def test_outsider_gets_404(client_for, outsider, participant, story):
    assert client_for(outsider).get(_page(participant.pk)).status_code == 404
