"""The CV in the file's Documents area and in `manage.py render_document` (the registry)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.documents.kinds import DocumentState, DocumentSummary, NothingToRender
from atout.documents.rendering.engine import RenderedDocument
from atout.participants.models import Participant
from atout.resumes.models import Cv
from atout.resumes.selectors import cv_build, cv_or_default


def start_url(participant: Participant) -> str:
    return reverse("resumes:cv", kwargs={"pk": participant.pk})


def summaries(user: Any, participant: Participant) -> list[DocumentSummary]:
    """One line: the CV, its state and its last print (a CV not started is a draft)."""
    if not perms.has_capability(user, perms.DOCUMENT_VIEW, participant):
        return []
    cv = Cv.objects.visible_to(user).filter(participant=participant).first()
    return [
        DocumentSummary(
            title=str(_("CV")),
            state=cv.state if cv else DocumentState.DRAFT,
            url=start_url(participant),
            last_printed_at=cv.printed_at if cv else None,
        )
    ]


def payload_for(cv: Cv, *, lang: str | None = None, layout: str | None = None) -> dict:
    """The approved payload when it matches what is asked, else the live draft."""
    frozen = cv.approved_payload if cv.is_approved else None
    if frozen and (lang in (None, frozen["lang"])) and (layout in (None, frozen["layout"])):
        return frozen
    build = cv_build(cv, lang=lang, layout=layout)
    if build.is_empty:
        raise NothingToRender(_("This file has nothing to show on a CV yet."))
    return build.payload


def render(
    participant: Participant,
    *,
    lang: str | None = None,
    variant: str = "colour",
    fmt: str = "pdf",
    layout: str | None = None,
) -> RenderedDocument:
    """The CV for the command line and the Documents area (the operator's file lookup)."""
    from atout.documents.rendering.cv import render_cv

    if layout not in (None, "", *Cv.Layout.values):
        raise ValueError(f"unknown CV layout {layout!r}")
    cv = cv_or_default(participant)
    payload = payload_for(cv, lang=lang or None, layout=layout or None)
    return render_cv(payload, variant=variant, fmt="docx" if fmt == "docx" else "pdf")
