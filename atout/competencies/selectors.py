"""Reads: frameworks for the questionnaire, results, language lines, coverage of a profile."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from atout.accounts.scoping import user_memberships
from atout.competencies import matching
from atout.competencies.models import (
    CEFR_LEVELS,
    LANGUAGE_SKILLS,
    Competency,
    CompetencyAnnotation,
    CompetencyFamily,
    CompetencyFramework,
    Indicator,
    LanguageAssessment,
    SelfEvaluation,
    SoughtCompetency,
    WorkforceProfile,
)
from atout.competencies.reference import language_data
from atout.formats.dates import date_format
from atout.participants.models import Participant

GENERIC_FRAMEWORK_CODE = "ATOUT-CG"


def _org_ids(user: Any) -> list[int]:
    return sorted({org_id for org_id, _role in user_memberships(user)})


def frameworks_for(*, user: Any) -> QuerySet[CompetencyFramework]:
    return (
        CompetencyFramework.objects.available_to(_org_ids(user))
        .filter(is_active=True)
        .annotate(competency_count=Count("competencies"))
    )


def generic_framework() -> CompetencyFramework | None:
    return (
        CompetencyFramework.objects.filter(
            code=GENERIC_FRAMEWORK_CODE, is_active=True, organisation__isnull=True
        )
        .order_by("-version")
        .first()
    )


def framework_tree(framework: CompetencyFramework) -> list[CompetencyFamily]:
    """Families with their competencies and indicators, in order, in three queries."""
    return list(
        framework.families.prefetch_related(
            Prefetch(
                "competencies",
                queryset=Competency.objects.order_by("position", "code").prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("position"))
                ),
            )
        ).order_by("position", "code")
    )


def competencies_for(
    *, organisation_id: int | None, framework: CompetencyFramework | None
) -> QuerySet[Competency]:
    """The shared framework's competencies, then one organisation's own.

    Scoped to the organisation of the file (or page) at hand, not to every organisation the
    user belongs to: a person in two organisations must not carry one's private
    competencies into the other's files.
    """
    shared = Q(framework=framework) if framework else Q(pk__in=[])
    own = Q(organisation_id=organisation_id) if organisation_id else Q(pk__in=[])
    return (
        Competency.objects.filter(shared | own)
        .select_related("family", "framework")
        .order_by("framework__organisation_id", "family__position", "position", "code")
    )


def profiles_for(*, user: Any, query: str = "") -> QuerySet[WorkforceProfile]:
    qs = WorkforceProfile.objects.available_to(_org_ids(user)).filter(is_active=True)
    if query:
        qs = qs.filter(
            Q(title_fr__icontains=query)
            | Q(title_en__icontains=query)
            | Q(common_title_fr__icontains=query)
            | Q(common_title_en__icontains=query)
            | Q(noc_code__startswith=query)
        )
    return qs.annotate(sought_count=Count("sought"))


def profile_for(*, user: Any, pk: Any) -> WorkforceProfile:
    try:
        return (
            WorkforceProfile.objects.available_to(_org_ids(user))
            .prefetch_related(
                Prefetch(
                    "sought",
                    queryset=SoughtCompetency.objects.select_related(
                        "competency", "competency__family"
                    ),
                )
            )
            .get(pk=pk)
        )
    except (WorkforceProfile.DoesNotExist, ValueError, TypeError):
        raise Http404() from None


def evaluations_for(*, user: Any, participant: Participant) -> QuerySet[SelfEvaluation]:
    return (
        SelfEvaluation.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("framework")
        .annotate(answer_count=Count("answers"))
    )


@dataclass
class CompetencyResult:
    competency: Competency
    mean: float | None
    answered: int
    unknown: int
    total: int
    band: str
    previous_mean: float | None = None
    annotation: str = ""

    @property
    def percent(self) -> int:
        """Bar length for the chart: 1 → 0 %, 4 → 100 %."""
        return 0 if self.mean is None else round((self.mean - 1) / 3 * 100)

    @property
    def band_label(self) -> str:
        return band_label(self.band)

    @property
    def change(self) -> float | None:
        if self.mean is None or self.previous_mean is None:
            return None
        return round(self.mean - self.previous_mean, 1)


@dataclass
class FamilyResult:
    family: CompetencyFamily
    competencies: list[CompetencyResult]
    mean: float | None = None


@dataclass
class EvaluationResults:
    evaluation: SelfEvaluation
    families: list[FamilyResult]
    strengths: list[CompetencyResult] = field(default_factory=list)
    development: list[CompetencyResult] = field(default_factory=list)
    previous: SelfEvaluation | None = None
    answered: int = 0
    total: int = 0


def _mean(values: list[int]) -> float | None:
    rated = [v for v in values if v]
    return round(sum(rated) / len(rated), 2) if rated else None


def competency_means(evaluation: SelfEvaluation) -> dict[int, float | None]:
    values: dict[int, list[int]] = defaultdict(list)
    for competency_id, value in evaluation.answers.values_list("indicator__competency_id", "value"):
        values[competency_id].append(value)
    return {cid: _mean(vals) for cid, vals in values.items()}


def evaluation_strengths(evaluation: SelfEvaluation) -> list[tuple[Competency, float]]:
    """The strengths of `evaluation_results` (mean of 3.5 or more, best first), in two
    queries: documents that print only the strengths (the portfolio) skip the framework
    tree, whose hundreds of indicator rows cost more than compiling the document."""
    means = {cid: m for cid, m in competency_means(evaluation).items() if m is not None}
    strong = {cid: m for cid, m in means.items() if m >= 3.5}
    competencies = Competency.objects.in_bulk(list(strong))
    found = [(competencies[cid], m) for cid, m in strong.items() if cid in competencies]
    return sorted(found, key=lambda item: (-item[1], item[0].code))


def evaluation_results(evaluation: SelfEvaluation) -> EvaluationResults:
    """Per competency and family means, strengths and areas to develop, vs the previous one."""
    tree = framework_tree(evaluation.framework)
    answers: dict[int, list[int]] = defaultdict(list)
    for competency_id, value in evaluation.answers.values_list("indicator__competency_id", "value"):
        answers[competency_id].append(value)
    previous = (
        SelfEvaluation.objects.filter(
            participant_id=evaluation.participant_id,
            framework=evaluation.framework,
            status=SelfEvaluation.Status.COMPLETED,
            started_at__lt=evaluation.started_at,
        )
        .order_by("-started_at")
        .first()
    )
    previous_means = competency_means(previous) if previous else {}
    annotations = dict(
        CompetencyAnnotation.objects.filter(evaluation=evaluation).values_list(
            "competency_id", "text"
        )
    )
    families = []
    all_results = []
    answered = total = 0
    for family in tree:
        results = []
        for competency in family.competencies.all():
            values = answers.get(competency.pk, [])
            indicator_count = len(competency.indicators.all())
            mean = _mean(values)
            result = CompetencyResult(
                competency=competency,
                mean=mean,
                answered=len(values),
                unknown=sum(1 for v in values if v == 0),
                total=indicator_count,
                band=matching.rating_for(mean).band,
                previous_mean=previous_means.get(competency.pk),
                annotation=annotations.get(competency.pk, ""),
            )
            answered += len(values)
            total += indicator_count
            results.append(result)
        means = [r.mean for r in results if r.mean is not None]
        families.append(
            FamilyResult(
                family=family,
                competencies=results,
                mean=round(sum(means) / len(means), 2) if means else None,
            )
        )
        all_results.extend(results)
    rated = [r for r in all_results if r.mean is not None]
    strengths = sorted(
        (r for r in rated if r.mean >= 3.5), key=lambda r: (-r.mean, r.competency.code)
    )
    development = sorted(
        (r for r in rated if r.mean < 2.5), key=lambda r: (r.mean, r.competency.code)
    )
    return EvaluationResults(
        evaluation=evaluation,
        families=families,
        strengths=strengths,
        development=development,
        previous=previous,
        answered=answered,
        total=total,
    )


def overall_level(assessment: LanguageAssessment) -> str | None:
    """The lower median of the skills rated: a cautious summary for employers."""
    levels = [getattr(assessment, s) for s in LANGUAGE_SKILLS if getattr(assessment, s)]
    if not levels:
        return None
    ranks = sorted(CEFR_LEVELS.index(level) for level in levels)
    return CEFR_LEVELS[ranks[(len(ranks) - 1) // 2]]


def languages_line(participant: Participant, language: str | None = None) -> str:
    """'français : langue maternelle ; anglais : intermédiaire (B1)' for the passport."""
    language = (language or translation.get_language() or "fr")[:2]
    data = language_data()
    names = {item["code"]: item for item in data["languages"]}
    summaries = {item["code"]: item for item in data["levels"]}
    parts = []
    for assessment in participant.language_assessments.all():
        item = names.get(assessment.language)
        name = bilingual_dict(item, "name", language) if item else assessment.language
        if assessment.is_mother_tongue:
            level = bilingual_dict(data["mother_tongue"], "label", language)
        else:
            code = overall_level(assessment)
            if code is None:
                continue
            level = bilingual_dict(summaries[code], "summary", language)
        parts.append(f"{name}\u00a0: {level}" if language != "en" else f"{name}: {level}")
    return " ; ".join(parts) if language != "en" else "; ".join(parts)


def bilingual_dict(item: dict, name: str, language: str) -> str:
    first, second = ("en", "fr") if language == "en" else ("fr", "en")
    return item.get(f"{name}_{first}") or item.get(f"{name}_{second}", "")


@dataclass
class CoverageRow:
    sought: SoughtCompetency
    mean: float | None
    band: str
    evidence_count: int

    @property
    def band_label(self) -> str:
        return band_label(self.band)


@dataclass
class Coverage:
    profile: WorkforceProfile
    evaluation: SelfEvaluation | None
    rows: list[CoverageRow]
    suggestions: list[matching.Suggestion]


def latest_evaluation(participant: Participant) -> SelfEvaluation | None:
    """The latest completed self-evaluation, else the one in progress."""
    evaluations = participant.self_evaluations.order_by("-started_at")
    return evaluations.filter(status=SelfEvaluation.Status.COMPLETED).first() or evaluations.first()


def evidence_counts(participant: Participant, competency_ids: list[int]) -> dict[int, int]:
    """Achievements recorded for the person, per competency they prove."""
    from atout.evidence.models import Achievement, Review

    rows = (
        Achievement.competencies.through.objects.filter(
            achievement__participant=participant,
            achievement__review=Review.ACCEPTED,
            competency_id__in=competency_ids,
        )
        .values("competency_id")
        .annotate(n=Count("achievement_id", distinct=True))
    )
    return {row["competency_id"]: row["n"] for row in rows}


def coverage(*, participant: Participant, profile: WorkforceProfile) -> Coverage:
    """Each sought competency with the person's rating and evidence, plus ranked suggestions."""
    evaluation = latest_evaluation(participant)
    means = competency_means(evaluation) if evaluation else {}
    sought = list(profile.sought.select_related("competency", "competency__family"))
    counts = evidence_counts(participant, [s.competency_id for s in sought])
    rows = [
        CoverageRow(
            sought=s,
            mean=means.get(s.competency_id),
            band=matching.rating_for(means.get(s.competency_id)).band,
            evidence_count=counts.get(s.competency_id, 0),
        )
        for s in sought
    ]
    suggestions = matching.rank(
        [
            matching.SoughtInput(
                competency_id=row.sought.competency_id,
                code=row.sought.competency.code,
                name=row.sought.competency.name,
                importance=row.sought.importance,
                mean_rating=row.mean,
                evidence_count=row.evidence_count,
            )
            for row in rows
        ]
    )
    return Coverage(profile=profile, evaluation=evaluation, rows=rows, suggestions=suggestions)


