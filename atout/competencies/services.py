"""Writes: framework and profile import, self-evaluations, language self-assessments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import Organisation, User
from atout.common.errors import ConflictError
from atout.competencies import reference
from atout.competencies.importing import ParsedFramework
from atout.competencies.models import (
    LANGUAGE_SKILLS,
    Competency,
    CompetencyAnnotation,
    CompetencyFamily,
    CompetencyFramework,
    Indicator,
    LanguageAssessment,
    SelfEvaluation,
    SelfEvaluationAnswer,
    SoughtCompetency,
    WorkforceProfile,
)
from atout.participants.models import Participant

# Atout's reference frameworks and each organisation's own-competency list.
RESERVED_CODE_PREFIXES = ("ATOUT-", "ORG-")


@transaction.atomic
def framework_import(
    *, parsed: ParsedFramework, organisation: Organisation | None = None, meta: dict | None = None
) -> CompetencyFramework:
    """Create or update a framework (by code and version): all of it or nothing."""
    if not parsed.ok:
        raise ValidationError([str(p) for p in parsed.problems])
    meta = {**parsed.meta, **(meta or {})}
    if not all(isinstance(meta.get(k), str) and meta[k] for k in ("code", "version", "name_fr")):
        raise ValidationError(_("The framework needs a code, a version and a French name."))
    owner_id = organisation.pk if organisation else None
    # A code belongs to whoever used it first, whatever the version: another organisation
    # must not publish "ATOUT-CG 2099" beside Atout's framework, nor "ATOUT-cg".
    taken = CompetencyFramework.objects.filter(code__iexact=meta["code"]).exclude(
        organisation_id=owner_id
    )
    if taken.exists():
        raise ValidationError(_("Another organisation's or Atout's framework uses this code."))
    if organisation is not None and meta["code"].upper().startswith(RESERVED_CODE_PREFIXES):
        raise ValidationError(
            _("Codes starting with ATOUT- or ORG- are reserved; choose another code.")
        )
    fields = {
        "name_fr": meta["name_fr"],
        "name_en": meta.get("name_en", ""),
        "source_fr": meta.get("source_fr", ""),
        "source_en": meta.get("source_en", ""),
        "scale": meta.get("scale") or [],
    }
    # Not update_or_create: when two imports create the same code and version at once, it
    # would fetch the winner's row and give it to the loser. The loser is refused instead.
    framework = (
        CompetencyFramework.objects.select_for_update()
        .filter(code=meta["code"], version=meta["version"])
        .first()
    )
    if framework is None:
        try:
            with transaction.atomic():
                framework = CompetencyFramework.objects.create(
                    code=meta["code"], version=meta["version"], organisation=organisation, **fields
                )
        except IntegrityError:
            raise ValidationError(
                _("Another organisation's or Atout's framework uses this code.")
            ) from None
    elif framework.organisation_id != owner_id:
        raise ValidationError(_("Another organisation's or Atout's framework uses this code."))
    else:
        for name, value in fields.items():
            setattr(framework, name, value)
        framework.save(update_fields=list(fields))
    for fpos, fdata in enumerate(parsed.families):
        family, _created = CompetencyFamily.objects.update_or_create(
            framework=framework,
            code=fdata["code"],
            defaults={
                "name_fr": fdata["name_fr"],
                "name_en": fdata.get("name_en", ""),
                "intro_fr": fdata.get("intro_fr", "") or "",
                "intro_en": fdata.get("intro_en", "") or "",
                "position": fpos,
            },
        )
        for cpos, cdata in enumerate(fdata["competencies"]):
            competency, _created = Competency.objects.update_or_create(
                framework=framework,
                code=cdata["code"],
                defaults={
                    "family": family,
                    "name_fr": cdata["name_fr"],
                    "name_en": cdata.get("name_en", ""),
                    "definition_fr": cdata.get("definition_fr", ""),
                    "definition_en": cdata.get("definition_en", ""),
                    "position": cpos,
                    "organisation": organisation,
                },
            )
            for ipos, idata in enumerate(cdata.get("indicators", [])):
                Indicator.objects.update_or_create(
                    competency=competency,
                    code=idata["code"],
                    defaults={
                        "text_fr": idata["text_fr"],
                        "text_en": idata.get("text_en", ""),
                        "position": ipos,
                    },
                )
    return framework


@transaction.atomic
def own_competency_add(
    *, organisation: Organisation, actor: User, data: dict[str, str]
) -> Competency:
    """Add a competency to the organisation's own list (a framework only it sees)."""
    if perms.FRAMEWORK_MANAGE not in perms.organisation_capabilities(actor, organisation.pk):
        raise PermissionDenied(perms.FRAMEWORK_MANAGE)
    framework, _created = CompetencyFramework.objects.get_or_create(
        code=f"ORG-{organisation.pk}",
        version="1",
        organisation=organisation,
        defaults={
            "name_fr": f"Compétences propres à {organisation.name}",
            "name_en": f"{organisation.name}: own competencies",
            "organisation": organisation,
        },
    )
    family, _created = CompetencyFamily.objects.get_or_create(
        framework=framework,
        code="ORG",
        defaults={"name_fr": "Compétences de l’organisme", "name_en": "Organisation's own"},
    )
    number = framework.competencies.select_for_update().count() + 1
    competency = Competency(
        framework=framework,
        family=family,
        organisation=organisation,
        code=f"ORG{organisation.pk}-{number:02d}",
        position=number,
        **{k: data.get(k, "") for k in ("name_fr", "name_en", "definition_fr", "definition_en")},
    )
    competency.full_clean()
    competency.save()
    return competency


