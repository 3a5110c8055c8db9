"""Thin views over the evidence base: list, create, edit and delete experiences and achievements.

Reads need PASSPORT_VIEW (the participant reads their own evidence); writes need
PASSPORT_EDIT. Another organisation's object is a 404 through scoping.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atout.accounts import permissions as perms
from atout.common.views import conflict_rows, form_status, save_or_conflict
from atout.evidence import selectors, services
from atout.evidence.forms import AchievementForm, ExperienceForm
from atout.evidence.models import Achievement, Experience
from atout.participants import selectors as participant_selectors


def _list_url(participant_id: int, anchor: str = "") -> str:
    url = reverse("evidence:list", kwargs={"pk": participant_id})
    return f"{url}#{anchor}" if anchor else url


@login_required
def evidence_list(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    caps = perms.object_capabilities(request.user, participant)
    perms.require(request.user, perms.PASSPORT_VIEW, participant)
    context = {
        "participant": participant,
        "base": selectors.evidence_base(user=request.user, participant=participant),
        "can_edit": perms.PASSPORT_EDIT in caps,
        "can_view_file": perms.PARTICIPANT_VIEW in caps,
        "can_view_documents": perms.ATTACHMENT_VIEW in caps,
    }
    return render(request, "evidence/evidence_list.html", context)


# Experiences


@login_required
@require_http_methods(["GET", "POST"])
def experience_create(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.PASSPORT_EDIT, participant)
    form = ExperienceForm(request.POST or None, instance=Experience(participant=participant))
    if request.method == "POST" and form.is_valid():
        try:
            experience = services.experience_create(
                participant=participant, actor=request.user, data=form.field_values()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Experience added."))
            return redirect(_list_url(participant.pk, f"experience-{experience.pk}"))
    return render(
        request,
        "evidence/experience_form.html",
        {"form": form, "participant": participant, "creating": True},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def experience_edit(request: HttpRequest, pk: int) -> HttpResponse:
    experience = selectors.experience_for(user=request.user, pk=pk)
    participant = experience.participant
    perms.require(request.user, perms.PASSPORT_EDIT, participant)
    form = ExperienceForm(request.POST or None, instance=experience)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.experience_update(
                experience=experience,
                actor=request.user,
                data=form.field_values(),
                expected_version=form.cleaned_data.get("version") or 0,
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(_list_url(participant.pk, f"experience-{experience.pk}"))
    context = {
        "form": form,
        "participant": participant,
        "experience": experience,
        "conflict": conflict,
        "conflict_rows": conflict_rows(form, conflict) if conflict else [],
    }
    return render(
        request, "evidence/experience_form.html", context, status=form_status(form, conflict)
    )


@login_required
@require_http_methods(["GET", "POST"])
def experience_delete(request: HttpRequest, pk: int) -> HttpResponse:
    experience = selectors.experience_for(user=request.user, pk=pk)
    participant = experience.participant
    perms.require(request.user, perms.PASSPORT_EDIT, participant)
    achievements = list(experience.achievements.all())
    in_use = experience.key_competency_count
    if request.method == "POST" and not in_use:
        try:
            services.experience_delete(experience=experience, actor=request.user)
        except services.EvidenceInUse as error:
            in_use = error.count
        else:
            messages.success(request, _("Experience deleted."))
            return redirect(_list_url(participant.pk))
    context = {
        "participant": participant,
        "object": experience,
        "kind": "experience",
        "achievements": achievements,
        "in_use": in_use,
        "action_url": reverse("evidence:experience_delete", kwargs={"pk": experience.pk}),
    }
    status = 409 if in_use and request.method == "POST" else 200
    return render(request, "evidence/confirm_delete.html", context, status=status)


# Achievements


def _achievement_form(
    request: HttpRequest, participant: Any, instance: Achievement, **kwargs: Any
) -> AchievementForm:
    keep = list(instance.competencies.values_list("pk", flat=True)) if instance.pk else []
    return AchievementForm(
        request.POST or None,
        instance=instance,
        experiences=selectors.experience_choices(user=request.user, participant=participant),
        competencies=selectors.competency_choices(participant=participant, keep=keep),
        proofs=selectors.proof_choices(user=request.user, participant=participant),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def achievement_create(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.PASSPORT_EDIT, participant)
    initial = {}
    wanted = request.GET.get("experience", "")
    if wanted.isascii() and wanted.isdigit():
        initial["experience"] = int(wanted)
    form = _achievement_form(
        request, participant, Achievement(participant=participant), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            achievement = services.achievement_create(
                participant=participant,
                actor=request.user,
                data=form.field_values(),
                competencies=form.cleaned_data["competencies"],
                proofs=form.cleaned_data["proofs"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Achievement added."))
            return redirect(_list_url(participant.pk, f"achievement-{achievement.pk}"))
    return render(
        request,
        "evidence/achievement_form.html",
        {"form": form, "participant": participant, "creating": True},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def achievement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = selectors.achievement_for(user=request.user, pk=pk)
    participant = achievement.participant
    perms.require(request.user, perms.PASSPORT_EDIT, participant)
    form = _achievement_form(request, participant, achievement)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.achievement_update(
                achievement=achievement,
                actor=request.user,
                data=form.field_values(),
                competencies=form.cleaned_data["competencies"],
                proofs=form.cleaned_data["proofs"],
                expected_version=form.cleaned_data.get("version") or 0,
            ),
        )
        if conflict is not None:
            conflict = selectors.achievement_for(user=request.user, pk=conflict.pk)
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(_list_url(participant.pk, f"achievement-{achievement.pk}"))
    context = {
        "form": form,
        "participant": participant,
        "achievement": achievement,
        "conflict": conflict,
        "conflict_rows": conflict_rows(form, conflict) if conflict else [],
    }
    return render(
        request, "evidence/achievement_form.html", context, status=form_status(form, conflict)
    )


@login_required
@require_http_methods(["GET", "POST"])
def achievement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = selectors.achievement_for(user=request.user, pk=pk)
    participant = achievement.participant
    perms.require(request.user, perms.PASSPORT_EDIT, participant)
    in_use = achievement.key_competency_count
    if request.method == "POST" and not in_use:
        try:
            services.achievement_delete(achievement=achievement, actor=request.user)
        except services.EvidenceInUse as error:
            in_use = error.count
        else:
            messages.success(request, _("Achievement deleted."))
            return redirect(_list_url(participant.pk))
    context = {
        "participant": participant,
        "object": achievement,
        "kind": "achievement",
        "achievements": [],
        "in_use": in_use,
        "action_url": reverse("evidence:achievement_delete", kwargs={"pk": achievement.pk}),
    }
    status = 409 if in_use and request.method == "POST" else 200
    return render(request, "evidence/confirm_delete.html", context, status=status)


# Conflicts
