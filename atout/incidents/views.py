"""The incident register: the person in charge records and completes entries; platform staff
read every organisation's register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from atout.accounts import permissions as perms
from atout.common.views import conflict_rows, form_status, save_or_conflict
from atout.incidents import selectors, services
from atout.incidents.forms import IncidentForm, OrganisationFilterForm


def _may_read_register(request: HttpRequest) -> bool:
    return request.user.is_staff or perms.INCIDENT_REGISTER in request.capabilities


@login_required
@require_GET
def incident_list(request: HttpRequest) -> HttpResponse:
    """The active organisation's register; platform staff filter by organisation."""
    if not _may_read_register(request):
        raise PermissionDenied(perms.INCIDENT_REGISTER)
    keeper = services.can_keep_register(request.user, request.organisation)
    filter_form = None
    organisation = request.organisation if keeper else None
    if request.user.is_staff and not keeper:
        filter_form = OrganisationFilterForm(
            request.GET or None, organisations=selectors.organisations_with_incidents()
        )
        if filter_form.is_valid() and filter_form.cleaned_data["organisation"]:
            chosen = filter_form.cleaned_data["organisation"]
            organisation = next((o for o in filter_form.organisations if o.pk == chosen), None)
    page = selectors.register_page(
        user=request.user, organisation=organisation, number=request.GET.get("page")
    )
    context = {
        "page": page,
        "keeper": keeper,
        "filter_form": filter_form,
        "organisation": organisation,
    }
    return render(request, "incidents/list.html", context)


def _form_page(
    request: HttpRequest, form: IncidentForm, *, incident=None, conflict=None, status=200
) -> HttpResponse:
    context = {
        "form": form,
        "incident": incident,
        "creating": incident is None,
        "conflict": conflict,
        "conflict_rows": conflict_rows(form, conflict) if conflict else [],
    }
    return render(request, "incidents/form.html", context, status=status)


@login_required
@perms.requires(perms.INCIDENT_REGISTER)
@require_http_methods(["GET", "POST"])
def incident_create(request: HttpRequest) -> HttpResponse:
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(
                organisation=request.organisation, actor=request.user, data=form.field_values()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The incident is recorded in the register."))
            return redirect("incidents:detail", pk=incident.pk)
    return _form_page(request, form, status=form_status(form))


@login_required
@require_GET
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_for(user=request.user, pk=pk)
    context = {
        "incident": incident,
        "may_edit": perms.INCIDENT_REGISTER in perms.object_capabilities(request.user, incident),
        "changes": selectors.changes_of(incident),
    }
    return render(request, "incidents/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_for(user=request.user, pk=pk)
    perms.require(request.user, perms.INCIDENT_REGISTER, incident)
    form = IncidentForm(request.POST or None, instance=incident)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_conflict(
            form,
            lambda: services.incident_update(
                incident=incident,
                actor=request.user,
                data=form.field_values(),
                expected_version=form.cleaned_data.get("version") or 0,
            ),
        )
        if saved is not None:
            messages.success(request, _("The register entry is saved."))
            return redirect("incidents:detail", pk=incident.pk)
    return _form_page(
        request, form, incident=incident, conflict=conflict, status=form_status(form, conflict)
    )
