"""Reads of the incident register, always through the scoping."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator

from atout.accounts.models import Organisation
from atout.incidents.models import Incident

PER_PAGE = 50


def register_page(*, user: Any, organisation: Organisation | None, number: Any = 1) -> Page:
    """One organisation's register (platform staff may pass None for every organisation)."""
    entries = Incident.objects.visible_to(user).select_related("organisation")
    if organisation is not None:
        entries = entries.filter(organisation=organisation)
    return Paginator(entries, PER_PAGE).get_page(number)


def incident_for(*, user: Any, pk: int) -> Incident:
    return Incident.objects.select_related("organisation", "recorded_by").get_visible_or_404(
        user, pk=pk
    )


def organisations_with_incidents() -> list[Organisation]:
    """For platform staff's filter: the organisations that have a register entry."""
    return list(Organisation.objects.filter(incidents__isnull=False).distinct().order_by("name"))


def changes_of(incident: Incident, limit: int = 10) -> list[Any]:
    return list(incident.history.select_related("history_user").order_by("-history_date")[:limit])
