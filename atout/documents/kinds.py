"""The kinds of document a participant file holds, registered by the apps that make them.

The passport, business cards, cover letters, CV and portfolio live in their own apps; the
file's "Documents" area and `manage.py render_document` list and render them through this
registry, so the ground floor never imports a feature app. Each app registers its kind in
`AppConfig.ready()`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from atout.documents.rendering.engine import RenderedDocument


class DocumentState(models.TextChoices):
    """The states every document shows in the file, whatever its kind."""

    DRAFT = "draft", _("Draft")
    READY = "ready", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    PRINTED = "printed", _("Printed")
    REAPPROVAL = "reapproval", _("Needs approval again")


@dataclass(frozen=True)
class DocumentSummary:
    """One line of the Documents area: what it is, where it stands, where to open it."""

    title: str
    state: str  # a DocumentState value
    url: str
    last_printed_at: datetime.datetime | None = None
    detail: str = ""

    @property
    def state_label(self) -> str:
        return str(DocumentState(self.state).label)


class NothingToRender(Exception):
    """The file has no such document yet (no letter written); the message is for people."""


# (participant, *, lang, variant, fmt, layout) -> RenderedDocument
Renderer = Callable[..., RenderedDocument]
# (user, participant) -> the file's documents of this kind, newest first
Summaries = Callable[[Any, Any], list[DocumentSummary]]


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: Any  # lazy translation
    order: int
    summaries: Summaries
    # Where a counsellor starts a document of this kind (None: the summaries' links suffice).
    start_url: Callable[[Any], str] | None = None
    render: Renderer | None = None
    formats: tuple[str, ...] = ("pdf",)
    layouts: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    """Called from an app's ready(); registering the same key twice replaces it (reloads)."""
    _KINDS[kind.key] = kind


def document_kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.key))


def document_kind(key: str) -> DocumentKind:
    """The registered kind, or KeyError."""
    return _KINDS[key]
