"""Language self-assessment: six CEFR levels per skill, in our own words."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.common.views import form_status, save_or_conflict
from atout.competencies import selectors, services
from atout.competencies.forms import LanguageAssessmentForm
from atout.competencies.models import LANGUAGE_SKILLS, LanguageAssessment
from atout.competencies.reference import language_data
from atout.participants import selectors as participant_selectors


def _choices(language: str) -> tuple[list, list, list, dict]:
    data = language_data()
    languages = [
        (item["code"], selectors.bilingual_dict(item, "name", language))
        for item in data["languages"]
    ]
    skills = [
        (item["code"], selectors.bilingual_dict(item, "name", language))
        for item in data["skills"]
        if item["code"] in LANGUAGE_SKILLS
    ]
    # The summary already names the level: "intermédiaire (B1)".
    levels = [
        (item["code"], selectors.bilingual_dict(item, "summary", language))
        for item in data["levels"]
    ]
    descriptors = {
        item["code"]: {
            skill: item["descriptors"][skill]["en" if language == "en" else "fr"]
            for skill in LANGUAGE_SKILLS
        }
        for item in data["levels"]
    }
    return languages, skills, levels, descriptors


@login_required
def language_list(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.SELF_EVALUATION_VIEW, participant)
    language = (translation.get_language() or "fr")[:2]
    names = dict(_choices(language)[0])
    assessments = [
        {
            "assessment": a,
            "name": names.get(a.language, a.language),
            "overall": selectors.overall_level(a),
        }
        for a in LanguageAssessment.objects.visible_to(request.user).filter(participant=participant)
    ]
    return render(
        request,
        "competencies/language_list.html",
        {
            "participant": participant,
            "assessments": assessments,
            "line": selectors.languages_line(participant, language),
            "can_fill": perms.has_capability(request.user, perms.SELF_EVALUATION_FILL, participant),
        },
    )


@login_required
def language_edit(request: HttpRequest, pk: int, code: str | None = None) -> HttpResponse:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.SELF_EVALUATION_FILL, participant)
    language = (translation.get_language() or "fr")[:2]
    languages, skills, levels, descriptors = _choices(language)
    existing = None
    if code is not None:
        existing = (
            LanguageAssessment.objects.visible_to(request.user)
            .filter(participant=participant, language=code)
            .first()
        )
    initial = {}
    if existing:
        initial = {
            "language": existing.language,
            "is_mother_tongue": existing.is_mother_tongue,
            "canadian_level": existing.canadian_level,
            "test_result": existing.test_result,
            "version": existing.version,
            **{s: getattr(existing, s) for s in LANGUAGE_SKILLS},
        }
    form = LanguageAssessmentForm(
        request.POST or None,
        initial=initial,
        languages=languages,
        skills=skills,
        levels=levels,
        fixed_language=code,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved, conflict = save_or_conflict(
            form,
            lambda: services.language_assessment_save(
                participant=participant,
                actor=request.user,
                language=code or data["language"],
                data={k: data.get(k) or "" for k in LANGUAGE_SKILLS}
                | {
                    "is_mother_tongue": data["is_mother_tongue"],
                    "canadian_level": data["canadian_level"],
                    "test_result": data["test_result"],
                },
                expected_version=data.get("version") if existing else None,
            ),
        )
        if saved is not None:
            messages.success(request, _("Language saved."))
            return redirect("competencies:language_list", pk=participant.pk)
    skill_rows = [
        {
            "field": form[skill_code],
            "descriptors": [(lvl, descriptors[lvl][skill_code]) for lvl, _label in levels],
        }
        for skill_code, _name in skills
    ]
    return render(
        request,
        "competencies/language_form.html",
        {
            "participant": participant,
            "form": form,
            "skill_rows": skill_rows,
            "editing": existing,
            "conflict": conflict,
        },
        status=form_status(form, conflict),
    )


urlpatterns = [
    path("dossiers/<int:pk>/langues/", language_list, name="language_list"),
    path("dossiers/<int:pk>/langues/ajouter/", language_edit, name="language_add"),
    path("dossiers/<int:pk>/langues/<slug:code>/", language_edit, name="language_edit"),
]
