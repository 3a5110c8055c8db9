import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atout.accounts.models import Role
from atout.accounts.tests.factories import CleFactory, OrganisationFactory, member
from atout.participants.tests.factories import ParticipantFactory
from atout.participations.models import Participation
from atout.referrals.models import ServiceAgreement, ServiceRequest
from atout.referrals.tests.factories import AgreementFactory, RequestFactory, sent_request

pytestmark = pytest.mark.django_db
Status = ServiceRequest.Status


@pytest.fixture
def agreement(cle, organisation):
    return AgreementFactory(cle=cle, organisation=organisation)


def form_data(agreement, **fields):
    today = timezone.localdate()
    data = {
        "agreement": agreement.pk,
        "given_names": "Karine",
        "family_name": "Lapointe",
        "preferred_language": "fr",
        "email": "karine@exemple.ca",
        "phone": "418 555-0177",
        "postal_code": "g1k 3a9",
        "objective_kind": "broad",
        "objective": "Le commerce de détail",
        "in_public_measures": "on",
        "without_job": "on",
        "ready_to_search": "on",
        "has_objective": "on",
        "reason": "hidden_transfer",
        "income_support": "employment_insurance",
        "entry_route": "multiservice_room",
        "expected_start": (today + datetime.timedelta(days=7)).isoformat(),
        "expected_end": (today + datetime.timedelta(days=60)).isoformat(),
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def test_the_agent_saves_a_draft_then_sends_it(client_for, cle_agent, agreement):
    client = client_for(cle_agent)
    assert client.get(reverse("referrals:create")).status_code == 200
    response = client.post(reverse("referrals:create"), form_data(agreement))
    request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert (request.status, request.organisation, request.postal_code) == (
        Status.DRAFT,
        agreement.organisation,
        "G1K 3A9",
    )
    response = client.post(reverse("referrals:send", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == Status.SENT
    page = client.get(reverse("referrals:detail", args=[request.pk]))
    assert page.status_code == 200
    assert "Karine" in page.content.decode()


def test_save_and_send_in_one_step(client_for, cle_agent, agreement):
    client = client_for(cle_agent)
    client.post(reverse("referrals:create"), form_data(agreement, then="send"))
    assert ServiceRequest.objects.get().status == Status.SENT


def test_an_invalid_form_is_shown_again_with_what_was_typed(client_for, cle_agent, agreement):
    response = client_for(cle_agent).post(
        reverse("referrals:create"), form_data(agreement, objective="", expected_end="2000-01-01")
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Ce champ est obligatoire." in html
    assert 'value="Lapointe"' in html
    assert not ServiceRequest.objects.exists()


def test_an_ineligible_draft_is_saved_but_not_sent(client_for, cle_agent, agreement):
    client = client_for(cle_agent)
    response = client.post(
        reverse("referrals:create"), form_data(agreement, without_job=None, then="send")
    )
    request = ServiceRequest.objects.get()
    assert request.status == Status.DRAFT
    assert response["Location"] == reverse("referrals:edit", args=[request.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "eligibility" in page.content.decode() or "admissib" in page.content.decode()


def test_only_current_agreements_of_the_cle_are_offered(client_for, cle_agent, agreement):
    old = AgreementFactory(
        cle=agreement.cle, starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 2, 1)
    )
    foreign = AgreementFactory()
    html = client_for(cle_agent).get(reverse("referrals:create")).content.decode()
    assert agreement.organisation.name in html
    assert old.organisation.name not in html
    assert foreign.organisation.name not in html
    response = client_for(cle_agent).post(reverse("referrals:create"), form_data(foreign))
    assert response.status_code == 422


def test_duplicates_are_shown_before_saving(client_for, cle, cle_agent, agreement, organisation):
    known = ParticipantFactory(
        organisation=organisation, referring_cle=cle, given_names="Karine", family_name="La Pointe"
    )
    client = client_for(cle_agent)
    response = client.post(reverse("referrals:create"), form_data(agreement))
    assert response.status_code == 422
    assert f'value="link:{known.pk}"' in response.content.decode()
    assert not ServiceRequest.objects.exists()
    response = client.post(
        reverse("referrals:create"), form_data(agreement, duplicate_choice=f"link:{known.pk}")
    )
    assert response.status_code == 302
    assert ServiceRequest.objects.get().participant == known


def test_a_different_person_is_recorded(client_for, cle, cle_agent, agreement, organisation):
    known = ParticipantFactory(
        organisation=organisation, referring_cle=cle, email="karine@exemple.ca"
    )
    client = client_for(cle_agent)
    client.post(reverse("referrals:create"), form_data(agreement, duplicate_choice="different"))
    request = ServiceRequest.objects.get()
    assert request.participant is None
    assert str(known.pk) in request.duplicate_note


def test_an_earlier_request_is_a_possible_duplicate(client_for, cle_agent, agreement):
    earlier = RequestFactory(
        agreement=agreement, agent=cle_agent, given_names="Karine", family_name="Lapointe"
    )
    response = client_for(cle_agent).post(reverse("referrals:create"), form_data(agreement))
    assert response.status_code == 422
    assert reverse("referrals:detail", args=[earlier.pk]) in response.content.decode()


def test_the_organisation_accepts_from_its_inbox(client_for, counsellor, cle_agent, agreement):
    request = sent_request(agreement=agreement, agent=cle_agent)
    client = client_for(counsellor)
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert reverse("referrals:detail", args=[request.pk]) in inbox
    assert client.get(reverse("referrals:accept", args=[request.pk])).status_code == 200
    response = client.post(
        reverse("referrals:accept", args=[request.pk]),
        {"counsellor": counsellor.pk, "first_meeting_at": "2026-12-03T09:30"},
    )
    assert response.status_code == 302
    participation = Participation.objects.get()
    assert participation.request == request
    assert participation.counsellor == counsellor


def test_accept_asks_about_a_possible_duplicate(client_for, counsellor, cle_agent, agreement):
    known = ParticipantFactory(
        organisation=agreement.organisation, given_names="Ahmed", family_name="Benali"
    )
    request = sent_request(agreement=agreement, agent=cle_agent)
    client = client_for(counsellor)
    response = client.post(
        reverse("referrals:accept", args=[request.pk]), {"counsellor": counsellor.pk}
    )
    assert response.status_code == 422
    assert not Participation.objects.exists()
    response = client.post(
        reverse("referrals:accept", args=[request.pk]),
        {"counsellor": counsellor.pk, "file": str(known.pk)},
    )
    assert response.status_code == 302
    assert Participation.objects.get().participant == known


def test_decline_needs_a_reason_then_hides_the_request(
    client_for, counsellor, cle_agent, agreement
):
    request = sent_request(agreement=agreement, agent=cle_agent)
    client = client_for(counsellor)
    response = client.post(reverse("referrals:decline", args=[request.pk]), {"decline-reason": ""})
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in response.content.decode()
    client.post(reverse("referrals:decline", args=[request.pk]), {"decline-reason": "Complet"})
    assert client.get(reverse("referrals:detail", args=[request.pk])).status_code == 404
    assert client.get(reverse("referrals:pdf", args=[request.pk])).status_code == 404
    cle_page = client_for(cle_agent).get(reverse("referrals:detail", args=[request.pk]))
    assert "Complet" in cle_page.content.decode()


def test_a_forbidden_move_is_a_409_and_changes_nothing(
    client_for, cle_agent, counsellor, agreement
):
    request = sent_request(agreement=agreement, agent=cle_agent)
    client_for(counsellor).post(
        reverse("referrals:accept", args=[request.pk]), {"counsellor": counsellor.pk}
    )
    response = client_for(cle_agent).post(
        reverse("referrals:withdraw", args=[request.pk]), {"withdraw-reason": "Trop tard"}
    )
    assert response.status_code == 409
    assert "«" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED


def test_redirect_after_decline(client_for, cle_agent, counsellor, agreement):
    request = sent_request(agreement=agreement, agent=cle_agent)
    client_for(counsellor).post(
        reverse("referrals:decline", args=[request.pk]), {"decline-reason": "Complet"}
    )
    client = client_for(cle_agent)
    response = client.post(reverse("referrals:redirect", args=[request.pk]))
    copy = ServiceRequest.objects.get(redirected_from=request)
    assert response["Location"] == reverse("referrals:edit", args=[copy.pk])
    assert client.get(response["Location"]).status_code == 200


def test_pdf_in_french_and_with_english_labels(client_for, cle_agent, agreement):
    request = sent_request(agreement=agreement, agent=cle_agent)
    client = client_for(cle_agent)
    for suffix in ("", "?langue=en"):
        response = client.get(reverse("referrals:pdf", args=[request.pk]) + suffix)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_each_cle_sees_only_its_requests(client_for, agreement, cle_agent):
    request = sent_request(agreement=agreement, agent=cle_agent)
    stranger = member(CleFactory(), Role.CLE_AGENT)
    client = client_for(stranger)
    assert client.get(reverse("referrals:detail", args=[request.pk])).status_code == 404
    assert (
        reverse("referrals:detail", args=[request.pk])
        not in client.get(reverse("referrals:list")).content.decode()
    )


def test_an_organisation_sees_only_requests_addressed_to_it(client_for, agreement, cle_agent):
    request = sent_request(agreement=agreement, agent=cle_agent)
    other = member(OrganisationFactory(), Role.COUNSELLOR)
    client = client_for(other)
    assert client.get(reverse("referrals:detail", args=[request.pk])).status_code == 404
    assert (
        reverse("referrals:detail", args=[request.pk])
        not in client.get(reverse("referrals:inbox")).content.decode()
    )


def test_a_draft_is_not_in_the_organisation_s_inbox(client_for, agreement, cle_agent, counsellor):
    request = RequestFactory(agreement=agreement, agent=cle_agent)
    assert (
        client_for(counsellor).get(reverse("referrals:detail", args=[request.pk])).status_code
        == 404
    )


def test_agreements_list_create_edit_and_conflict(client_for, cle_agent, organisation, counsellor):
    client = client_for(cle_agent)
    data = {
        "organisation": organisation.pk,
        "measure": "demarcheurs",
        "reference": "DE-7",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "planned_participants": "25",
        "is_active": "on",
    }
    assert client.post(reverse("referrals:agreement_create"), data).status_code == 302
    agreement = ServiceAgreement.objects.get()
    edit = reverse("referrals:agreement_edit", args=[agreement.pk])
    assert (
        client.post(edit, {**data, "version": 1, "planned_participants": "30"}).status_code == 302
    )
    response = client.post(edit, {**data, "version": 1, "planned_participants": "99"})
    assert response.status_code == 409
    agreement.refresh_from_db()
    assert agreement.planned_participants == 30
    response = client.post(edit, {**data, "version": 2, "ends_on": "2025-01-01"})
    assert response.status_code == 422
    # The organisation reads its agreements; it does not edit them.
    staff = client_for(counsellor)
    assert "DE-7" in staff.get(reverse("referrals:agreements")).content.decode()
    assert staff.get(reverse("referrals:agreement_create")).status_code == 403
    assert staff.get(edit).status_code == 404


HOSTILE = [
    "<script>alert(1)</script>",
    '#set page(width: 1pt) #import "/etc/passwd" $x^2$ *gras* _ital_ \\ `code`',
    "]] ) } #{ panic() } [[",
    "É" * 1500,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_escaped_and_printed_literally(
    client_for, cle_agent, agreement, text
):
    client = client_for(cle_agent)
    response = client.post(
        reverse("referrals:create"),
        form_data(
            agreement,
            objective=text[:300],
            assessment_skills=text,
            notes_for_organisation=text,
            reason="other",
            reason_other=text[:300],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request = ServiceRequest.objects.get()
    page = client.get(reverse("referrals:detail", args=[request.pk])).content.decode()
    assert "<script>alert" not in page
    pdf = client.get(reverse("referrals:pdf", args=[request.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_text_is_refused_clearly_or_saved(client_for, cle_agent, agreement, text):
    before = ServiceRequest.objects.count()
    response = client_for(cle_agent).post(
        reverse("referrals:create"),
        form_data(
            agreement,
            family_name="Lapointe" + text[:100],
            notes_for_organisation=text,
            duplicate_choice="different",
        ),
    )
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert ServiceRequest.objects.count() == before


def test_control_characters_are_refused(client_for, cle_agent, agreement):
    response = client_for(cle_agent).post(
        reverse("referrals:create"), form_data(agreement, objective="Commis\x00\x07 d'entrepôt")
    )
    assert response.status_code == 422
    assert not ServiceRequest.objects.exists()
