"""The advisor's sending and the committee's workspace, through the views, role by role."""

import pytest
from django.urls import reverse
from django.utils import timezone

from atout.accounts.models import Organisation, Role
from atout.accounts.tests.factories import OrganisationFactory, UserFactory, member
from atout.committees.models import Decision, Result, Transmission
from atout.committees.tests.factories import (
    decided_transmission,
    evaluate_all,
    parties,
    ready_dossier,
    sent_transmission,
)
from atout.recognition.models import Dossier, Phase

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script> #set page(width: 1pt) \u202e"


@pytest.fixture
def p():
    return parties()


def _url(name, obj, **extra):
    return reverse(f"committees:{name}", kwargs={"pk": obj.pk, **extra})


# --- The advisor's package page --------------------------------------------------------------


def test_the_package_page_shows_what_will_be_sent(client_for, p):
    dossier = ready_dossier(p)
    response = client_for(p.advisor).get(_url("package", dossier))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Haddad" in page and "karim.haddad@exemple.ca" in page
    # The mobile phone has no consent for the committee: not in the package.
    assert "4185550199" not in page
    assert "cv.png" in page and "autre.png" not in page
    assert "Réaliser une recette" in page


def test_sending_without_consent_reshows_the_form(client_for, p):
    dossier = ready_dossier(p)
    response = client_for(p.advisor).post(
        _url("package", dossier),
        {"consent_on": timezone.localdate().isoformat(), "version": dossier.version},
    )
    assert response.status_code == 422
    assert not Transmission.objects.exists()


def test_sending_creates_a_transmission_and_goes_to_it(client_for, p):
    dossier = ready_dossier(p)
    response = client_for(p.advisor).post(
        _url("package", dossier),
        {
            "consent": "on",
            "consent_on": timezone.localdate().isoformat(),
            "version": dossier.version,
        },
    )
    transmission = Transmission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("transmission", transmission)
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.SENT


def test_a_dossier_not_ready_is_refused_with_a_reason(client_for, p):
    dossier = ready_dossier(p, phase=Phase.PREPARATION)
    client = client_for(p.advisor)
    page = client.get(_url("package", dossier)).content.decode()
    assert "inventaire" in page or "inventory" in page
    response = client.post(
        _url("package", dossier),
        {
            "consent": "on",
            "consent_on": timezone.localdate().isoformat(),
            "version": dossier.version,
        },
    )
    assert response.status_code == 409
    assert not Transmission.objects.exists()


def test_a_stale_dossier_version_is_a_conflict(client_for, p):
    dossier = ready_dossier(p)
    response = client_for(p.advisor).post(
        _url("package", dossier),
        {
            "consent": "on",
            "consent_on": timezone.localdate().isoformat(),
            "version": dossier.version - 1,
        },
    )
    assert response.status_code == 409
    assert not Transmission.objects.exists()


@pytest.mark.parametrize("who", ["evaluator", "other_evaluator"])
def test_the_committee_never_sees_the_live_dossier(client_for, p, who):
    dossier = ready_dossier(p)
    assert client_for(getattr(p, who)).get(_url("package", dossier)).status_code == 404


# --- Scoping of transmissions ----------------------------------------------------------------


def test_the_evaluator_reads_the_transmission(client_for, p):
    transmission = sent_transmission(p)
    response = client_for(p.evaluator).get(_url("transmission", transmission))
    assert response.status_code == 200
    assert "Haddad" in response.content.decode()


@pytest.mark.parametrize("name", ["transmission", "decide", "confirmation"])
def test_another_committee_gets_404(client_for, p, name):
    transmission = decided_transmission(p)
    response = client_for(p.other_evaluator).get(_url(name, transmission))
    assert response.status_code == 404


def test_another_qualifications_office_gets_404(client_for, p):
    transmission = sent_transmission(p)
    stranger = member(
        OrganisationFactory(kind=Organisation.Kind.QUALIFICATIONS), Role.RECOGNITION_ADVISOR
    )
    client = client_for(stranger)
    assert client.get(_url("transmission", transmission)).status_code == 404
    assert client.get(_url("package", transmission.dossier)).status_code == 404


