import json
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atout.competencies import importing, reference, services
from atout.competencies.models import (
    CompetencyFramework,
    Indicator,
    LanguageAssessment,
    SelfEvaluation,
    WorkforceProfile,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiles(framework):
    services.profiles_import(
        data=reference.load_json(reference.WORKFORCE_PROFILES), framework=framework
    )
    return WorkforceProfile.objects.all()


def test_start_then_walk_the_questionnaire_without_javascript(
    client_for, participant_user, participant, framework
):
    client = client_for(participant_user)
    url = reverse("competencies:evaluation_list", kwargs={"pk": participant.pk})
    assert client.get(url).status_code == 200
    response = client.post(url)
    evaluation = SelfEvaluation.objects.get(participant=participant)
    assert response["Location"].endswith(f"/autoevaluations/{evaluation.pk}/etape/1/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Comprendre les consignes" in page.content.decode()
    first_family = framework.families.order_by("position").first()
    indicators = Indicator.objects.filter(competency__family=first_family)
    data = {f"indicator-{i.pk}": "3" for i in indicators} | {"action": "next"}
    response = client.post(response["Location"], data)
    assert response.status_code == 302 and response["Location"].endswith("/etape/2/")
    assert evaluation.answers.count() == indicators.count()


def test_autosave_of_one_answer(client_for, counsellor, participant, framework):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    indicator = Indicator.objects.filter(competency__framework=framework).first()
    client = client_for(counsellor)
    url = reverse("competencies:evaluation_answer", kwargs={"pk": evaluation.pk})
    response = client.post(url, {f"indicator-{indicator.pk}": "4"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "1" in response.content.decode()
    assert evaluation.answers.get().value == 4
    bad = client.post(url, {f"indicator-{indicator.pk}": "9"})
    assert bad.status_code == 422
    assert evaluation.answers.get().value == 4
    assert client.post(url, {"indicator-999999": "1"}).status_code == 422


def test_review_finish_results_and_pdf(client_for, counsellor, participant, framework):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    for indicator in Indicator.objects.filter(competency__framework=framework)[:10]:
        services.answer_save(evaluation=evaluation, indicator=indicator, value=4, actor=counsellor)
    client = client_for(counsellor)
    review = reverse("competencies:evaluation_review", kwargs={"pk": evaluation.pk})
    assert client.get(review).status_code == 200
    response = client.post(review)
    assert response.status_code == 302
    results = client.get(response["Location"])
    assert results.status_code == 200
    html = results.content.decode()
    assert "<svg" in html and "<table" in html
    pdf = client.get(reverse("competencies:evaluation_pdf", kwargs={"pk": evaluation.pk}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # A finished evaluation cannot be answered any more.
    step = reverse("competencies:evaluation_step", kwargs={"pk": evaluation.pk, "step": 1})
    assert client.get(step).status_code == 302


def test_annotation_and_comment(client_for, counsellor, participant, framework):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    competency = framework.competencies.first()
    client = client_for(counsellor)
    url = reverse("competencies:evaluation_annotate", kwargs={"pk": evaluation.pk})
    client.post(url, {"competency": competency.pk, "text": "<b>Très fiable</b>"})
    client.post(url, {"counsellor_comment": "Bonne progression"})
    evaluation.refresh_from_db()
    assert evaluation.counsellor_comment == "Bonne progression"
    html = client.get(
        reverse("competencies:evaluation_results", kwargs={"pk": evaluation.pk})
    ).content.decode()
    assert "&lt;b&gt;Très fiable&lt;/b&gt;" in html


def test_participant_cannot_annotate(client_for, participant_user, participant, framework):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=participant_user
    )
    url = reverse("competencies:evaluation_annotate", kwargs={"pk": evaluation.pk})
    response = client_for(participant_user).post(url, {"counsellor_comment": "x"})
    assert response.status_code == 403


def test_language_form_saves_and_shows_the_passport_line(client_for, counsellor, participant):
    client = client_for(counsellor)
    add = reverse("competencies:language_add", kwargs={"pk": participant.pk})
    assert client.get(add).status_code == 200
    response = client.post(add, {"language": "fr", "is_mother_tongue": "on"})
    assert response.status_code == 302
    client.post(add, {"language": "en", "listening": "B1", "reading": "B1", "writing": "A2"})
    page = client.get(reverse("competencies:language_list", kwargs={"pk": participant.pk}))
    assert "langue maternelle" in page.content.decode()
    assert LanguageAssessment.objects.get(language="en").reading == "B1"


def test_language_form_keeps_choices_on_error(client_for, counsellor, participant):
    add = reverse("competencies:language_add", kwargs={"pk": participant.pk})
    response = client_for(counsellor).post(add, {"language": "en", "test_result": "TEFAQ"})
    assert response.status_code == 422
    assert 'value="TEFAQ"' in response.content.decode()
    assert not LanguageAssessment.objects.exists()


def test_coverage_page_ranks_suggestions(client_for, counsellor, participant, profiles):
    client = client_for(counsellor)
    choose = client.get(
        reverse("competencies:coverage_choose", kwargs={"pk": participant.pk}), {"q": "caiss"}
    )
    assert choose.status_code == 200
    profile = profiles.get(noc_code="65100")
    page = client.get(
        reverse("competencies:coverage", kwargs={"pk": participant.pk, "profile_pk": profile.pk})
    )
    assert page.status_code == 200
    assert page.content.decode().count('class="reason"') == profile.sought.count()


def test_framework_list_detail_and_exports(client_for, counsellor, framework):
    client = client_for(counsellor)
    assert client.get(reverse("competencies:framework_list")).status_code == 200
    assert (
        client.get(
            reverse("competencies:framework_detail", kwargs={"pk": framework.pk})
        ).status_code
        == 200
    )
    as_json = client.get(reverse("competencies:framework_export_json", kwargs={"pk": framework.pk}))
    assert json.loads(as_json.content)["code"] == "ATOUT-CG"
    as_csv = client.get(reverse("competencies:framework_export_csv", kwargs={"pk": framework.pk}))
    assert importing.parse_csv(as_csv.content).ok


def test_import_view_reports_lines_and_imports_nothing(client_for, org_admin):
    header = ",".join(importing.CSV_COLUMNS)
    row = "F,Famille,Family,C1,Nom,Name,,,C1-a,Je peux,I can"
    bad = SimpleUploadedFile("r.csv", f"{header}\n{row}\n{row}\n".encode(), "text/csv")
    client = client_for(org_admin)
    url = reverse("competencies:framework_import")
    response = client.post(
        url, {"upload": bad, "code": "NOUS", "version": "1", "name_fr": "Nos compétences"}
    )
    assert response.status_code == 422
    assert "3" in response.content.decode()
    assert not CompetencyFramework.objects.filter(code="NOUS").exists()
    good = SimpleUploadedFile("r.csv", f"{header}\n{row}\n".encode(), "text/csv")
    response = client.post(
        url, {"upload": good, "code": "NOUS", "version": "1", "name_fr": "Nos compétences"}
    )
    assert response.status_code == 302
    assert CompetencyFramework.objects.get(code="NOUS").organisation is not None


def test_counsellor_cannot_import(client_for, counsellor):
    assert client_for(counsellor).get(reverse("competencies:framework_import")).status_code == 403


def test_custom_profile_from_a_posting_is_private(
    client_for, counsellor, outsider, framework, organisation
):
    competency = framework.competencies.first()
    client = client_for(counsellor)
    url = reverse("competencies:profile_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Commis d'épicerie",
            "employer_name": "Épicerie du quartier",
            "posting_text": "Nous cherchons une personne fiable.",
            f"importance_{competency.pk}": "3",
        },
    )
    assert response.status_code == 302
    profile = WorkforceProfile.objects.get(organisation=organisation)
    detail = reverse("competencies:profile_detail", kwargs={"pk": profile.pk})
    assert client.get(detail).status_code == 200
    assert client_for(outsider).get(detail).status_code == 404


def test_profile_form_needs_a_competency(client_for, counsellor, framework):
    response = client_for(counsellor).post(
        reverse("competencies:profile_create"), {"title": "Commis", "noc_code": "123"}
    )
    assert response.status_code == 422
    assert not WorkforceProfile.objects.exists()


def test_cle_agent_has_no_self_evaluation_access(client_for, cle_agent, participant):
    url = reverse("competencies:evaluation_list", kwargs={"pk": participant.pk})
    assert client_for(cle_agent).get(url).status_code == 403


def test_refused_annotation_keeps_the_typed_text(client_for, counsellor, participant, framework):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    competency = framework.competencies.first()
    url = reverse("competencies:evaluation_annotate", kwargs={"pk": evaluation.pk})
    typed = "Très bien\x07 avec la clientèle"
    response = client_for(counsellor).post(url, {"competency": competency.pk, "text": typed})
    assert response.status_code == 422
    assert "Très bien" in response.content.decode()
    assert not evaluation.annotations.exists()
    long_comment = "x" * 6000
    response = client_for(counsellor).post(url, {"counsellor_comment": long_comment})
    assert response.status_code == 422 and long_comment in response.content.decode()


def test_refused_answers_are_tied_to_their_statement(
    client_for, counsellor, participant, framework
):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    first_family = framework.families.order_by("position").first()
    good, bad = Indicator.objects.filter(competency__family=first_family)[:2]
    url = reverse("competencies:evaluation_step", kwargs={"pk": evaluation.pk, "step": 1})
    response = client_for(counsellor).post(
        url, {f"indicator-{good.pk}": "3", f"indicator-{bad.pk}": "9" * 5000, "action": "next"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    error_id = f"statement-{bad.pk}-error"
    assert f'aria-describedby="{error_id}"' in html
    assert f'id="{error_id}"' in html
    assert f'href="#statement-{bad.pk}"' in html
    assert html.count('aria-invalid="true"') == len(evaluation.framework.scale)
    assert f"statement-{good.pk}-error" not in html
    assert dict(evaluation.answers.values_list("indicator_id", "value")) == {good.pk: 3}


@pytest.mark.parametrize(
    "data",
    [
        {"indicator-abc": "1"},
        {"indicator-" + "9" * 5000: "1"},
        {"indicator-99999999999999999999": "1"},
        {"indicator-١": "1"},
        {"indicator-{first}": "abc"},
        {"indicator-{first}": "٣"},
        {"indicator-{first}": "1e3"},
        {},
    ],
)
def test_autosave_refuses_malformed_ids_and_answers(
    client_for, counsellor, participant, framework, data
):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    first = Indicator.objects.filter(competency__framework=framework).first()
    data = {k.replace("{first}", str(first.pk)): v for k, v in data.items()}
    url = reverse("competencies:evaluation_answer", kwargs={"pk": evaluation.pk})
    # urlencoded: in a multipart body, a 5,000-character name is refused by Django itself.
    response = client_for(counsellor).post(
        url, urlencode(data), "application/x-www-form-urlencoded", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert not evaluation.answers.exists()


@pytest.mark.parametrize("competency", ["abc", "", "1e3", "-1", "9" * 5000, "99999999999999999999"])
def test_annotation_for_a_malformed_competency_is_not_found(
    client_for, counsellor, participant, framework, competency
):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    url = reverse("competencies:evaluation_annotate", kwargs={"pk": evaluation.pk})
    response = client_for(counsellor).post(url, {"competency": competency, "text": "Bien"})
    assert response.status_code == 404
    assert not evaluation.annotations.exists()


def test_refused_annotation_is_tied_to_its_textarea(client_for, counsellor, participant, framework):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    competency = framework.competencies.first()
    url = reverse("competencies:evaluation_annotate", kwargs={"pk": evaluation.pk})
    response = client_for(counsellor).post(url, {"competency": competency.pk, "text": "x\x00"})
    assert response.status_code == 422
    html = response.content.decode()
    assert f'aria-describedby="annotation-{competency.pk}-error"' in html
    assert f'<ul class="errorlist" id="annotation-{competency.pk}-error"><li>' in html
    assert 'id="error-summary"' in html


def framework_file(name: str, raw: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, raw, "application/octet-stream")


GOOD_JSON = {
    "code": "NOUS",
    "version": "1",
    "name_fr": "Nos compétences",
    "families": [
        {
            "code": "F",
            "name_fr": "Famille",
            "competencies": [
                {"code": "C1", "name_fr": "Nom", "indicators": [{"code": "a", "text_fr": "Je"}]}
            ],
        }
    ],
}


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b'{"families": [\n' + b"[" * 1000 + b"]" * 1000 + b"]}", " 2"),
        (json.dumps({**GOOD_JSON, "version": "V"}).replace('"V"', "NaN").encode(), "version"),
        (json.dumps({**GOOD_JSON, "code": 12}).encode(), "code"),
        (
            json.dumps({**GOOD_JSON, "scale": "N"})
            .replace('"N"', '[{"value": 1' + "0" * 5000 + "}]")
            .encode(),
            "scale[0].value",
        ),
    ],
)
def test_hostile_framework_files_answer_422_with_their_path(client_for, org_admin, raw, where):
    response = client_for(org_admin).post(
        reverse("competencies:framework_import"), {"upload": framework_file("r.json", raw)}
    )
    assert response.status_code == 422
    assert where in response.content.decode()
    assert not CompetencyFramework.objects.exists()


def test_json_file_with_a_byte_order_mark_imports(client_for, org_admin):
    raw = "\ufeff".encode() + json.dumps(GOOD_JSON).encode()
    response = client_for(org_admin).post(
        reverse("competencies:framework_import"), {"upload": framework_file("r.json", raw)}
    )
    assert response.status_code == 302
    assert CompetencyFramework.objects.get(code="NOUS").competencies.count() == 1


@pytest.mark.parametrize("code", ["ATOUT-CG", "atout-cg"])
def test_organisation_cannot_import_under_atouts_code(client_for, org_admin, framework, code):
    raw = json.dumps({**GOOD_JSON, "code": code, "version": "2099"}).encode()
    response = client_for(org_admin).post(
        reverse("competencies:framework_import"), {"upload": framework_file("r.json", raw)}
    )
    assert response.status_code == 422
    assert list(CompetencyFramework.objects.values_list("code", "version")) == [
        ("ATOUT-CG", framework.version)
    ]


def test_csv_export_cells_cannot_run_as_formulas(client_for, org_admin):
    header = ",".join(importing.CSV_COLUMNS)
    row = 'F,"=HYPERLINK(""http://x"")",Family,C1,-5 ans,@Name,,,a,+1,I can'
    upload = SimpleUploadedFile("r.csv", f"{header}\n{row}\n".encode(), "text/csv")
    client = client_for(org_admin)
    response = client.post(
        reverse("competencies:framework_import"),
        {"upload": upload, "code": "NOUS", "version": "1", "name_fr": "Nos compétences"},
    )
    assert response.status_code == 302
    framework = CompetencyFramework.objects.get(code="NOUS")
    exported = client.get(reverse("competencies:framework_export_csv", kwargs={"pk": framework.pk}))
    text = exported.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",'-5 ans," in text and ",'@Name," in text
    assert ",'+1," in text
    assert importing.parse_csv(exported.content).families[0]["name_fr"] == '=HYPERLINK("http://x")'


def test_own_competency_and_profile_errors_answer_422(client_for, org_admin, framework):
    client = client_for(org_admin)
    response = client.post(reverse("competencies:own_competency_add"), {"name_fr": "x\x00"})
    assert response.status_code == 422
    response = client.post(reverse("competencies:profile_create"), {"title": ""})
    assert response.status_code == 422
    assert not WorkforceProfile.objects.filter(organisation__isnull=False).exists()


def test_finishing_without_any_answer_is_refused_with_422(
    client_for, counsellor, participant, framework
):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    url = reverse("competencies:evaluation_review", kwargs={"pk": evaluation.pk})
    response = client_for(counsellor).post(url)
    assert response.status_code == 422
    evaluation.refresh_from_db()
    assert evaluation.status == SelfEvaluation.Status.IN_PROGRESS
