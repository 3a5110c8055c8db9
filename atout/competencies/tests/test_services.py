import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from atout.common.errors import ConflictError
from atout.competencies import selectors, services
from atout.competencies.models import Indicator, SelfEvaluation, SoughtCompetency, WorkforceProfile
from atout.evidence.models import Achievement

pytestmark = pytest.mark.django_db


def answer_all(evaluation, actor, value):
    for indicator in Indicator.objects.filter(competency__framework=evaluation.framework):
        services.answer_save(evaluation=evaluation, indicator=indicator, value=value, actor=actor)


def test_shipped_framework_is_complete(framework):
    families = selectors.framework_tree(framework)
    assert len(families) >= 6
    competencies = [c for f in families for c in f.competencies.all()]
    assert 25 <= len(competencies) <= 32
    for competency in competencies:
        assert competency.name_fr and competency.name_en
        assert 3 <= len(competency.indicators.all()) <= 5
    assert sorted(level["value"] for level in framework.scale) == [0, 1, 2, 3, 4]


def test_start_resumes_the_unfinished_evaluation(framework, participant, counsellor):
    first = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    again = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    assert first == again


def test_participant_fills_their_own_and_not_someone_elses(
    framework, participant, participant_user, outsider
):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=participant_user
    )
    indicator = Indicator.objects.filter(competency__framework=framework).first()
    services.answer_save(
        evaluation=evaluation, indicator=indicator, value=3, actor=participant_user
    )
    with pytest.raises(PermissionDenied):
        services.answer_save(evaluation=evaluation, indicator=indicator, value=1, actor=outsider)
    assert evaluation.answers.get().value == 3


def test_answers_are_upserted_and_validated(framework, participant, counsellor):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    indicator = Indicator.objects.filter(competency__framework=framework).first()
    services.answer_save(evaluation=evaluation, indicator=indicator, value=2, actor=counsellor)
    services.answer_save(evaluation=evaluation, indicator=indicator, value=4, actor=counsellor)
    assert evaluation.answers.get().value == 4
    with pytest.raises(ValidationError):
        services.answer_save(evaluation=evaluation, indicator=indicator, value=7, actor=counsellor)


def test_results_strengths_development_and_comparison(framework, participant, counsellor):
    first = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    answer_all(first, counsellor, 2)
    services.evaluation_complete(evaluation=first, actor=counsellor)
    second = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    assert second != first
    answer_all(second, counsellor, 4)
    services.evaluation_complete(evaluation=second, actor=counsellor)
    results = selectors.evaluation_results(second)
    assert results.previous == first
    assert results.answered == results.total
    row = results.families[0].competencies[0]
    assert row.mean == 4 and row.previous_mean == 2 and row.change == 2
    competencies = [r for f in results.families for r in f.competencies]
    # All answered 4 ("easily"): every competency is a strength, none is to develop.
    assert len(results.strengths) == len(competencies) > 0
    assert results.development == []
    assert all(r.band == "strong" for f in results.families for r in f.competencies)
    assert selectors.evaluation_results(first).development


def test_dont_know_answers_are_left_out_of_means(framework, participant, counsellor):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    competency = framework.competencies.first()
    values = [4, 0, 2]
    for indicator, value in zip(competency.indicators.all(), values, strict=False):
        services.answer_save(
            evaluation=evaluation, indicator=indicator, value=value, actor=counsellor
        )
    assert selectors.competency_means(evaluation)[competency.pk] == 3.0


def test_completing_needs_an_answer(framework, participant, counsellor):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    with pytest.raises(ValidationError):
        services.evaluation_complete(evaluation=evaluation, actor=counsellor)
    assert evaluation.status == SelfEvaluation.Status.IN_PROGRESS


def test_annotation_by_counsellor_not_by_participant(
    framework, participant, participant_user, counsellor
):
    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    competency = framework.competencies.first()
    services.annotation_set(
        evaluation=evaluation, competency=competency, actor=counsellor, text="À valoriser"
    )
    with pytest.raises(PermissionDenied):
        services.annotation_set(
            evaluation=evaluation, competency=competency, actor=participant_user, text="x"
        )
    assert selectors.evaluation_results(evaluation).families[0].competencies[0].annotation == (
        "À valoriser"
    )


def test_language_line_for_the_passport(participant, counsellor):
    from django.utils import translation

    services.language_assessment_save(
        participant=participant,
        actor=counsellor,
        language="fr",
        data={"is_mother_tongue": True},
        expected_version=None,
    )
    services.language_assessment_save(
        participant=participant,
        actor=counsellor,
        language="en",
        data={
            "listening": "B2",
            "reading": "B1",
            "spoken_interaction": "B1",
            "spoken_production": "A2",
            "writing": "B1",
        },
        expected_version=None,
    )
    with translation.override("fr-ca"):
        line = selectors.languages_line(participant, "fr")
    assert line == "français\u00a0: langue maternelle ; anglais\u00a0: intermédiaire (B1)"
    assert selectors.languages_line(participant, "en") == (
        "French: mother tongue; English: intermediate (B1)"
    )