def test_the_advisor_cannot_evaluate(client_for, p):
    transmission = sent_transmission(p)
    client = client_for(p.advisor)
    assert client.get(_url("decide", transmission)).status_code == 403
    assert client.post(_url("acknowledge", transmission)).status_code == 403


def test_the_evaluator_cannot_write_follow_up_notes(client_for, p):
    transmission = sent_transmission(p)
    response = client_for(p.evaluator).post(_url("note_add", transmission), {"note-text": "x"})
    assert response.status_code == 403


def test_the_inbox_lists_only_the_committees_transmissions(client_for, p):
    sent_transmission(p)
    page = client_for(p.evaluator).get(reverse("committees:inbox")).content.decode()
    assert "Haddad" in page
    page = client_for(p.other_evaluator).get(reverse("committees:inbox")).content.decode()
    assert "Haddad" not in page
    assert client_for(p.advisor).get(reverse("committees:inbox")).status_code == 403


def test_a_document_is_served_only_if_it_was_sent(client_for, p):
    transmission = sent_transmission(p)
    client = client_for(p.evaluator)
    sent = transmission.documents.get()
    response = client.get(_url("document", transmission, attachment_pk=sent.pk))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    other = transmission.dossier.documents.get(include_in_package=False).attachment
    assert client.get(_url("document", transmission, attachment_pk=other.pk)).status_code == 404


# --- The committee's work --------------------------------------------------------------------


def test_acknowledging_shows_the_receipt_to_the_advisor(client_for, p):
    transmission = sent_transmission(p)
    response = client_for(p.evaluator).post(_url("acknowledge", transmission))
    assert response.status_code == 302
    transmission.refresh_from_db()
    assert transmission.received_at is not None
    page = client_for(p.advisor).get(_url("transmission", transmission)).content.decode()
    assert timezone.localtime(transmission.received_at).strftime("%Y-%m-%d") in page


def _evaluation_post(competency_id, **fields):
    prefix = f"c{competency_id}"
    data = {
        "competency": competency_id,
        f"{prefix}-method": "interview",
        f"{prefix}-evaluated_on": timezone.localdate().isoformat(),
        f"{prefix}-result": "mastered",
        f"{prefix}-comments": "",
    }
    data.update({f"{prefix}-{k}": v for k, v in fields.items()})
    return data


def test_an_evaluation_is_saved_from_its_form(client_for, p):
    transmission = sent_transmission(p)
    competency = transmission.package["competencies"][1]["id"]
    response = client_for(p.evaluator).post(
        _url("evaluate", transmission), _evaluation_post(competency, comments=HOSTILE)
    )
    assert response.status_code == 302
    evaluation = transmission.evaluations.get()
    assert evaluation.comments == HOSTILE
    page = client_for(p.evaluator).get(_url("transmission", transmission)).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_an_invalid_evaluation_is_reshown_as_typed(client_for, p):
    transmission = sent_transmission(p)
    competency = transmission.package["competencies"][0]["id"]
    response = client_for(p.evaluator).post(
        _url("evaluate", transmission),
        _evaluation_post(competency, result="bogus", comments="Mon texte gardé"),
    )
    assert response.status_code == 422
    assert "Mon texte gardé" in response.content.decode()
    assert not transmission.evaluations.exists()


def test_an_evaluation_naming_a_foreign_competency_is_404(client_for, p):
    transmission = sent_transmission(p)
    response = client_for(p.evaluator).post(
        _url("evaluate", transmission), _evaluation_post(987654)
    )
    assert response.status_code == 404


def test_control_characters_are_refused(client_for, p):
    transmission = sent_transmission(p)
    competency = transmission.package["competencies"][0]["id"]
    response = client_for(p.evaluator).post(
        _url("evaluate", transmission), _evaluation_post(competency, comments="a\x00b")
    )
    assert response.status_code == 422