@transaction.atomic
def profiles_import(*, data: dict[str, Any], framework: CompetencyFramework) -> int:
    """Load the shared workforce-profile library (idempotent, by profile code)."""
    competencies = {c.code: c for c in framework.competencies.all()}
    count = 0
    for item in data["profiles"]:
        profile, _created = WorkforceProfile.objects.update_or_create(
            code=item["code"],
            defaults={
                "noc_code": item.get("noc_code", ""),
                "noc_version": item.get("noc_version", "2021"),
                "title_fr": item["title_fr"],
                "title_en": item.get("title_en", ""),
                "common_title_fr": item.get("common_title_fr", ""),
                "common_title_en": item.get("common_title_en", ""),
                "description_fr": item.get("description_fr", ""),
                "description_en": item.get("description_en", ""),
                "conditions_fr": item.get("conditions_fr", ""),
                "conditions_en": item.get("conditions_en", ""),
                "source": item.get("source", ""),
                "organisation": None,
                # How sure we are of the code and French title travels with the profile,
                # so a composed title is never shown as an official one.
                **reference.profile_trust(item),
            },
        )
        wanted = set()
        for sought in item.get("sought", []):
            competency = competencies.get(sought["competency"])
            if competency is None:
                raise ValidationError(
                    _("Profile %(profile)s names an unknown competency %(code)s.")
                    % {"profile": item["code"], "code": sought["competency"]}
                )
            wanted.add(competency.pk)
            SoughtCompetency.objects.update_or_create(
                profile=profile,
                competency=competency,
                defaults={
                    "importance": sought.get("importance", 2),
                    "why_fr": sought.get("why_fr", ""),
                    "why_en": sought.get("why_en", ""),
                },
            )
        profile.sought.exclude(competency_id__in=wanted).delete()
        count += 1
    return count


@transaction.atomic
def custom_profile_create(
    *,
    organisation: Organisation,
    actor: User,
    title: str,
    employer_name: str,
    posting_text: str,
    sought: list[tuple[Competency, int]],
    noc_code: str = "",
) -> WorkforceProfile:
    """A profile for one employer's posting, visible only to the organisation."""
    if perms.PROFILE_CREATE not in perms.organisation_capabilities(actor, organisation.pk):
        raise PermissionDenied(perms.PROFILE_CREATE)
    profile = WorkforceProfile(
        code=f"ORG{organisation.pk}-{timezone.now():%Y%m%d%H%M%S%f}",
        title_fr=title,
        title_en=title,
        employer_name=employer_name,
        posting_text=posting_text,
        noc_code=noc_code,
        organisation=organisation,
        created_by=actor,
        source=_("Job posting"),
    )
    profile.full_clean()
    profile.save()
    for competency, importance in sought:
        SoughtCompetency.objects.create(
            profile=profile, competency=competency, importance=importance
        )
    return profile


