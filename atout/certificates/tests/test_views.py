import pytest
from django.urls import reverse
from django.utils import timezone

from atout.accounts.models import Role
from atout.accounts.tests.factories import UserFactory, member
from atout.certificates.models import Credential
from atout.certificates.tests import factories as f
from atout.committees.models import Decision
from atout.participants.tests.factories import ParticipantFactory
from atout.recognition.models import Dossier, Phase, Route

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def qq():
    return f.qq_organisation(name="Qualifications Québec")


@pytest.fixture
def advisor(qq):
    return f.advisor(qq, full_name="Isabelle Morin")


def test_advisor_records_the_application_then_the_attestation(client_for, qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.CONFIRMED)
    f.decide(dossier, Decision.Outcome.PARTIAL, [1, 3])
    client = client_for(advisor)
    url = reverse("certificates:record", args=[dossier.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Record the application" in page.content.decode() or "Consigner" in page.content.decode()

    response = client.post(
        reverse("certificates:application", args=[dossier.pk]),
        {"applied_on": TODAY.isoformat(), "version": dossier.version},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.phase == Phase.APPLIED

    page = client.get(url)
    form = page.context["credential_form"]
    # Pre-filled from the decision: an attestation for the competencies mastered.
    assert form.initial["kind"] == Credential.Kind.ATTESTATION
    assert sorted(c.number for c in form.initial["competencies"]) == [1, 3]
    ids = [c.pk for c in form.initial["competencies"]]
    response = client.post(
        reverse("certificates:issue", args=[dossier.pk]),
        {
            "kind": "attestation",
            "legal_basis": "2",
            "competencies": ids,
            "issued_on": TODAY.isoformat(),
            "number": "ATT-7",
            "issuer": "Ministère de l'Emploi et de la Solidarité sociale",
            "version": dossier.version,
        },
    )
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.ISSUED
    credential = Credential.objects.get()
    pdf = client.get(reverse("certificates:credential_pdf", args=[credential.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_invalid_form_is_422_with_what_was_typed(client_for, qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.APPLIED)
    response = client_for(advisor).post(
        reverse("certificates:issue", args=[dossier.pk]),
        {"kind": "cqp", "legal_basis": "2", "issued_on": "", "number": "CQP-<b>9</b>"},
    )
    assert response.status_code == 422
    assert "CQP-&lt;b&gt;9&lt;/b&gt;" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.APPLIED


def test_service_refusal_is_422_on_the_field(client_for, qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.APPLIED)
    response = client_for(advisor).post(
        reverse("certificates:issue", args=[dossier.pk]),
        {
            "kind": "cqp",
            "legal_basis": "2",
            "competencies": [dossier.standard.competencies.first().pk],
            "issued_on": TODAY.isoformat(),
            "number": "CQP-9",
            "issuer": "Ministère",
            "version": dossier.version,
        },
    )
    assert response.status_code == 422
    assert response.context["credential_form"].errors["competencies"]


def test_stale_version_is_409_and_nothing_written(client_for, qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.CONFIRMED)
    response = client_for(advisor).post(
        reverse("certificates:application", args=[dossier.pk]),
        {"applied_on": TODAY.isoformat(), "version": dossier.version + 5},
    )
    assert response.status_code == 409
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.CONFIRMED


def test_application_in_a_wrong_phase_is_refused(client_for, qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.PREPARATION)
    response = client_for(advisor).post(
        reverse("certificates:application", args=[dossier.pk]),
        {"applied_on": TODAY.isoformat(), "version": dossier.version},
    )
    assert response.status_code == 422
    assert Dossier.objects.get(pk=dossier.pk).phase == Phase.PREPARATION


def test_red_seal_dossier_offers_the_application_after_relevance(client_for, qq, advisor):
    dossier = f.dossier(qq=qq, phase=Phase.RELEVANCE, route=Route.RED_SEAL)
    page = client_for(advisor).get(reverse("certificates:record", args=[dossier.pk]))
    assert page.context["application_form"] is not None


def test_others_cannot_record(client_for, qq):
    dossier = f.dossier(qq=qq, phase=Phase.CONFIRMED)
    url = reverse("certificates:record", args=[dossier.pk])
    outsider = f.advisor(f.qq_organisation())
    assert client_for(outsider).get(url).status_code == 404
    evaluator = member(dossier.standard.committee, Role.COMMITTEE_EVALUATOR)
    assert client_for(evaluator).get(url).status_code == 404


def _issued(qq, advisor, participant):
    dossier = f.dossier(qq=qq, phase=Phase.APPLIED, participant=participant)
    f.decide(dossier, Decision.Outcome.PARTIAL, [1, 2])
    credential = Credential.objects.create(
        dossier=dossier,
        participant=participant,
        standard=dossier.standard,
        kind=Credential.Kind.ATTESTATION,
        legal_basis="2",
        issued_on=TODAY,
        number="ATT-1",
    )
    credential.competencies.set(dossier.standard.competencies.filter(number__in=[1, 2]))
    Dossier.objects.filter(pk=dossier.pk).update(phase=Phase.ISSUED)
    return credential


def test_candidate_sees_their_recognitions_and_prints_the_record(client_for, qq, advisor):
    user = UserFactory(full_name="Karim Benali")
    participant = ParticipantFactory(organisation=qq, user=user, given_names="Karim")
    credential = _issued(qq, advisor, participant)
    client = client_for(user)
    page = client.get(reverse("certificates:mine"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "ATT-1" in html
    assert "PAMT cuisinier" in html  # where to learn the rest
    assert reverse("certificates:mine") in html  # the menu entry
    pdf = client.get(reverse("certificates:credential_pdf", args=[credential.pk]) + "?lang=en")
    assert pdf.status_code == 200


def test_candidate_sees_the_dossier_from_the_linked_file(client_for, qq, advisor, participant):
    user = UserFactory()
    participant.user = user
    participant.save(update_fields=["user"])
    qq_file = ParticipantFactory(organisation=qq, linked_file=participant)
    f.dossier(qq=qq, participant=qq_file, phase=Phase.SENT)
    page = client_for(user).get(reverse("certificates:mine"))
    assert page.status_code == 200
    [item] = page.context["recognitions"]
    assert item.dossier.phase == Phase.SENT
    assert "sectoral committee" in item.situation or "comité" in item.situation


def test_someone_elses_credential_is_404(client_for, qq, advisor):
    credential = _issued(qq, advisor, ParticipantFactory(organisation=qq, user=UserFactory()))
    stranger = UserFactory()
    ParticipantFactory(organisation=qq, user=stranger)
    client = client_for(stranger)
    assert (
        client.get(reverse("certificates:credential_pdf", args=[credential.pk])).status_code == 404
    )
    assert client.get(reverse("certificates:mine")).context["recognitions"] == []


def test_cle_agent_does_not_print_the_record(client_for, qq, advisor, cle):
    credential = _issued(qq, advisor, ParticipantFactory(organisation=qq))
    Dossier.objects.filter(pk=credential.dossier_id).update(cle=cle)
    agent = member(cle, Role.CLE_AGENT)
    response = client_for(agent).get(reverse("certificates:credential_pdf", args=[credential.pk]))
    assert response.status_code == 403


def test_staff_without_a_file_get_404_on_my_recognitions(client_for, advisor):
    assert client_for(advisor).get(reverse("certificates:mine")).status_code == 404


def test_hostile_text_prints_literally(qq, advisor):
    from atout.certificates.selectors import credential_payload
    from atout.documents.rendering.credential import render_credential

    participant = ParticipantFactory(
        organisation=qq, given_names='#set page(width: 1pt) "]}', family_name="\u202eX\x07" * 3
    )
    credential = _issued(qq, advisor, participant)
    Credential.objects.filter(pk=credential.pk).update(
        number="#set text(size: 200pt)", issuer="É" * 200
    )
    credential.refresh_from_db()
    for lang in ("fr", "en"):
        document = render_credential(credential_payload(credential, lang))
        assert document.content.startswith(b"%PDF")
        assert document.name.endswith(".pdf")


def test_registry_lists_and_renders_the_qq_files_credentials(qq, advisor):
    from atout.certificates import selectors
    from atout.documents.kinds import NothingToRender

    participant = ParticipantFactory(organisation=qq)
    with pytest.raises(NothingToRender):
        selectors.render_for_registry(participant, lang="fr")
    credential = _issued(qq, advisor, participant)
    [summary] = selectors.credential_summaries(advisor, participant)
    assert summary.url == reverse("certificates:credential_pdf", args=[credential.pk])
    assert selectors.render_for_registry(participant, lang="en").content.startswith(b"%PDF")
    assert selectors.credential_summaries(f.advisor(f.qq_organisation()), participant) == []
