"""Participations in a real browser: the counsellor's page, the person's steps, the CLE's
follow-up and the feedback report sent and acknowledged, with axe at phone and desk widths."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from atout.participations import services
from atout.participations.models import Activity, FeedbackReport, Participation
from atout.participations.tests.factories import AgreementFactory, participation_for
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.conftest import axe_violations as _axe
from tests.browser.conftest import log_in_with_cookie as _log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_participation_pages_and_feedback(
    new_context,
    live_server,
    counsellor,
    cle_agent,
    participant,
    participant_user,
    cle,
    axe_source,
):
    participation = participation_for(
        participant, actor=counsellor, status=Participation.Status.IN_PROGRESS
    )
    AgreementFactory(cle=cle, organisation=participant.organisation)
    services.activity_add(
        actor=counsellor,
        participation=participation,
        data={"kind": Activity.Kind.INDIVIDUAL, "on": timezone.localdate(), "minutes": 90,
              "attended": True, "note": "Bilan des expériences."},
    )  # fmt: skip
    base = f"{live_server.url}/participations/{participation.pk}/"

    def look(page, name):
        screenshot(page, f"participation-{name}")
        assert _axe(page, axe_source) == [], name

    staff = new_context(viewport=DESKTOP)
    _log_in(staff, live_server, counsellor)
    page = staff.new_page()
    page.goto(base)
    expect(page.locator("h1")).to_contain_text(participant.given_names)
    look(page, "detail")
    page.goto(f"{base}mobilisation/")
    look(page, "mobilisation-staff")
    page.goto(base)
    page.locator("#move_note").fill("")
    page.locator("button[name=to][value=completed]").click()
    expect(page.locator(".messages")).to_be_visible()
    participation.refresh_from_db()
    assert participation.status == Participation.Status.COMPLETED
    page.goto(f"{base}retroinformation/")
    look(page, "feedback-form")
    page.locator("#id_outcome").select_option("job_search")
    page.locator("form.form button.button--secondary").first.click()
    expect(page.locator(".messages")).to_be_visible()
    page.locator("form[action$='envoi/'] button").click()
    expect(page.locator(".messages")).to_be_visible()
    assert FeedbackReport.objects.get().status == FeedbackReport.Status.SENT
    look(page, "feedback-sent")

    follower = new_context(viewport=DESKTOP)
    _log_in(follower, live_server, cle_agent)
    page = follower.new_page()
    page.goto(f"{live_server.url}/participations/suivies/")
    look(page, "followed")
    page.goto(base)
    assert "Bilan des expériences." not in page.content()
    look(page, "detail-cle")
    page.goto(f"{base}retroinformation/")
    page.locator("form[action$='accuse-reception/'] button").click()
    expect(page.locator(".messages")).to_be_visible()
    assert FeedbackReport.objects.get().status == FeedbackReport.Status.ACKNOWLEDGED

    person = new_context(viewport=PHONE)
    _log_in(person, live_server, participant_user)
    page = person.new_page()
    page.goto(f"{live_server.url}/dossiers/mon-dossier/")
    look(page, "my-file")
    page.goto(f"{base}mobilisation/")
    look(page, "mobilisation-person")

    page = staff.new_page()
    page.goto(f"{live_server.url}/participations/dossier/{participant.pk}/demarrer/")
    look(page, "start")