@transaction.atomic
def evaluation_start(
    *, participant: Participant, framework: CompetencyFramework, actor: User
) -> SelfEvaluation:
    """Resume the unfinished evaluation if there is one; otherwise start a new one."""
    perms.require(actor, perms.SELF_EVALUATION_FILL, participant)
    current = (
        SelfEvaluation.objects.select_for_update()
        .filter(
            participant=participant,
            framework=framework,
            status=SelfEvaluation.Status.IN_PROGRESS,
        )
        .first()
    )
    if current:
        return current
    return SelfEvaluation.objects.create(
        participant=participant, framework=framework, started_by=actor
    )


@transaction.atomic
def answer_save(
    *, evaluation: SelfEvaluation, indicator: Indicator, value: int, actor: User
) -> SelfEvaluationAnswer:
    """Record one answer as soon as it is given, so a closed tab loses nothing."""
    perms.require(actor, perms.SELF_EVALUATION_FILL, evaluation)
    if evaluation.status != SelfEvaluation.Status.IN_PROGRESS:
        raise ValidationError(_("This self-evaluation is finished; start a new one."))
    if indicator.competency.framework_id != evaluation.framework_id:
        raise ValidationError(_("This statement is not part of the questionnaire."))
    if value not in (0, 1, 2, 3, 4):
        raise ValidationError(_("Choose one of the answers."))
    answer, _created = SelfEvaluationAnswer.objects.update_or_create(
        evaluation=evaluation,
        indicator=indicator,
        defaults={"value": value, "answered_at": timezone.now()},
    )
    return answer


@transaction.atomic
def evaluation_complete(*, evaluation: SelfEvaluation, actor: User) -> SelfEvaluation:
    perms.require(actor, perms.SELF_EVALUATION_FILL, evaluation)
    evaluation = SelfEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status == SelfEvaluation.Status.COMPLETED:
        return evaluation
    if not evaluation.answers.exists():
        raise ValidationError(_("Answer at least one statement before finishing."))
    evaluation.status = SelfEvaluation.Status.COMPLETED
    evaluation.completed_at = timezone.now()
    evaluation.version += 1
    evaluation.save(update_fields=["status", "completed_at", "version"])
    return evaluation


@transaction.atomic
def evaluation_comment_set(*, evaluation: SelfEvaluation, actor: User, text: str) -> None:
    perms.require(actor, perms.SELF_EVALUATION_ANNOTATE, evaluation)
    evaluation.counsellor_comment = text.strip()
    evaluation.full_clean()
    evaluation.save(update_fields=["counsellor_comment"])


@transaction.atomic
def annotation_set(
    *, evaluation: SelfEvaluation, competency: Competency, actor: User, text: str
) -> CompetencyAnnotation | None:
    """A counsellor's remark on one competency; empty text removes it."""
    perms.require(actor, perms.SELF_EVALUATION_ANNOTATE, evaluation)
    text = text.strip()
    if not text:
        CompetencyAnnotation.objects.filter(evaluation=evaluation, competency=competency).delete()
        return None
    annotation, _created = CompetencyAnnotation.objects.update_or_create(
        evaluation=evaluation, competency=competency, defaults={"text": text, "author": actor}
    )
    annotation.full_clean()
    return annotation


@transaction.atomic
def language_assessment_save(
    *,
    participant: Participant,
    actor: User,
    language: str,
    data: dict[str, Any],
    expected_version: int | None,
) -> LanguageAssessment:
    """Create or update one language; an outdated form is a conflict."""
    perms.require(actor, perms.SELF_EVALUATION_FILL, participant)
    assessment = (
        LanguageAssessment.objects.select_for_update()
        .filter(participant=participant, language=language)
        .first()
    )
    if assessment is None:
        assessment = LanguageAssessment(participant=participant, language=language)
    elif expected_version is not None and assessment.version != expected_version:
        raise ConflictError(assessment)
    else:
        assessment.version += 1
    for name in [*LANGUAGE_SKILLS, "is_mother_tongue", "canadian_level", "test_result"]:
        if name in data:
            setattr(assessment, name, data[name])
    assessment.full_clean()
    assessment.save()
    return assessment
