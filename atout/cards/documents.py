"""The business cards as a document kind of the participant file (documents.kinds registry).

Registered in `CardsConfig.ready()`. The state comes from the passport the cards print
from: no approved version yet → draft; an approved version → approved; printed at least
once since that version was approved → printed.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atout.cards import selectors
from atout.documents.kinds import DocumentState, DocumentSummary, NothingToRender
from atout.documents.rendering.cards import LAYOUTS, render_business_cards
from atout.documents.rendering.engine import RenderedDocument
from atout.participants.models import Participant

KEY = "cards"
LABEL = gettext_lazy("Business cards")
ORDER = 20


def cards_state(source: selectors.CardSource, last: Any) -> str:
    if source.version is None:
        return DocumentState.DRAFT
    if last is not None and last.printed_at >= source.version.created_at:
        return DocumentState.PRINTED
    return DocumentState.APPROVED


def summaries(user: Any, participant: Participant) -> list[DocumentSummary]:
    """One line for the Documents area: the cards, their state and their last print."""
    source = selectors.card_source(participant=participant, user=user)
    last = selectors.last_print(participant=participant, user=user)
    if not source.exists:
        detail = _("No passport yet: the cards take their content from the passport.")
    elif source.version is None:
        detail = _("Printed from the draft passport until the participant approves it.")
    else:
        created = timezone.localtime(source.version.created_at).date()
        detail = _("From the passport approved on %(date)s.") % {
            "date": date_format(created, "DATE_FORMAT")
        }
    return [
        DocumentSummary(
            title=str(LABEL),
            state=cards_state(source, last),
            url=reverse("cards:participant", kwargs={"pk": participant.pk}),
            last_printed_at=last.printed_at if last else None,
            detail=detail,
        )
    ]


def render(
    participant: Participant,
    *,
    lang: str | None = None,
    variant: str = "colour",
    fmt: str = "pdf",
    layout: str | None = None,
) -> RenderedDocument:
    """The sheet of cards for `manage.py render_document` and the Documents area.

    `layout`: a preset's name, or the participant's organisation's own layout (by name or
    key); the organisation's printer offset applies.
    """
    if fmt != "pdf":
        raise ValueError(f"Business cards are PDF only, not {fmt!r}.")
    source = selectors.card_source(participant=participant)
    if not source.exists:
        raise NothingToRender(_("This file has no passport yet: the cards come from it."))
    # The id is enough for the two lookups below (no read of the organisation's row).
    organisation = participant.organisation_id
    found = selectors.resolve_layout(organisation, layout or selectors.DEFAULT_LAYOUT)
    if found is None:
        raise ValueError(f"Unknown layout {layout!r}.")
    lang = lang if lang in source.languages else source.languages[0]
    logo, logo_type = selectors.logo_for(source)
    document, _warnings = render_business_cards(
        source.content,
        lang=lang,
        variant=variant if variant in ("colour", "copy") else "colour",
        layout=found[1],
        offset_mm=selectors.printer_offset(organisation),
        logo=logo,
        logo_type=logo_type,
    )
    return document


def register_kind() -> None:
    from atout.documents.kinds import DocumentKind, register

    register(
        DocumentKind(
            key=KEY,
            label=LABEL,
            order=ORDER,
            summaries=summaries,
            render=render,
            formats=("pdf",),
            layouts=tuple(LAYOUTS),
        )
    )