def test_the_decision_page_refuses_an_outcome_the_evaluations_do_not_support(client_for, p):
    transmission = sent_transmission(p)
    evaluate_all(p, transmission, [Result.MASTERED, Result.MASTERED, Result.NOT_MASTERED])
    client = client_for(p.evaluator)
    assert client.get(_url("decide", transmission)).status_code == 200
    response = client.post(_url("decide", transmission), {"outcome": "full"})
    assert response.status_code == 422
    assert not Decision.objects.exists()
    response = client.post(_url("decide", transmission), {"outcome": "partial", "pointers": "PAMT"})
    assert response.status_code == 302
    assert Dossier.objects.get(pk=transmission.dossier_id).phase == Phase.DECIDED


def test_returning_without_a_reason_is_reshown(client_for, p):
    transmission = sent_transmission(p)
    response = client_for(p.evaluator).post(_url("return", transmission), {"return-reason": ""})
    assert response.status_code == 422
    response = client_for(p.evaluator).post(
        _url("return", transmission), {"return-reason": "Il manque le relevé de notes."}
    )
    assert response.status_code == 302
    assert Dossier.objects.get(pk=transmission.dossier_id).phase == Phase.PREPARATION


def test_confirming_twice_is_a_conflict(client_for, p):
    transmission = decided_transmission(p, Decision.Outcome.FULL)
    client = client_for(p.evaluator)
    assert client.post(_url("confirm", transmission)).status_code == 302
    assert Dossier.objects.get(pk=transmission.dossier_id).phase == Phase.CONFIRMED
    assert client.post(_url("confirm", transmission)).status_code == 409


def test_the_confirmation_pdf_opens(client_for, p):
    transmission = decided_transmission(p)
    response = client_for(p.evaluator).get(_url("confirmation", transmission))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- The candidate's letter ------------------------------------------------------------------


def test_the_candidate_downloads_their_letter(client_for, p):
    user = UserFactory()
    transmission = decided_transmission(p)
    transmission.participant.user = user
    transmission.participant.save(update_fields=["user"])
    response = client_for(user).get(_url("result_letter", transmission.dossier))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_cle_agent_does_not_get_the_letter(client_for, p):
    from atout.accounts.tests.factories import CleFactory

    cle = CleFactory()
    transmission = decided_transmission(p)
    Dossier.objects.filter(pk=transmission.dossier_id).update(cle=cle)
    agent = member(cle, Role.CLE_AGENT)
    response = client_for(agent).get(_url("result_letter", transmission.dossier))
    assert response.status_code == 403


def test_the_evaluator_does_not_get_the_candidates_letter(client_for, p):
    transmission = decided_transmission(p)
    response = client_for(p.evaluator).get(_url("result_letter", transmission.dossier))
    assert response.status_code == 404


# --- The advisor's follow-up -------------------------------------------------------------------


def test_the_advisor_adds_a_follow_up_note(client_for, p):
    transmission = sent_transmission(p)
    client = client_for(p.advisor)
    response = client.post(_url("note_add", transmission), {"note-text": "Relance au comité."})
    assert response.status_code == 302
    assert "Relance au comité." in client.get(_url("transmission", transmission)).content.decode()
    assert client.post(_url("note_add", transmission), {"note-text": ""}).status_code == 422


def test_the_dossier_block_lists_transmissions_and_the_send_link(rf, p):
    from django.template import Context, Template

    dossier = ready_dossier(p)
    request = rf.get("/")
    request.user = p.advisor
    template = Template("{% load committees %}{% committee_block dossier %}")
    html = template.render(Context({"request": request, "dossier": dossier}))
    assert reverse("committees:package", kwargs={"pk": dossier.pk}) in html
    transmission = sent_transmission(p)
    html = template.render(Context({"request": request, "dossier": transmission.dossier}))
    assert reverse("committees:transmission", kwargs={"pk": transmission.pk}) in html
