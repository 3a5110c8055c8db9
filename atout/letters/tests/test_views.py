import io

import pdfplumber
import pytest
from django.urls import reverse

from atout.documents.kinds import DocumentState
from atout.letters import services
from atout.letters.models import CoverLetter


def _post(**overrides):
    return {
        "language": "fr",
        "employer_name": "Hôtel Le Concorde",
        "contact_name": "",
        "employer_address": "",
        "posting_title": "",
        "posting_reference": "",
        "place": "Québec",
        "letter_date": "2026-11-30",
        "subject": "",
        "salutation": "",
        "body": "Je vous offre mes services.",
        "closing": "",
        "signature_name": "",
        "version": "",
    } | overrides


def _url(name, letter):
    return reverse(
        f"letters:{name}", kwargs={"participant_pk": letter.participant_id, "pk": letter.pk}
    )


def _pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_list_and_create(client_for, counsellor, participant):
    client = client_for(counsellor)
    page = client.get(reverse("letters:list", args=[participant.pk]))
    assert page.status_code == 200
    form = client.get(reverse("letters:create", args=[participant.pk]))
    assert form.status_code == 200
    response = client.post(reverse("letters:create", args=[participant.pk]), _post())
    letter = CoverLetter.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("detail", letter)
    assert "Hôtel Le Concorde" in client.get(reverse("letters:list", args=[participant.pk])).text


def test_invalid_form_keeps_what_was_typed(client_for, counsellor, participant):
    response = client_for(counsellor).post(
        reverse("letters:create", args=[participant.pk]),
        _post(employer_name="", body="Mon texte patiemment écrit"),
    )
    assert response.status_code == 422
    assert "Mon texte patiemment écrit" in response.text
    assert not CoverLetter.objects.exists()


def test_huge_body_is_refused_with_a_message(client_for, counsellor, participant):
    response = client_for(counsellor).post(
        reverse("letters:create", args=[participant.pk]), _post(body="mot " * 5000)
    )
    assert response.status_code == 422
    assert "8000" in response.text or "8 000" in response.text or "8\u00a0000" in response.text
    assert not CoverLetter.objects.exists()


def test_suggest_fills_an_empty_body(client_for, counsellor, participant, passport_with_evidence):
    response = client_for(counsellor).post(
        reverse("letters:create", args=[participant.pk]),
        _post(body="", employer_name="Château Frontenac", suggest="1"),
    )
    assert response.status_code == 200
    assert not CoverLetter.objects.exists()  # nothing saved
    body = response.context["form"]["body"].value()
    assert body.startswith("Je vous écris pour vous offrir mes services.")
    assert "banque alimentaire" in body
    assert response.context["form"]["employer_name"].value() == "Château Frontenac"


def test_suggest_never_replaces_a_body_without_confirmation(
    client_for, counsellor, participant, passport_with_evidence
):
    client = client_for(counsellor)
    url = reverse("letters:create", args=[participant.pk])
    asked = client.post(url, _post(body="Mon propre texte", suggest="1"))
    assert asked.status_code == 200
    assert asked.context["confirm_suggestion"]
    assert asked.context["form"]["body"].value() == "Mon propre texte"
    assert "banque alimentaire" in asked.text  # the suggestion is shown beside it
    replaced = client.post(url, _post(body="Mon propre texte", suggest="replace"))
    assert "banque alimentaire" in replaced.context["form"]["body"].value()


def test_edit_conflict_shows_both_versions(client_for, counsellor, org_admin, letter):
    services.letter_update(
        letter=letter, actor=org_admin, data={"subject": "Leur objet"}, expected_version=1
    )
    response = client_for(counsellor).post(
        _url("edit", letter), _post(subject="Mon objet", version="1")
    )
    assert response.status_code == 409
    assert "Mon objet" in response.text and "Leur objet" in response.text
    letter.refresh_from_db()
    assert letter.subject == "Leur objet"


