"""Thin views over the evidence base: list, create, edit and delete experiences and achievements.

Reads need PASSPORT_VIEW (the participant reads their own evidence); the counsellor's writes
and reviews need PASSPORT_EDIT. The participant proposes through their own pages
(EVIDENCE_PROPOSE): what they add waits for review and never prints before it. Another
organisation's object is a 404 through scoping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from atout.accounts import permissions as perms
from atout.common.views import conflict_rows, form_status, save_or_conflict
from atout.evidence import selectors, services
from atout.evidence.forms import (
    AchievementForm,
    CertificateForm,
    EducationForm,
    ExperienceForm,
    ProfileForm,
    ProposedAchievementForm,
    ProposedExperienceForm,
    ReferenceForm,
    ReviewForm,
)
from atout.evidence.models import Achievement, Experience, PersonalProfile, Review
from atout.participants import selectors as participant_selectors


def _list_url(participant_id: int, anchor: str = "") -> str:
    url = reverse("evidence:list", kwargs={"pk": participant_id})
    return f"{url}#{anchor}" if anchor else url


@login_required
def evidence_list(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    caps = perms.object_capabilities(request.user, participant)
    perms.require(request.user, perms.PASSPORT_VIEW, participant)
    can_edit = perms.PASSPORT_EDIT in caps
    can_propose = perms.EVIDENCE_PROPOSE in caps
    context = {
        "participant": participant,
        "base": selectors.evidence_base(user=request.user, participant=participant),
        "other": selectors.other_records(user=request.user, participant=participant),
        "proposals": selectors.proposals(user=request.user, participant=participant)
        if can_edit
        else None,
        "declined": selectors.declined(user=request.user, participant=participant)
        if can_edit
        else None,
        "contributions": selectors.own_contributions(user=request.user, participant=participant)
        if can_propose
        else None,
        "can_edit": can_edit,
        "can_propose": can_propose,
        "can_view_file": perms.PARTICIPANT_VIEW in caps,
        "can_view_documents": perms.ATTACHMENT_VIEW in caps,
        "today": timezone.localdate(),
    }
    return render(request, "evidence/evidence_list.html", context)


def _save_then_accept(request: HttpRequest, save: Any) -> Any:
    """ "Save and accept": the counsellor edits a proposal and accepts it, both or neither."""
    with transaction.atomic():
        saved = save()
        if "accept" in request.POST and saved.review == Review.PROPOSED:
            saved = services.record_review(
                record=saved, actor=request.user, accept=True, expected_version=saved.version
            )
            saved.just_accepted = True
    return saved


def _accepted_or_saved(saved: Any) -> str:
    if getattr(saved, "just_accepted", False):
        return _("Accepted: it is now part of the evidence base and may print.")
    return _("Changes saved.")


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
            lambda: _save_then_accept(
                request,
                lambda: services.experience_update(
                    experience=experience,
                    actor=request.user,
                    data=form.field_values(),
                    expected_version=form.cleaned_data.get("version") or 0,
                ),
            ),
        )
        if saved is not None:
            messages.success(request, _accepted_or_saved(saved))
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
        # A story the counsellor writes hangs on an accepted experience (or the one it has).
        experiences=selectors.experience_choices(user=request.user, participant=participant).filter(
            Q(review=Review.ACCEPTED) | Q(pk=instance.experience_id or 0)
        ),
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
            lambda: _save_then_accept(
                request,
                lambda: services.achievement_update(
                    achievement=achievement,
                    actor=request.user,
                    data=form.field_values(),
                    competencies=form.cleaned_data["competencies"],
                    proofs=form.cleaned_data["proofs"],
                    expected_version=form.cleaned_data.get("version") or 0,
                ),
            ),
        )
        if conflict is not None:
            conflict = selectors.achievement_for(user=request.user, pk=conflict.pk)
        if saved is not None:
            messages.success(request, _accepted_or_saved(saved))
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


# Education, certificates and references: one set of views, told apart by `kind`.


@dataclass(frozen=True)
class RecordKind:
    form: type
    get: Callable[..., Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    arg: str  # the services' keyword for the record
    anchor: str
    new_title: Any
    edit_title: Any
    delete_title: Any
    intro: Any
    added: Any


RECORD_KINDS: dict[str, RecordKind] = {
    "education": RecordKind(
        form=EducationForm,
        get=selectors.education_for,
        create=services.education_create,
        update=services.education_update,
        delete=services.education_delete,
        arg="education",
        anchor="education",
        new_title=gettext_lazy("New education or training"),
        edit_title=gettext_lazy("Edit the education or training"),
        delete_title=gettext_lazy("Delete the education or training"),
        intro=gettext_lazy(
            "A diploma, a programme or a training, finished or in progress, here or abroad."
        ),
        added=gettext_lazy("Education or training added."),
    ),
    "certificate": RecordKind(
        form=CertificateForm,
        get=selectors.certificate_for,
        create=services.certificate_create,
        update=services.certificate_update,
        delete=services.certificate_delete,
        arg="certificate",
        anchor="certificates",
        new_title=gettext_lazy("New certificate or licence"),
        edit_title=gettext_lazy("Edit the certificate or licence"),
        delete_title=gettext_lazy("Delete the certificate or licence"),
        intro=gettext_lazy(
            "A driving licence, WHMIS (SIMDUT), food hygiene, first aid… with its expiry date "
            "if it has one."
        ),
        added=gettext_lazy("Certificate or licence added."),
    ),
    "reference": RecordKind(
        form=ReferenceForm,
        get=selectors.reference_for,
        create=services.reference_create,
        update=services.reference_update,
        delete=services.reference_delete,
        arg="reference",
        anchor="references",
        new_title=gettext_lazy("New reference"),
        edit_title=gettext_lazy("Edit the reference"),
        delete_title=gettext_lazy("Delete the reference"),
        intro=gettext_lazy(
            "Someone who can vouch for the person: a former supervisor, a volunteer "
            "coordinator, a teacher."
        ),
        added=gettext_lazy("Reference added."),
    ),
}


def _record_page(request, kind, participant, form, *, record=None, conflict=None, status=200):
    spec = RECORD_KINDS[kind]
    context = {
        "form": form,
        "participant": participant,
        "record": record,
        "kind": kind,
        "title": spec.edit_title if record else spec.new_title,
        "intro": spec.intro,
        "creating": record is None,
        "conflict": conflict,
        "conflict_rows": conflict_rows(form, conflict) if conflict else [],
    }
    return render(request, "evidence/record_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = RECORD_KINDS[kind]
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.PASSPORT_EDIT, participant)
    form = spec.form(request.POST or None, instance=spec.form.Meta.model(participant=participant))
    if request.method == "POST" and form.is_valid():
        try:
            record = spec.create(
                participant=participant, actor=request.user, data=form.field_values()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, spec.added)
            return redirect(_list_url(participant.pk, f"{kind}-{record.pk}"))
    return _record_page(request, kind, participant, form, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = RECORD_KINDS[kind]
    record = spec.get(user=request.user, pk=pk)
    participant = record.participant
    perms.require(request.user, perms.PASSPORT_EDIT, participant)
    form = spec.form(request.POST or None, instance=record)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: _save_then_accept(
                request,
                lambda: spec.update(
                    **{spec.arg: record},
                    actor=request.user,
                    data=form.field_values(),
                    expected_version=form.cleaned_data.get("version") or 0,
                ),
            ),
        )
        if saved is not None:
            messages.success(request, _accepted_or_saved(saved))
            return redirect(_list_url(participant.pk, f"{kind}-{record.pk}"))
    return _record_page(
        request,
        kind,
        participant,
        form,
        record=record,
        conflict=conflict,
        status=form_status(form, conflict),
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = RECORD_KINDS[kind]
    record = spec.get(user=request.user, pk=pk)
    participant = record.participant
    perms.require(request.user, perms.PASSPORT_EDIT, participant)
    if request.method == "POST":
        spec.delete(**{spec.arg: record}, actor=request.user)
        messages.success(request, _("Deleted."))
        return redirect(_list_url(participant.pk, spec.anchor))
    context = {
        "participant": participant,
        "object": record,
        "kind": kind,
        "title": spec.delete_title,
        "achievements": [],
        "in_use": 0,
        "action_url": reverse(f"evidence:{kind}_delete", kwargs={"pk": record.pk}),
    }
    return render(request, "evidence/confirm_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Expertise, interests and values: one form per file, created on the first save."""
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.PASSPORT_EDIT, participant)
    profile = selectors.personal_profile(
        user=request.user, participant=participant
    ) or PersonalProfile(participant=participant, version=0)
    form = ProfileForm(request.POST or None, instance=profile)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.profile_save(
                participant=participant,
                actor=request.user,
                data=form.field_values(),
                expected_version=form.cleaned_data.get("version") or 0,
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(_list_url(participant.pk, "profile"))
    context = {
        "form": form,
        "participant": participant,
        "record": profile if profile.pk else None,
        "kind": "profile",
        "title": _("Expertise, interests and values"),
        "intro": _(
            "What the skills assessment adds to the competencies: what the person knows well, "
            "what they like doing and what matters to them at work."
        ),
        "creating": False,
        "conflict": conflict,
        "conflict_rows": conflict_rows(form, conflict) if conflict else [],
    }
    return render(request, "evidence/record_form.html", context, status=form_status(form, conflict))


# What the person proposes from their own login


def _proposal_page(request, template, participant, form, *, record=None, conflict=None, status):
    context = {
        "form": form,
        "participant": participant,
        "record": record,
        "creating": record is None,
        "conflict": conflict,
        "conflict_rows": conflict_rows(form, conflict) if conflict else [],
    }
    return render(request, template, context, status=status)


def _reviewed_meanwhile(request: HttpRequest, participant_pk: int) -> HttpResponse:
    messages.error(
        request,
        _("Your counsellor has already looked at this, so it can no longer be changed here."),
    )
    return redirect(_list_url(participant_pk, "my-contributions"))


@login_required
@require_http_methods(["GET", "POST"])
def propose_experience(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.EVIDENCE_PROPOSE, participant)
    form = ProposedExperienceForm(
        request.POST or None, instance=Experience(participant=participant)
    )
    if request.method == "POST" and form.is_valid():
        try:
            experience = services.experience_propose(
                participant=participant, actor=request.user, data=form.field_values()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your counsellor will look at it."))
            return redirect(_list_url(participant.pk, f"experience-{experience.pk}"))
    return _proposal_page(
        request, "evidence/propose_experience.html", participant, form, status=form_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_experience_edit(request: HttpRequest, pk: int) -> HttpResponse:
    experience = selectors.experience_for(user=request.user, pk=pk)
    participant = experience.participant
    perms.require(request.user, perms.EVIDENCE_PROPOSE, participant)
    if experience.review != Review.PROPOSED or experience.proposed_by_id != request.user.pk:
        return _reviewed_meanwhile(request, participant.pk)
    form = ProposedExperienceForm(request.POST or None, instance=experience)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved, conflict = save_or_conflict(
                form,
                lambda: services.experience_proposal_update(
                    experience=experience,
                    actor=request.user,
                    data=form.field_values(),
                    expected_version=form.cleaned_data.get("version") or 0,
                ),
            )
        except services.AlreadyReviewed:
            return _reviewed_meanwhile(request, participant.pk)
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(_list_url(participant.pk, f"experience-{experience.pk}"))
    return _proposal_page(
        request,
        "evidence/propose_experience.html",
        participant,
        form,
        record=experience,
        conflict=conflict,
        status=form_status(form, conflict),
    )


def _proposed_achievement_form(request, participant, instance=None) -> ProposedAchievementForm:
    return ProposedAchievementForm(
        request.POST or None,
        request.FILES or None,
        experiences=selectors.experience_choices(user=request.user, participant=participant)
        .exclude(review=Review.DECLINED)
        .order_by("-started_on", "-pk"),
        instance=instance,
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose_achievement(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.EVIDENCE_PROPOSE, participant)
    form = _proposed_achievement_form(request, participant)
    wanted = request.GET.get("experience", "")
    if not form.is_bound and wanted.isascii() and wanted.isdigit() and len(wanted) < 18:
        form.initial["experience"] = int(wanted)
    if request.method == "POST" and form.is_valid():
        try:
            achievement = services.achievement_propose(
                participant=participant,
                actor=request.user,
                data=form.field_values(),
                photo=form.cleaned_data.get("photo"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your counsellor will look at it."))
            return redirect(_list_url(participant.pk, f"achievement-{achievement.pk}"))
    return _proposal_page(
        request, "evidence/propose_achievement.html", participant, form, status=form_status(form)
    )


def _add_errors(form: Any, error: ValidationError) -> None:
    """Service errors on the form's own fields where it has them (the photo), else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_achievement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = selectors.achievement_for(user=request.user, pk=pk)
    participant = achievement.participant
    perms.require(request.user, perms.EVIDENCE_PROPOSE, participant)
    if achievement.review != Review.PROPOSED or achievement.proposed_by_id != request.user.pk:
        return _reviewed_meanwhile(request, participant.pk)
    form = _proposed_achievement_form(request, participant, instance=achievement)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.achievement_proposal_update(
                achievement=achievement,
                actor=request.user,
                data=form.field_values(),
                expected_version=form.cleaned_data.get("version") or 0,
                photo=form.cleaned_data.get("photo"),
            )
        except services.AlreadyReviewed:
            return _reviewed_meanwhile(request, participant.pk)
        except services.ConflictError as error:
            conflict = error.current
            form.data = form.data.copy()
            form.data["version"] = conflict.version
            form.add_error(
                None,
                _(
                    "This story was changed in another window since you opened it. Check the "
                    "text below, then save again."
                ),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(_list_url(participant.pk, f"achievement-{saved.pk}"))
    return _proposal_page(
        request,
        "evidence/propose_achievement.html",
        participant,
        form,
        record=achievement,
        conflict=None,
        status=form_status(form, conflict),
    )


# The counsellor reviews a proposal


def _review(request: HttpRequest, record: Any, template_kind: str) -> HttpResponse:
    participant = record.participant
    perms.require(request.user, perms.PASSPORT_EDIT, participant)
    form = ReviewForm(request.POST or None, initial={"version": record.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        accept = "accept" in request.POST
        try:
            services.record_review(
                record=record,
                actor=request.user,
                accept=accept,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except services.AlreadyReviewed:
            messages.error(request, _("Someone has already reviewed this proposal."))
            status = 409
        except services.ConflictError:
            messages.error(
                request,
                _("The person changed this proposal since you opened it. Read it again."),
            )
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if accept:
                messages.success(
                    request, _("Accepted: it is now part of the evidence base and may print.")
                )
            else:
                messages.success(request, _("Declined. The person will see your reason."))
            return redirect(_list_url(participant.pk, "to-review"))
        record = type(record).objects.get(pk=record.pk)
        record.key_competency_count = 0
    context = {
        "participant": participant,
        "record": record,
        "kind": template_kind,
        "form": form,
        "can_view_documents": True,
    }
    return render(
        request,
        "evidence/review.html",
        context,
        status=status if status != 200 else form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def experience_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, selectors.experience_for(user=request.user, pk=pk), "experience")


@login_required
@require_http_methods(["GET", "POST"])
def achievement_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, selectors.achievement_for(user=request.user, pk=pk), "achievement")
