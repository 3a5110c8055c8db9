"""The public catalogue (no login) and the committee's maintenance pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atout.accounts import permissions as perms
from atout.common.views import INVALID, conflict_rows, form_status, save_or_conflict
from atout.standards import importing, selectors, services
from atout.standards.forms import (
    CatalogueSearchForm,
    CompetencyForm,
    CriterionForm,
    ElementForm,
    ImportForm,
    StandardForm,
)
from atout.standards.models import Competency, Criterion, Element, Standard

# --- Public catalogue ------------------------------------------------------------------------


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    result = selectors.catalogue_search(query)
    context = {"form": form, "result": result, "lang": get_language() or "fr"}
    if request.headers.get("HX-Request") == "true":
        return render(request, "standards/_results.html", context)
    return render(request, "standards/catalogue.html", context)


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        standard = selectors.public_standard(pk)
    except Standard.DoesNotExist as missing:
        raise Http404 from missing
    lang = get_language() or "fr"
    english = lang.startswith("en")
    sheet = (
        standard.procedure_sheet_en
        if english and standard.procedure_sheet_en
        else (standard.procedure_sheet_fr)
    )
    return render(
        request,
        "standards/public_detail.html",
        {
            "standard": standard,
            "groups": selectors.tree_by_kind(selectors.standard_tree(standard)),
            "title": standard.title(lang),
            "english": english,
            "sheet_paragraphs": [p.strip() for p in sheet.split("\n\n") if p.strip()],
            "levels": standard.text("levels", lang),
            "recognition_conditions": standard.text("recognition_conditions", lang),
            "fees": standard.text("fees", lang),
        },
    )


# --- Maintenance (committee) -----------------------------------------------------------------


def _standard(request: HttpRequest, pk: int) -> Standard:
    try:
        return selectors.managed_standard(request.user, pk)
    except Standard.DoesNotExist as missing:
        raise Http404 from missing


def _competency(request: HttpRequest, pk: int) -> Competency:
    ids = selectors.committee_standards(request.user).values("pk")
    try:
        return Competency.objects.select_related("standard").get(pk=pk, standard__in=ids)
    except Competency.DoesNotExist as missing:
        raise Http404 from missing


def _element(request: HttpRequest, pk: int) -> Element:
    ids = selectors.committee_standards(request.user).values("pk")
    try:
        return Element.objects.select_related("competency__standard").get(
            pk=pk, competency__standard__in=ids
        )
    except Element.DoesNotExist as missing:
        raise Http404 from missing


def _criterion(request: HttpRequest, pk: int) -> Criterion:
    ids = selectors.committee_standards(request.user).values("pk")
    try:
        return Criterion.objects.select_related("element__competency__standard").get(
            pk=pk, element__competency__standard__in=ids
        )
    except Criterion.DoesNotExist as missing:
        raise Http404 from missing


def _next_number(queryset) -> int:
    numbers = list(queryset.values_list("number", flat=True))
    return (max(numbers) if numbers else 0) + 1


@login_required
@perms.requires(perms.STANDARD_MANAGE)
def manage(request: HttpRequest) -> HttpResponse:
    """The committee's standards, and the import of a new one from a JSON file."""
    committee = request.organisation
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list = []
    if request.method == "POST" and form.is_valid():
        parsed = importing.parse_upload(
            form.cleaned_data["file"].read(importing.MAX_IMPORT_BYTES + 1)
        )
        problems = parsed.problems
        if parsed.ok:
            try:
                standard = services.standard_import(
                    actor=request.user, committee=committee, parsed=parsed
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The standard is imported."))
                return redirect("standards:edit", pk=standard.pk)
    standards = selectors.committee_standards(request.user).filter(committee=committee)
    status = form_status(form) if not problems else INVALID
    return render(
        request,
        "standards/manage.html",
        {"standards": standards, "form": form, "problems": problems},
        status=status,
    )


@login_required
@perms.requires(perms.STANDARD_MANAGE)
def create(request: HttpRequest) -> HttpResponse:
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            standard = services.standard_create(
                actor=request.user, committee=request.organisation, data=form.field_values()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The standard is saved. Add its competencies."))
            return redirect("standards:edit", pk=standard.pk)
    return render(
        request,
        "standards/standard_form.html",
        {"form": form, "creating": True},
        status=form_status(form),
    )


def _edit_page(
    request: HttpRequest,
    standard: Standard,
    *,
    form: StandardForm | None = None,
    add_form: CompetencyForm | None = None,
    import_form: ImportForm | None = None,
    problems: list | None = None,
    conflict: Any = None,
    status: int = 200,
) -> HttpResponse:
    form = form or StandardForm(instance=standard)
    add_form = add_form or CompetencyForm(
        prefix="new", initial={"number": _next_number(standard.competencies)}
    )
    return render(
        request,
        "standards/edit.html",
        {
            "standard": standard,
            "form": form,
            "add_form": add_form,
            "import_form": import_form or ImportForm(prefix="import"),
            "problems": problems or [],
            "tree": selectors.standard_tree(standard),
            "in_use": standard.dossiers.exists(),
            "conflict": conflict,
            "conflict_rows": conflict_rows(form, conflict) if conflict else [],
        },
        status=status,
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    standard = _standard(request, pk)
    form = StandardForm(request.POST or None, instance=standard)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.standard_update(
                actor=request.user,
                standard=standard,
                data=form.field_values(),
                expected_version=form.cleaned_data.get("version") or 0,
            ),
        )
        if saved is not None:
            messages.success(request, _("The standard is saved."))
            return redirect("standards:edit", pk=standard.pk)
    return _edit_page(
        request, standard, form=form, conflict=conflict, status=form_status(form, conflict)
    )


@login_required
@require_POST
def competency_add(request: HttpRequest, pk: int) -> HttpResponse:
    standard = _standard(request, pk)
    return _add_part(
        request,
        CompetencyForm(request.POST, prefix="new"),
        save=lambda data: services.competency_save(
            actor=request.user, standard=standard, data=data
        ),
        done=_("The competency is added."),
        to=reverse("standards:edit", args=[standard.pk]),
        page=lambda form: _edit_page(request, standard, add_form=form, status=INVALID),
    )


def _add_part(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[dict], Any],
    done: str,
    to: str,
    page: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """Add a competency, element or criterion; a refused one re-shows what was typed (422)."""
    if form.is_valid():
        try:
            save(form.field_values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(to)
    return page(form)


@login_required
@require_POST
def import_tree(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace the standard's competencies (and, from JSON, its description) by a file."""
    standard = _standard(request, pk)
    import_form = ImportForm(request.POST, request.FILES, prefix="import")
    problems: list = []
    if import_form.is_valid():
        parsed = importing.parse_upload(
            import_form.cleaned_data["file"].read(importing.MAX_IMPORT_BYTES + 1)
        )
        problems = parsed.problems
        if parsed.ok:
            try:
                services.standard_import(
                    actor=request.user,
                    committee=standard.committee,
                    parsed=parsed,
                    standard=standard,
                )
            except ValidationError as error:
                import_form.add_error(None, error)
            else:
                messages.success(request, _("The file is imported."))
                return redirect("standards:edit", pk=standard.pk)
    return _edit_page(request, standard, import_form=import_form, problems=problems, status=INVALID)


def _download(content: str, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content.encode("utf-8"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_stem(standard: Standard) -> str:
    return f"norme-{standard.pk}"


@login_required
def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    standard = _standard(request, pk)
    content = importing.export_json(standard, selectors.standard_tree(standard))
    return _download(content, f"{_file_stem(standard)}.json", "application/json; charset=utf-8")


@login_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    standard = _standard(request, pk)
    # A byte-order mark so a spreadsheet opens the accents right.
    content = "\ufeff" + importing.export_csv(selectors.standard_tree(standard))
    return _download(content, f"{_file_stem(standard)}.csv", "text/csv; charset=utf-8")


def _delete(request: HttpRequest, run, *, done: str, to: str) -> HttpResponse:
    try:
        run()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(to)


@login_required
def competency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    competency = _competency(request, pk)
    standard = competency.standard
    form = CompetencyForm(request.POST or None, instance=competency)
    if request.method == "POST" and form.is_valid():
        try:
            services.competency_save(
                actor=request.user,
                standard=standard,
                competency=competency,
                data=form.field_values(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The competency is saved."))
            return redirect("standards:edit", pk=standard.pk)
    return _competency_page(request, competency, form=form, status=form_status(form))


def _competency_page(
    request: HttpRequest,
    competency: Competency,
    *,
    form: CompetencyForm | None = None,
    add_form: ElementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "standards/competency.html",
        {
            "competency": competency,
            "standard": competency.standard,
            "form": form or CompetencyForm(instance=competency),
            "add_form": add_form
            or ElementForm(prefix="new", initial={"number": _next_number(competency.elements)}),
            "elements": competency.elements.prefetch_related("criteria").order_by("number"),
            "in_use": competency.standard.dossiers.exists(),
        },
        status=status,
    )


@login_required
@require_POST
def competency_delete(request: HttpRequest, pk: int) -> HttpResponse:
    competency = _competency(request, pk)
    return _delete(
        request,
        lambda: services.competency_delete(actor=request.user, competency=competency),
        done=_("The competency is deleted."),
        to=reverse("standards:edit", args=[competency.standard_id]),
    )


@login_required
@require_POST
def element_add(request: HttpRequest, pk: int) -> HttpResponse:
    competency = _competency(request, pk)
    return _add_part(
        request,
        ElementForm(request.POST, prefix="new"),
        save=lambda data: services.element_save(
            actor=request.user, competency=competency, data=data
        ),
        done=_("The element is added."),
        to=reverse("standards:competency_edit", args=[competency.pk]),
        page=lambda form: _competency_page(request, competency, add_form=form, status=INVALID),
    )


def _element_page(
    request: HttpRequest,
    element: Element,
    *,
    form: ElementForm | None = None,
    add_form: CriterionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "standards/element.html",
        {
            "element": element,
            "competency": element.competency,
            "standard": element.competency.standard,
            "form": form or ElementForm(instance=element),
            "add_form": add_form
            or CriterionForm(prefix="new", initial={"number": _next_number(element.criteria)}),
            "criteria": element.criteria.order_by("number"),
            "in_use": element.competency.standard.dossiers.exists(),
        },
        status=status,
    )


@login_required
def element_edit(request: HttpRequest, pk: int) -> HttpResponse:
    element = _element(request, pk)
    form = ElementForm(request.POST or None, instance=element)
    if request.method == "POST" and form.is_valid():
        try:
            services.element_save(
                actor=request.user,
                competency=element.competency,
                element=element,
                data=form.field_values(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The element is saved."))
            return redirect("standards:competency_edit", pk=element.competency_id)
    return _element_page(request, element, form=form, status=form_status(form))


@login_required
@require_POST
def element_delete(request: HttpRequest, pk: int) -> HttpResponse:
    element = _element(request, pk)
    return _delete(
        request,
        lambda: services.element_delete(actor=request.user, element=element),
        done=_("The element is deleted."),
        to=reverse("standards:competency_edit", args=[element.competency_id]),
    )


@login_required
@require_POST
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    element = _element(request, pk)
    return _add_part(
        request,
        CriterionForm(request.POST, prefix="new"),
        save=lambda data: services.criterion_save(actor=request.user, element=element, data=data),
        done=_("The criterion is added."),
        to=reverse("standards:element_edit", args=[element.pk]),
        page=lambda form: _element_page(request, element, add_form=form, status=INVALID),
    )


@login_required
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = _criterion(request, pk)
    element = criterion.element
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(
                actor=request.user, element=element, criterion=criterion, data=form.field_values()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The criterion is saved."))
            return redirect("standards:element_edit", pk=element.pk)
    return render(
        request,
        "standards/criterion.html",
        {
            "criterion": criterion,
            "element": element,
            "competency": element.competency,
            "standard": element.competency.standard,
            "form": form,
        },
        status=form_status(form),
    )


@login_required
@require_POST
def criterion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = _criterion(request, pk)
    return _delete(
        request,
        lambda: services.criterion_delete(actor=request.user, criterion=criterion),
        done=_("The criterion is deleted."),
        to=reverse("standards:element_edit", args=[criterion.element_id]),
    )