def test_edit_of_an_approved_letter_needs_approval_again(client_for, counsellor, letter):
    services.letter_approve(letter=letter, actor=counsellor, in_person=True)
    client = client_for(counsellor)
    assert client.get(_url("edit", letter)).context["letter"].is_frozen
    response = client.post(
        _url("edit", letter), _post(body="Autre texte.", version=str(letter.version))
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.state == DocumentState.REAPPROVAL


def test_participant_approves_from_their_login(client_for, participant_user, letter):
    client = client_for(participant_user)
    page = client.get(_url("detail", letter))
    assert page.status_code == 200 and page.context["can_approve"]
    assert not page.context["can_edit"]
    assert client.post(_url("approve", letter)).status_code == 302
    letter.refresh_from_db()
    assert letter.state == DocumentState.APPROVED and letter.approved_by == participant_user
    assert client.post(_url("edit", letter), _post()).status_code == 403


def test_counsellor_records_approval_in_person_then_prints(client_for, counsellor, letter):
    client = client_for(counsellor)
    assert client.post(_url("approve", letter)).status_code == 403
    assert client.post(_url("submit", letter)).status_code == 302
    assert client.post(_url("approve_in_person", letter)).status_code == 302
    assert client.post(_url("printed", letter)).status_code == 302
    letter.refresh_from_db()
    assert letter.state == DocumentState.PRINTED and letter.printed_at
    # An approved letter is not deleted.
    assert client.post(_url("delete", letter)).status_code == 409
    assert CoverLetter.objects.filter(pk=letter.pk).exists()


def test_delete_a_draft(client_for, counsellor, letter):
    client = client_for(counsellor)
    assert client.get(_url("delete", letter)).status_code == 200
    assert client.post(_url("delete", letter)).status_code == 302
    assert not CoverLetter.objects.exists()


def test_history_lists_each_change(client_for, counsellor, letter):
    services.letter_update(
        letter=letter, actor=counsellor, data={"subject": "Nouvel objet"}, expected_version=1
    )
    response = client_for(counsellor).get(_url("history", letter))
    assert response.status_code == 200
    assert len(response.context["entries"]) == 2
    assert response.context["entries"][0]["changed"] == ["subject"] or response.context["entries"][
        0
    ]["changed"] == ["objet"]


def test_letter_of_another_file_is_not_found_under_this_one(client_for, counsellor, letter):
    from atout.participants.tests.factories import ParticipantFactory

    other = ParticipantFactory(organisation=letter.participant.organisation)
    url = reverse("letters:detail", kwargs={"participant_pk": other.pk, "pk": letter.pk})
    assert client_for(counsellor).get(url).status_code == 404


def test_draft_document_is_marked_and_the_approved_one_prints_what_was_approved(
    client_for, counsellor, employer_consents, letter
):
    client = client_for(counsellor)
    draft = client.get(_url("document", letter))
    assert draft["Content-Type"] == "application/pdf"
    assert draft["Cache-Control"] == "private, no-store"
    text = _pdf_text(draft.content)
    assert "Brouillon — non approuvé".upper() in text
    assert "emilie.gagnon@exemple.ca" in text
    services.letter_approve(letter=letter, actor=counsellor, in_person=True)
    participant = letter.participant
    participant.email = "nouvelle@exemple.ca"
    participant.save()
    approved = _pdf_text(client.get(_url("document", letter)).content)
    assert "BROUILLON" not in approved
    assert "emilie.gagnon@exemple.ca" in approved and "nouvelle@" not in approved
    word = client.get(_url("document", letter) + "?format=docx")
    assert word["Content-Disposition"].startswith("attachment;")
    assert word["Content-Disposition"].endswith('.docx"')


@pytest.mark.parametrize("user", ["counsellor", "participant_user"])
def test_reading_a_letter_is_logged(request, client_for, letter, user):
    from atout.privacy.models import AccessLogEntry

    client = client_for(request.getfixturevalue(user))
    client.get(_url("detail", letter))
    client.get(_url("document", letter))
    actions = list(
        AccessLogEntry.objects.filter(participant=letter.participant).values_list(
            "action", flat=True
        )
    )
    assert "view_letter" in actions and "letter_document" in actions


def test_autosave_saves_and_answers_with_the_new_version(client_for, counsellor, letter):
    client = client_for(counsellor)
    response = client.post(
        _url("edit", letter),
        _post(body="Texte autosauvegardé.", version="1"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'name="version" value="2"' in response.text
    letter.refresh_from_db()
    assert letter.body == "Texte autosauvegardé."


def test_autosave_that_cannot_save_says_why(client_for, counsellor, org_admin, letter):
    client = client_for(counsellor)
    invalid = client.post(
        _url("edit", letter), _post(employer_name="", version="1"), HTTP_HX_REQUEST="true"
    )
    assert invalid.status_code == 422 and 'href="#id_employer_name"' in invalid.text
    services.letter_update(
        letter=letter, actor=org_admin, data={"subject": "Leur objet"}, expected_version=1
    )
    conflict = client.post(
        _url("edit", letter), _post(subject="Mon objet", version="1"), HTTP_HX_REQUEST="true"
    )
    assert conflict.status_code == 409
    letter.refresh_from_db()
    assert letter.subject == "Leur objet"
