"""Frameworks and workforce profiles: browse, import/export, organisation additions."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atout.accounts import permissions as perms
from atout.common.views import INVALID, form_status
from atout.competencies import importing, selectors, services
from atout.competencies.forms import CustomProfileForm, FrameworkImportForm, OwnCompetencyForm
from atout.competencies.models import CompetencyFramework


def _framework(request: HttpRequest, pk: int) -> CompetencyFramework:
    try:
        return selectors.frameworks_for(user=request.user).get(pk=pk)
    except (CompetencyFramework.DoesNotExist, ValueError):
        raise Http404() from None


@login_required
@perms.requires(perms.FRAMEWORK_VIEW)
def framework_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "competencies/framework_list.html",
        {"frameworks": selectors.frameworks_for(user=request.user)},
    )


@login_required
@perms.requires(perms.FRAMEWORK_VIEW)
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    framework = _framework(request, pk)
    return render(
        request,
        "competencies/framework_detail.html",
        {"framework": framework, "families": selectors.framework_tree(framework)},
    )


@login_required
@perms.requires(perms.FRAMEWORK_VIEW)
def framework_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    framework = _framework(request, pk)
    filename = f"{framework.code}-{framework.version}".replace('"', "")
    if fmt == "csv":
        response = HttpResponse(
            "\ufeff" + importing.export_csv(framework), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    else:
        response = HttpResponse(
            json.dumps(importing.export_json(framework), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


@login_required
@perms.requires(perms.FRAMEWORK_MANAGE)
def framework_import(request: HttpRequest) -> HttpResponse:
    """An organisation's own framework, from CSV or JSON; a bad file imports nothing."""
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    problems: list[importing.ImportProblem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        if upload.size > importing.MAX_IMPORT_BYTES:
            problems = [
                importing.ImportProblem(_("file"), _("The file is too large (2 MB at most)."))
            ]
        else:
            parsed = importing.parse_upload(upload.read())
            meta = {
                k: form.cleaned_data[k]
                for k in ("code", "version", "name_fr", "name_en")
                if form.cleaned_data[k]
            }
            problems = parsed.problems
            if not problems:
                try:
                    framework = services.framework_import(
                        parsed=parsed, organisation=request.organisation, meta=meta
                    )
                except ValidationError as error:
                    problems = [importing.ImportProblem(_("file"), m) for m in error.messages]
                else:
                    messages.success(
                        request,
                        ngettext(
                            "Framework imported: %(count)d competency.",
                            "Framework imported: %(count)d competencies.",
                            parsed.competency_count,
                        )
                        % {"count": parsed.competency_count},
                    )
                    return redirect("competencies:framework_detail", pk=framework.pk)
    return render(
        request,
        "competencies/framework_import.html",
        {"form": form, "problems": problems, "columns": importing.CSV_COLUMNS},
        status=INVALID if problems or form.errors else 200,
    )


@login_required
@perms.requires(perms.FRAMEWORK_MANAGE)
def own_competency_add(request: HttpRequest) -> HttpResponse:
    form = OwnCompetencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            competency = services.own_competency_add(
                organisation=request.organisation, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Competency added to your organisation's list."))
            return redirect("competencies:framework_detail", pk=competency.framework_id)
    return render(
        request,
        "competencies/own_competency_form.html",
        {"form": form},
        status=form_status(form),
    )


@login_required
@perms.requires(perms.FRAMEWORK_VIEW)
def profile_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "competencies/profile_list.html",
        {"profiles": selectors.profiles_for(user=request.user, query=query), "query": query},
    )


@login_required
@perms.requires(perms.FRAMEWORK_VIEW)
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "competencies/profile_detail.html",
        {"profile": selectors.profile_for(user=request.user, pk=pk)},
    )


@login_required
@perms.requires(perms.PROFILE_CREATE)
def profile_create(request: HttpRequest) -> HttpResponse:
    framework = selectors.generic_framework()
    competencies = list(
        selectors.competencies_for(organisation_id=request.organisation.pk, framework=framework)
    )
    form = CustomProfileForm(request.POST or None, competencies=competencies)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.custom_profile_create(
                organisation=request.organisation,
                actor=request.user,
                title=form.cleaned_data["title"],
                employer_name=form.cleaned_data["employer_name"],
                posting_text=form.cleaned_data["posting_text"],
                noc_code=form.cleaned_data["noc_code"] or "",
                sought=form.sought(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Profile created for your organisation."))
            return redirect("competencies:profile_detail", pk=profile.pk)
    return render(
        request,
        "competencies/profile_form.html",
        {"form": form},
        status=form_status(form),
    )


urlpatterns = [
    path("referentiels/", framework_list, name="framework_list"),
    path("referentiels/importer/", framework_import, name="framework_import"),
    path("referentiels/ajouter-une-competence/", own_competency_add, name="own_competency_add"),
    path("referentiels/<int:pk>/", framework_detail, name="framework_detail"),
    path(
        "referentiels/<int:pk>/export.csv",
        framework_export,
        {"fmt": "csv"},
        name="framework_export_csv",
    ),
    path(
        "referentiels/<int:pk>/export.json",
        framework_export,
        {"fmt": "json"},
        name="framework_export_json",
    ),
    path("profils/", profile_list, name="profile_list"),
    path("profils/nouveau/", profile_create, name="profile_create"),
    path("profils/<int:pk>/", profile_detail, name="profile_detail"),
]
