"""The participation pages: who sees what (the CLE never reads activity notes, the person sees
only the mobilisation), forms that re-show what was typed (422), forbidden moves and stale
versions (409), the start by the organisation, the feedback report and the PDFs."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.urls import reverse
from django.utils import timezone

from atout.accounts.models import Role
from atout.accounts.tests.factories import CleFactory, member
from atout.participations import services
from atout.participations.models import Activity, FeedbackReport, Participation, Tool
from atout.participations.tests.factories import AgreementFactory, participation_for
from atout.referrals.models import EntryRoute

pytestmark = pytest.mark.django_db

Status = Participation.Status
SECRET_NOTE = "Note privée du conseiller : difficultés familiales"


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


@pytest.fixture
def with_activity(participation, counsellor):
    services.activity_add(
        actor=counsellor,
        participation=participation,
        data={"kind": Activity.Kind.INDIVIDUAL, "on": timezone.localdate(), "minutes": 90,
              "attended": True, "note": SECRET_NOTE},
    )  # fmt: skip
    return participation


def detail(participation) -> str:
    return reverse("participations:detail", kwargs={"pk": participation.pk})


def test_the_counsellor_sees_activities_and_notes(client_for, counsellor, with_activity):
    page = client_for(counsellor).get(detail(with_activity)).content.decode()
    assert SECRET_NOTE in page
    assert reverse("participations:move", kwargs={"pk": with_activity.pk}) in page


def test_the_cle_sees_totals_never_activity_notes(client_for, cle_agent, with_activity):
    response = client_for(cle_agent).get(detail(with_activity))
    assert response.status_code == 200
    page = response.content.decode()
    assert SECRET_NOTE not in page
    assert "difficultés" not in page
    assert "1,5" in page or "1.5" in page  # the hours attended
    assert reverse("participations:cle_note_add", kwargs={"pk": with_activity.pk}) in page
    assert reverse("participations:move", kwargs={"pk": with_activity.pk}) not in page


def test_the_cle_notes_are_read_only_for_the_counsellor(
    client_for, cle_agent, counsellor, participation
):
    client = client_for(cle_agent)
    response = client.post(
        reverse("participations:cle_note_add", kwargs={"pk": participation.pk}),
        {"kind": "follow_up", "text": "Appel fait le 3 décembre."},
    )
    assert response.status_code == 302
    page = client_for(counsellor).get(detail(participation)).content.decode()
    assert "Appel fait le 3 décembre." in page
    assert reverse("participations:cle_note_add", kwargs={"pk": participation.pk}) not in page


def test_the_person_sees_only_the_mobilisation(
    client_for, participant_user, with_activity, participant
):
    client = client_for(participant_user)
    response = client.get(detail(with_activity))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "participations:mobilisation", kwargs={"pk": with_activity.pk}
    )
    page = client.get(response["Location"]).content.decode()
    assert SECRET_NOTE not in page
    assert "Quoi apporter" in page
    own = client.get(reverse("participants:my_file")).content.decode()
    assert reverse("participations:mobilisation", kwargs={"pk": with_activity.pk}) in own
    assert (
        client.get(reverse("participations:feedback", kwargs={"pk": with_activity.pk})).status_code
        == 403
    )


def test_the_file_page_links_the_participation(client_for, counsellor, participation):
    page = client_for(counsellor).get(
        reverse("participants:detail", kwargs={"pk": participation.participant_id})
    )
    assert detail(participation) in page.content.decode()


def test_another_cle_gets_404(client, participation):
    stranger = member(CleFactory(), Role.CLE_AGENT)
    client.force_login(stranger)
    assert client.get(detail(participation)).status_code == 404
    assert (
        participation.participant.family_name
        not in client.get(reverse("participations:followed")).content.decode()
    )


def test_the_cle_list_shows_its_participations(client_for, cle_agent, with_activity):
    page = client_for(cle_agent).get(reverse("participations:followed")).content.decode()
    assert with_activity.participant.family_name in page
    assert SECRET_NOTE not in page


# --- Status -------------------------------------------------------------------------------


def move(client, participation, **data):
    data.setdefault("version", participation.version)
    return client.post(reverse("participations:move", kwargs={"pk": participation.pk}), data)


def test_a_move_is_made(client_for, counsellor, participation):
    response = move(client_for(counsellor), participation, to=Status.COMPLETED)
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == Status.COMPLETED


def test_a_forbidden_move_is_409_and_changes_nothing(client_for, counsellor, participation):
    response = move(client_for(counsellor), participation, to=Status.ACCEPTED)
    assert response.status_code == 409
    assert "«" in response.content.decode()
    participation.refresh_from_db()
    assert participation.status == Status.IN_PROGRESS


def test_an_abandon_without_reason_is_422(client_for, counsellor, participation):
    response = move(client_for(counsellor), participation, to=Status.ABANDONED, on="2026-11-01")
    assert response.status_code == 422
    assert 'value="2026-11-01"' in response.content.decode()
    participation.refresh_from_db()
    assert participation.status == Status.IN_PROGRESS


def test_a_stale_move_is_409(client_for, counsellor, participation):
    response = move(
        client_for(counsellor),
        participation,
        to=Status.COMPLETED,
        version=participation.version - 1,
    )
    assert response.status_code == 409
    participation.refresh_from_db()
    assert participation.status == Status.IN_PROGRESS


def test_an_unknown_status_is_422(client_for, counsellor, participation):
    response = move(client_for(counsellor), participation, to="bogus")
    assert response.status_code == 422


def test_a_plan_conflict_is_409_and_keeps_what_was_typed(client_for, counsellor, participation):
    url = reverse("participations:plan", kwargs={"pk": participation.pk})
    client = client_for(counsellor)
    first = {"tool": Tool.CV, "tool_reason": "Un CV suffit.", "version": participation.version}
    assert client.post(url, first).status_code == 302
    second = {
        "tool": Tool.PORTFOLIO,
        "tool_reason": "Mon texte à moi",
        "version": participation.version,
    }
    response = client.post(url, second)
    assert response.status_code == 409
    assert "Mon texte à moi" in response.content.decode()


def test_an_activity_form_re_shows_what_was_typed(client_for, counsellor, participation):
    url = reverse("participations:activity_add", kwargs={"pk": participation.pk})
    response = client_for(counsellor).post(
        url, {"on": "2026-11-20", "kind": "individual", "minutes": "0", "note": "Rencontre"}
    )
    assert response.status_code == 422
    assert "Rencontre" in response.content.decode()
    assert not Activity.objects.exists()


def test_steps_presented_sets_the_date(client_for, counsellor, participation):
    response = client_for(counsellor).post(
        reverse("participations:steps_presented", kwargs={"pk": participation.pk})
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.steps_presented_on == timezone.localdate()


# --- Start by the organisation ------------------------------------------------------------


def test_start_from_the_file(client_for, counsellor, participant, cle):
    agreement = AgreementFactory(cle=cle, organisation=participant.organisation)
    url = reverse("participations:start", kwargs={"pk": participant.pk})
    client = client_for(counsellor)
    assert agreement.reference in client.get(url).content.decode()
    response = client.post(url, {"agreement": agreement.pk, "tool": Tool.CV, "tool_reason": ""})
    assert response.status_code == 422
    assert not Participation.objects.exists()
    response = client.post(
        url,
        {"agreement": agreement.pk, "tool": Tool.CV, "tool_reason": "Un CV pour la vente.",
         "planned_start": "2026-12-01", "planned_end": "2027-02-26",
         "first_meeting_at": "2026-12-03T09:30"},
    )  # fmt: skip
    assert response.status_code == 302
    participation = Participation.objects.get()
    assert (participation.entry_route, participation.tool, participation.cle) == (
        EntryRoute.ORGANISATION,
        Tool.CV,
        cle,
    )
    assert timezone.localtime(participation.first_meeting_at).hour == 9
    # A second one while the first is open: refused.
    again = client.post(url, {"agreement": agreement.pk, "tool": Tool.CV, "tool_reason": "Encore."})
    assert again.status_code == 409
    assert Participation.objects.count() == 1


def test_another_organisations_agreement_cannot_be_chosen(client_for, counsellor, participant):
    foreign = AgreementFactory()
    response = client_for(counsellor).post(
        reverse("participations:start", kwargs={"pk": participant.pk}),
        {"agreement": foreign.pk, "tool": Tool.CV, "tool_reason": "Raison."},
    )
    assert response.status_code == 422
    assert not Participation.objects.exists()


# --- Feedback report ------------------------------------------------------------------------


@pytest.fixture
def produced(participant, counsellor):
    return participation_for(participant, actor=counsellor, status=Status.PASSPORT_PRODUCED)


def test_the_feedback_journey(client_for, counsellor, cle_agent, produced, client):
    url = reverse("participations:feedback", kwargs={"pk": produced.pk})
    pdf_url = reverse("participations:feedback_document", kwargs={"pk": produced.pk})
    counsellor_client = client_for(counsellor)
    page = counsellor_client.get(url).content.decode()
    assert "Passeport-emploi" in page  # prefilled service given
    response = counsellor_client.post(
        url,
        {"service_given": "Passeport produit en 4 rencontres.", "appropriation": "À l’aise.",
         "next_steps": "#set page(width: 1pt) <b>Postuler</b>", "outcome": "job_search"},
    )  # fmt: skip
    assert response.status_code == 302
    draft_pdf = counsellor_client.get(pdf_url)
    assert draft_pdf.status_code == 200
    assert "BROUILLON" in pdf_text(draft_pdf.content)
    # The CLE does not read a draft.
    client.force_login(cle_agent)
    assert client.get(pdf_url).status_code == 404
    assert "Postuler" not in client.get(url).content.decode()

    counsellor_client = client_for(counsellor)
    assert (
        counsellor_client.post(
            reverse("participations:feedback_send", kwargs={"pk": produced.pk})
        ).status_code
        == 302
    )
    report = FeedbackReport.objects.get()
    assert report.status == FeedbackReport.Status.SENT
    # Sent: the form is gone, a POST changes nothing.
    counsellor_client.post(url, {"service_given": "Changé", "outcome": "job"})
    report.refresh_from_db()
    assert report.service_given == "Passeport produit en 4 rencontres."

    cle_client = client_for(cle_agent)
    page = cle_client.get(url).content.decode()
    assert "&lt;b&gt;Postuler&lt;/b&gt;" in page
    text = pdf_text(cle_client.get(pdf_url).content)
    assert "#set page(width: 1pt) <b>Postuler</b>" in text
    assert "BROUILLON" not in text
    assert (
        cle_client.post(
            reverse("participations:feedback_acknowledge", kwargs={"pk": produced.pk})
        ).status_code
        == 302
    )
    report.refresh_from_db()
    assert (report.status, report.acknowledged_by) == (
        FeedbackReport.Status.ACKNOWLEDGED,
        cle_agent,
    )


def test_feedback_is_not_open_before_it_is_due(client_for, counsellor, participation):
    url = reverse("participations:feedback", kwargs={"pk": participation.pk})
    response = client_for(counsellor).post(url, {"service_given": "x", "outcome": "job"})
    assert response.status_code == 302
    assert not FeedbackReport.objects.exists()


def test_sending_without_outcome_is_refused_with_a_message(client_for, counsellor, produced):
    client = client_for(counsellor)
    url = reverse("participations:feedback", kwargs={"pk": produced.pk})
    client.post(url, {"service_given": "Texte", "outcome": ""})
    response = client.post(
        reverse("participations:feedback_send", kwargs={"pk": produced.pk}), follow=True
    )
    assert FeedbackReport.objects.get().status == FeedbackReport.Status.DRAFT
    assert "message--error" in response.content.decode()


# --- Mobilisation letter ------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "words"), [("fr", "Quoi apporter"), ("en", "What to bring")])
def test_the_welcome_letter_prints_in_the_language(
    client_for, counsellor, participation, lang, words
):
    services.participation_update_plan(
        actor=counsellor,
        participation=participation,
        data={"first_meeting_at": timezone.now()},
        expected_version=None,
    )
    response = client_for(counsellor).get(
        reverse("participations:mobilisation_letter", kwargs={"pk": participation.pk}),
        {"lang": lang},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert words in text
    assert participation.participant.family_name not in text  # first name only


def test_the_welcome_letter_defaults_to_the_persons_language(
    client_for, participant_user, participant, participation
):
    participant.preferred_language = "en"
    participant.save()
    response = client_for(participant_user).get(
        reverse("participations:mobilisation_letter", kwargs={"pk": participation.pk})
    )
    assert "What to bring" in pdf_text(response.content)


HOSTILE = [
    "<script>alert(1)</script>",
    "#set page(width: 1pt)",
    "x" * 400,
    "Émilie\u202eevil",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_names_print_literally_in_the_welcome_letter(
    client_for, counsellor, participant, participation, value
):
    participant.given_names = value[:150]
    participant.preferred_name = ""
    participant.save()
    response = client_for(counsellor).get(
        reverse("participations:mobilisation_letter", kwargs={"pk": participation.pk})
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "\u202e" not in text
    if value.startswith(("<", "#")):
        assert value in text


@pytest.mark.parametrize("value", ["Note\x00cachée", "Note\x1bcachée"])
def test_control_characters_are_refused_in_an_activity_note(
    client_for, counsellor, participation, value
):
    response = client_for(counsellor).post(
        reverse("participations:activity_add", kwargs={"pk": participation.pk}),
        {"on": "2026-11-20", "kind": "individual", "minutes": "60", "note": value},
    )
    assert response.status_code == 422
    assert not Activity.objects.exists()


def test_markup_in_an_activity_note_is_escaped(client_for, counsellor, participation):
    client = client_for(counsellor)
    client.post(
        reverse("participations:activity_add", kwargs={"pk": participation.pk}),
        {"on": "2026-11-20", "kind": "individual", "minutes": "60", "attended": "on",
         "note": "<img src=x onerror=alert(1)>"},
    )  # fmt: skip
    page = client.get(detail(participation)).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_refused_feedback_form_re_shows_the_text(client_for, counsellor, produced):
    url = reverse("participations:feedback", kwargs={"pk": produced.pk})
    response = client_for(counsellor).post(
        url, {"service_given": "Mon texte\x00", "next_steps": "Postuler", "outcome": "job"}
    )
    assert response.status_code == 422
    assert "Postuler" in response.content.decode()
    assert not FeedbackReport.objects.exists()


def test_a_stale_feedback_draft_is_409(client_for, counsellor, produced):
    client = client_for(counsellor)
    url = reverse("participations:feedback", kwargs={"pk": produced.pk})
    client.post(url, {"service_given": "Un", "outcome": "job"})
    version = FeedbackReport.objects.get().version
    client.post(url, {"service_given": "Deux", "outcome": "job", "version": version})
    response = client.post(url, {"service_given": "Trois", "outcome": "job", "version": version})
    assert response.status_code == 409
    assert "Trois" in response.content.decode()
    assert FeedbackReport.objects.get().service_given == "Deux"


def test_documents_produced_come_from_the_registry(
    client_for, counsellor, cle_agent, participation, participant
):
    from atout.letters import services as letter_services
    from atout.letters.tests.factories import CoverLetterFactory

    draft = CoverLetterFactory(participant=participant, employer_name="Épicerie Brouillon")
    approved = CoverLetterFactory(participant=participant, employer_name="Quincaillerie Roy")
    letter_services.letter_approve(letter=approved, actor=counsellor, in_person=True)
    staff_page = client_for(counsellor).get(detail(participation)).content.decode()
    assert draft.employer_name in staff_page
    assert approved.employer_name in staff_page
    cle_page = client_for(cle_agent).get(detail(participation)).content.decode()
    # The CLE reads what was produced, without links into the organisation's pages.
    assert approved.employer_name in cle_page
    assert draft.employer_name not in cle_page
    assert f"/lettres/{approved.pk}/" not in cle_page
