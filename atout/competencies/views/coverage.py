"""A person against a target workforce profile: what is covered, and what to feature."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from atout.accounts import permissions as perms
from atout.competencies import selectors
from atout.participants import selectors as participant_selectors


@login_required
def coverage_choose(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.COVERAGE_VIEW, participant)
    query = request.GET.get("q", "").strip()[:100]
    profiles = selectors.profiles_for(user=request.user, query=query)
    return render(
        request,
        "competencies/coverage_choose.html",
        {"participant": participant, "profiles": profiles, "query": query},
    )


@login_required
def coverage_view(request: HttpRequest, pk: int, profile_pk: int) -> HttpResponse:
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.COVERAGE_VIEW, participant)
    profile = selectors.profile_for(user=request.user, pk=profile_pk)
    return render(
        request,
        "competencies/coverage.html",
        {
            "participant": participant,
            "coverage": selectors.coverage(participant=participant, profile=profile),
        },
    )


urlpatterns = [
    path("dossiers/<int:pk>/profils/", coverage_choose, name="coverage_choose"),
    path("dossiers/<int:pk>/profils/<int:profile_pk>/", coverage_view, name="coverage"),
]