def test_language_conflict(participant, counsellor):
    saved = services.language_assessment_save(
        participant=participant,
        actor=counsellor,
        language="es",
        data={"listening": "A2"},
        expected_version=None,
    )
    services.language_assessment_save(
        participant=participant,
        actor=counsellor,
        language="es",
        data={"listening": "B1"},
        expected_version=saved.version,
    )
    with pytest.raises(ConflictError):
        services.language_assessment_save(
            participant=participant,
            actor=counsellor,
            language="es",
            data={"listening": "C1"},
            expected_version=saved.version,
        )


def test_profiles_load_and_coverage_ranks(framework, participant, counsellor):
    from atout.competencies import reference

    count = services.profiles_import(
        data=reference.load_json(reference.WORKFORCE_PROFILES), framework=framework
    )
    assert count >= 28
    assert WorkforceProfile.objects.filter(noc_code="65100").exists()
    profile = WorkforceProfile.objects.get(noc_code="65100")
    top = profile.sought.order_by("-importance").first()
    achievement = Achievement.objects.create(
        participant=participant, situation="Caisse au marché", action="J'ai compté", result="0 $"
    )
    achievement.competencies.add(top.competency)
    result = selectors.coverage(participant=participant, profile=profile)
    assert len(result.rows) == profile.sought.count()
    assert result.suggestions[0].competency_id == top.competency_id
    assert result.suggestions[0].evidence_count == 1


def test_custom_profile_is_scoped_to_the_organisation(
    framework, organisation, counsellor, outsider
):
    competency = framework.competencies.first()
    profile = services.custom_profile_create(
        organisation=organisation,
        actor=counsellor,
        title="Commis — Épicerie Dupont",
        employer_name="Épicerie Dupont",
        posting_text="Nous cherchons…",
        sought=[(competency, 3)],
    )
    assert SoughtCompetency.objects.get(profile=profile).importance == 3
    assert profile in selectors.profiles_for(user=counsellor)
    assert profile not in selectors.profiles_for(user=outsider)
    with pytest.raises(PermissionDenied):
        services.custom_profile_create(
            organisation=organisation,
            actor=outsider,
            title="x",
            employer_name="",
            posting_text="",
            sought=[(competency, 1)],
        )


def test_own_competency_is_seen_only_by_its_organisation(
    framework, organisation, org_admin, outsider, counsellor
):
    competency = services.own_competency_add(
        organisation=organisation,
        actor=org_admin,
        data={"name_fr": "Conduire un chariot élévateur", "name_en": "Driving a forklift"},
    )
    assert competency in selectors.competencies_for(
        organisation_id=organisation.pk, framework=framework
    )
    assert competency not in selectors.competencies_for(
        organisation_id=outsider.memberships.get().organisation_id, framework=framework
    )
    with pytest.raises(PermissionDenied):
        services.own_competency_add(
            organisation=organisation, actor=counsellor, data={"name_fr": "x"}
        )


def test_an_import_cannot_take_over_another_organisations_framework(
    organisation, other_organisation, org_admin
):
    from atout.competencies import importing

    row = "F,Famille,Family,C1,Nom,Name,,,C1-a,Je peux,I can"
    raw = (",".join(importing.CSV_COLUMNS) + "\n" + row + "\n").encode()
    meta = {"code": "NOTRE", "version": "1", "name_fr": "Le nôtre"}
    mine = services.framework_import(
        parsed=importing.parse_csv(raw), organisation=organisation, meta=meta
    )
    with pytest.raises(ValidationError):
        services.framework_import(
            parsed=importing.parse_csv(raw), organisation=other_organisation, meta=meta
        )
    mine.refresh_from_db()
    assert mine.organisation == organisation
    with pytest.raises(ValidationError):
        services.framework_import(
            parsed=importing.parse_csv(raw),
            organisation=other_organisation,
            meta={**meta, "code": f"ORG-{organisation.pk}"},
        )


def test_strengths_alone_match_the_full_results(framework, participant, counsellor):
    from atout.competencies.models import Indicator

    evaluation = services.evaluation_start(
        participant=participant, framework=framework, actor=counsellor
    )
    indicators = Indicator.objects.filter(competency__framework=framework).order_by("pk")
    for n, indicator in enumerate(indicators):
        services.answer_save(
            evaluation=evaluation, indicator=indicator, value=(n % 5), actor=counsellor
        )
    full = selectors.evaluation_results(evaluation).strengths
    alone = selectors.evaluation_strengths(evaluation)
    assert 0 < len(full) < indicators.values("competency").distinct().count()
    assert [(r.competency, r.mean) for r in full] == alone
