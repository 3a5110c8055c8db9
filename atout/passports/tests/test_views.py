import pytest
from django.urls import reverse

from atout.passports import services
from atout.passports.models import Passport

pytestmark = pytest.mark.django_db


@pytest.fixture
def passport(participant, counsellor):
    return services.passport_start(participant=participant, actor=counsellor)


def step_url(participant, step):
    return reverse("passports:step", kwargs={"pk": participant.pk, "step": step})


def test_start_page_then_creation(client_for, counsellor, participant):
    client = client_for(counsellor)
    url = reverse("passports:home", kwargs={"pk": participant.pk})
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response["Location"] == step_url(participant, "identification")
    assert Passport.objects.filter(participant=participant).exists()


@pytest.mark.parametrize(
    "step",
    ["identification", "objectif", "competences-de-base", "competences-cles", "preuves", "aide"],
)
def test_every_step_renders(client_for, counsellor, participant, passport, step):
    response = client_for(counsellor).get(step_url(participant, step))
    assert response.status_code == 200
    assert 'id="preview"' in response.content.decode()


def test_objective_saves_without_javascript_and_moves_on(
    client_for, counsellor, participant, passport
):
    response = client_for(counsellor).post(
        step_url(participant, "objectif"),
        {
            "version": passport.version,
            "objective_kind": "precise",
            "objective_fr": "Je souhaite travailler comme caissière de jour.",
            "go": "competences-de-base",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == step_url(participant, "competences-de-base")
    passport.refresh_from_db()
    assert passport.objective_fr.startswith("Je souhaite")


def test_autosave_answers_with_the_new_version(client_for, counsellor, participant, passport):
    response = client_for(counsellor).post(
        step_url(participant, "competences-de-base"),
        {"version": passport.version, "software_fr": "Word, Excel"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "passport-saved"
    passport.refresh_from_db()
    assert f'value="{passport.version}"' in response.content.decode()


def test_concurrent_edit_is_a_conflict_that_keeps_the_typed_text(
    client_for, counsellor, org_admin, participant, passport
):
    start = passport.version
    client_for(org_admin).post(
        step_url(participant, "objectif"),
        {"version": start, "objective_kind": "precise", "objective_fr": "Version de Nathalie"},
    )
    response = client_for(counsellor).post(
        step_url(participant, "objectif"),
        {"version": start, "objective_kind": "precise", "objective_fr": "Version de Geneviève"},
    )
    assert response.status_code == 409
    assert "Version de Geneviève" in response.content.decode()
    passport.refresh_from_db()
    assert passport.objective_fr == "Version de Nathalie"


def test_identification_changes_employer_consent_in_the_file(
    client_for, counsellor, participant, passport
):
    client_for(counsellor).post(
        step_url(participant, "identification"),
        {
            "version": passport.version,
            "languages": "fr",
            "given_names": "Émilie",
            "family_name": "Gagnon",
            "employer_email": "on",
        },
    )
    consent = participant.consents.get(field="email", audience="employer")
    assert consent.granted and consent.decided_by == counsellor


def action_url(participant, name):
    return reverse(f"passports:{name}", kwargs={"pk": participant.pk})


def test_key_competencies_add_move_remove(client_for, counsellor, participant, passport):
    client = client_for(counsellor)
    for title in ["Écouter", "Organiser"]:
        response = client.post(action_url(participant, "kc_add"), {"title_fr": title})
        assert response.status_code == 302
    first, second = passport.key_competencies.all()
    client.post(action_url(participant, "kc_down"), {"key_competency": first.pk})
    assert list(passport.key_competencies.values_list("title_fr", flat=True)) == [
        "Organiser",
        "Écouter",
    ]
    client.post(action_url(participant, "kc_remove"), {"key_competency": second.pk})
    assert passport.key_competencies.count() == 1
    response = client.post(action_url(participant, "kc_add"), {})
    assert response.status_code == 422


def test_evidence_step_write_link_and_detach(client_for, counsellor, participant, passport):
    kc = services.key_competency_add(passport=passport, actor=counsellor, title_fr="Fiabilité")
    client = client_for(counsellor)
    response = client.post(
        action_url(participant, "evidence_write"),
        {
            "key_competency": kc.pk,
            f"w{kc.pk}-situation_fr": "Banque alimentaire",
            f"w{kc.pk}-action_fr": "J'ai ouvert le local",
            f"w{kc.pk}-result_fr": "Deux ans sans retard",
        },
    )
    assert response.status_code == 302
    assert kc.evidence.count() == 1
    client.post(
        action_url(participant, "evidence_link"),
        {"key_competency": kc.pk, f"kc{kc.pk}-link_fr": "Un hôtel compte sur vous"},
    )
    kc.refresh_from_db()
    assert kc.link_fr == "Un hôtel compte sur vous"
    bad = client.post(
        action_url(participant, "evidence_write"),
        {"key_competency": kc.pk, f"w{kc.pk}-situation_fr": ""},
    )
    assert bad.status_code == 422
    achievement = kc.evidence.get().achievement
    client.post(
        action_url(participant, "evidence_detach"),
        {"key_competency": kc.pk, "achievement": achievement.pk},
    )
    assert kc.evidence.count() == 0


def test_review_approval_by_participant_and_in_person(
    client_for, counsellor, participant_user, participant, passport
):
    url = step_url(participant, "revision")
    assert client_for(participant_user).get(url).status_code == 200
    client_for(participant_user).post(action_url(participant, "approve"))
    passport.refresh_from_db()
    assert passport.status == Passport.Status.APPROVED
    assert passport.versions.count() == 1


def test_participant_cannot_edit_steps(client_for, participant_user, participant, passport):
    response = client_for(participant_user).get(step_url(participant, "objectif"))
    assert response.status_code == 403


def test_unknown_step_is_404(client_for, counsellor, participant, passport):
    assert client_for(counsellor).get(step_url(participant, "nope")).status_code == 404


def test_logo_upload_sanitises_svg(client_for, counsellor, participant, passport):
    from django.core.files.uploadedfile import SimpleUploadedFile

    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<script>alert(1)</script><image xlink:href="file:///etc/passwd"/>'
        b'<circle cx="5" cy="5" r="4" onclick="x()" fill="url(http://127.0.0.1:9/x)"/></svg>'
    )
    client_for(counsellor).post(
        reverse("passports:logo", kwargs={"pk": participant.pk}),
        {"logo": SimpleUploadedFile("logo.svg", svg, "image/svg+xml")},
    )
    passport.refresh_from_db()
    stored = passport.logo.read()
    assert b"<circle" in stored
    for bad in (b"script", b"passwd", b"onclick", b"127.0.0.1"):
        assert bad not in stored


def test_logo_upload_refuses_other_files(client_for, counsellor, participant, passport):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client_for(counsellor).post(
        reverse("passports:logo", kwargs={"pk": participant.pk}),
        {"logo": SimpleUploadedFile("logo.png", b"\x7fELF\x02\x01\x01" + b"\0" * 100)},
    )
    passport.refresh_from_db()
    assert not passport.logo


def test_a_frozen_version_reprints_byte_for_byte(
    client_for, counsellor, participant, passport, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the worker makes the PDFs
        version = services.passport_approve(passport=passport, actor=counsellor, in_person=True)
    stored = {(d.variant, d.lang): d.file.read() for d in version.documents.all()}
    assert set(stored) == {("colour", "fr"), ("copy", "fr")}
    url = reverse("passports:version_document", kwargs={"pk": version.pk})
    client = client_for(counsellor)
    for variant in ("colour", "copy"):
        response = client.get(url, {"variant": variant, "lang": "fr"})
        assert response.status_code == 200
        assert response.content == stored[(variant, "fr")]
    # The draft moves on; the version does not.
    services.passport_update(
        passport=passport, actor=counsellor, data={"objective_fr": "Autre"}, expected_version=None
    )
    assert client.get(url, {"variant": "colour"}).content == stored[("colour", "fr")]


def test_documents_of_the_draft(client_for, counsellor, participant, passport):
    client = client_for(counsellor)
    url = reverse("passports:draft_document", kwargs={"pk": participant.pk})
    pdf = client.get(url, {"variant": "copy"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(url, {"format": "docx"})
    assert docx["Content-Disposition"].startswith("attachment")
    preview = client.get(reverse("passports:preview", kwargs={"pk": participant.pk}))
    assert preview.content.decode().count('class="preview-page" src="/') >= 2


def test_participant_review_page_shows_no_edit_steps(
    client_for, participant_user, participant, passport
):
    html = client_for(participant_user).get(step_url(participant, "revision")).content.decode()
    assert step_url(participant, "objectif") not in html
    assert action_url(participant, "approve") in html


def test_identification_saves_names_and_consent_in_one_go(
    client_for, counsellor, participant, passport
):
    response = client_for(counsellor).post(
        step_url(participant, "identification"),
        {
            "version": passport.version,
            "languages": "fr",
            "given_names": "Émilie-Rose",
            "family_name": "Gagnon",
            "employer_mobile_phone": "on",
        },
    )
    assert response.status_code == 302
    passport.refresh_from_db()
    assert passport.given_names == "Émilie-Rose"
    assert participant.consents.get(field="mobile_phone", audience="employer").granted