def band_label(band: str) -> str:
    return {
        "strong": _("Strong"),
        "solid": _("Solid"),
        "with_help": _("With help"),
        "not_yet": _("Not yet"),
        "not_rated": _("Not rated"),
    }[band]


def _document_level(mean: float | None, band: str) -> str:
    if mean is None:
        return "—"
    return f"{band_label(band)} ({formats.number_format(mean, 1)})"


def self_evaluation_payload(results: EvaluationResults, lang: str) -> dict[str, Any]:
    """Exactly what the results document prints, as plain JSON values, in `lang`."""
    with translation.override("en" if lang == "en" else "fr-ca"):
        return _self_evaluation_payload(results, lang)


def _self_evaluation_payload(results: EvaluationResults, lang: str) -> dict[str, Any]:
    evaluation = results.evaluation
    participant = evaluation.participant
    when = evaluation.completed_at or evaluation.started_at
    families = []
    for family in results.families:
        families.append(
            {
                "name": family.family.name,
                "competencies": [
                    {
                        "name": r.competency.name,
                        "percent": r.percent,
                        "level": _document_level(r.mean, r.band),
                        "previous": "—"
                        if r.previous_mean is None
                        else formats.number_format(r.previous_mean, 1),
                        "annotation": r.annotation,
                    }
                    for r in family.competencies
                ],
            }
        )
    name = slugify(f"{_('self-evaluation')}-{participant.display_name}")
    return {
        "file_name": f"{name}.pdf",
        "lang": "en" if lang == "en" else "fr",
        "title": _("Generic skills self-evaluation"),
        "person": participant.display_name,
        "date_label": date_format(when, "DATE_FORMAT"),
        "framework": str(evaluation.framework),
        "summary": _("%(answered)d of %(total)d statements answered.")
        % {"answered": results.answered, "total": results.total},
        "families": families,
        "strengths": [r.competency.name for r in results.strengths],
        "development": [r.competency.name for r in results.development],
        "comment": evaluation.counsellor_comment,
        "footer": f"{participant.display_name} — {_('Generic skills self-evaluation')}",
        "labels": {
            "competency": _("Competency"),
            "chart": _("Self-rating"),
            "level": _("Level"),
            "previous": pgettext("earlier self-evaluation", "Previous"),
            "strengths": _("Strengths"),
            "development": _("Areas to develop"),
            "comment": _("Counsellor's comment"),
            "none": _("None for now."),
            "page": _("Page"),
            "scale_note": _(
                "Scale: 1 not yet, 2 with help, 3 on my own most of the time, 4 easily. "
                "“I don't know” answers are left out of the averages."
            ),
        },
    }
