"""Reads for share links: the management list (scoped) and the public page (by token).

The public page reads the passport's latest approved version on every request, so a
withdrawn version (a consent withdrawn) or a revoked or expired link stops showing at once;
the link itself freezes nothing, so it needs no consent_withdrawn receiver.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from atout.participants.models import Participant
from atout.sharing import tokens
from atout.sharing.models import ShareLink


def shared_version(participant: Participant) -> Any:
    """The passport version a link shows: the newest approved one still standing, or None."""
    from atout.passports.models import Passport
    from atout.passports.selectors import latest_printable_version

    passport = Passport.objects.filter(participant=participant).first()
    return latest_printable_version(passport) if passport is not None else None


def public_url(token: str) -> str:
    """The full URL to give an employer (the base comes from ATOUT_PUBLIC_BASE_URL)."""
    base = settings.ATOUT_PUBLIC_BASE_URL.rstrip("/")
    return base + reverse("sharing:public", kwargs={"token": token})


def link_url(link: ShareLink) -> str | None:
    """The link's URL again, or None if it cannot be rebuilt (SECRET_KEY rotated)."""
    token = tokens.rebuild_token(link.seed, link.token_hash)
    return public_url(token) if token else None


@dataclass
class LinkRow:
    link: ShareLink
    status: str
    status_label: str
    views: int
    last_view: datetime | None
    url: str | None
    lost_url: bool = False
    extras: list[str] = field(default_factory=list)


def _status(link: ShareLink, now: datetime) -> tuple[str, str]:
    from django.utils.translation import gettext as _

    if link.revoked_at is not None:
        return "revoked", _("Revoked")
    if link.expires_at <= now:
        return "expired", _("Expired")
    return "active", _("Active")


def links_for(*, user: Any, participant: Participant) -> list[LinkRow]:
    """The file's links, newest first, with status, number of views and the URL to copy."""
    from django.utils.translation import gettext as _

    now = timezone.now()
    links = (
        ShareLink.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("created_by")
        .annotate(view_count=Count("views"), last_view=Max("views__at"))
    )
    rows = []
    for link in links:
        status, label = _status(link, now)
        url = link_url(link) if status == "active" else None
        extras = []
        if link.include_cv:
            extras.append(_("CV"))
        if link.include_portfolio:
            extras.append(_("portfolio"))
        rows.append(
            LinkRow(
                link=link,
                status=status,
                status_label=label,
                views=link.view_count,
                last_view=link.last_view,
                url=url,
                lost_url=status == "active" and url is None,
                extras=extras,
            )
        )
    return rows


def active_links(participant: Participant) -> list[ShareLink]:
    """Links that still open, for the QR code choice when printing (newest first)."""
    now = timezone.now()
    return list(
        ShareLink.objects.filter(
            participant=participant, revoked_at__isnull=True, expires_at__gt=now
        ).order_by("-created_at", "-pk")
    )


def share_link_choices(participant: Participant) -> list[tuple[str, str]]:
    """(id, label) of the links a printed QR code may open: active, URL still known."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    choices = []
    for link in active_links(participant):
        if tokens.rebuild_token(link.seed, link.token_hash) is None:
            continue
        until = date_format(timezone.localtime(link.expires_at), "DATE_FORMAT")
        label = link.label or _("Link without a name")
        choices.append(
            (str(link.pk), _("%(label)s (until %(date)s)") % {"label": label, "date": until})
        )
    return choices


def share_link_url(participant: Participant, link_id: Any) -> str | None:
    """The URL of one of the person's active links, for a QR code; None if not one."""
    if not link_id or not str(link_id).isdigit():
        return None
    link = next((x for x in active_links(participant) if x.pk == int(link_id)), None)
    return link_url(link) if link is not None else None


def link_for_token(token: str) -> ShareLink | None:
    """The link a token opens, whatever its state (the caller checks it), or None."""
    if not tokens.looks_like_token(token):
        return None
    return (
        ShareLink.objects.filter(token_hash=tokens.token_hash(token))
        .select_related("participant")
        .first()
    )


@dataclass
class SharedView:
    """What the public page shows: display-ready, in one language."""

    link: ShareLink
    version: Any
    lang: str
    languages: list[str]
    passport: dict[str, Any]
    passport_pdf: bool
    cv: bool
    portfolio: bool


def _cv_payload(participant: Participant) -> dict[str, Any] | None:
    from atout.resumes.models import Cv

    cv = Cv.objects.filter(participant=participant).first()
    return cv.approved_payload if cv is not None and cv.is_approved else None


def _portfolio(participant: Participant) -> Any:
    from atout.portfolios.models import Portfolio

    portfolio = Portfolio.objects.filter(participant=participant).first()
    if portfolio is not None and portfolio.is_approved and portfolio.approved_payload:
        return portfolio
    return None


def shared_view(link: ShareLink | None, *, lang: str | None = None) -> SharedView | None:
    """The page a link shows now, or None (unknown, revoked, expired, nothing approved)."""
    from atout.documents.rendering.passport import passport_payload
    from atout.passports.selectors import output_languages

    if link is None or not link.is_active():
        return None
    version = shared_version(link.participant)
    if version is None:
        return None
    languages = output_languages(version.content)
    lang = lang if lang in languages else languages[0]
    return SharedView(
        link=link,
        version=version,
        lang=lang,
        languages=languages,
        passport=passport_payload(version.content, lang=lang, variant="colour"),
        # Not withdrawn (shared_version): its stored PDF, or a render while the worker makes it.
        passport_pdf=version.withdrawn_at is None,
        cv=link.include_cv and _cv_payload(link.participant) is not None,
        portfolio=link.include_portfolio and _portfolio(link.participant) is not None,
    )


def shared_document(view: SharedView, what: str) -> Any:
    """The PDF the page offers: the stored passport (byte for byte), or the approved CV or
    portfolio rendered from their frozen payloads. None when it is not available."""
    from atout.documents.rendering import RenderedDocument

    if what == "passport":
        if not view.passport_pdf:
            return None
        stored = None
        if view.version.can_be_served:
            stored = view.version.documents.filter(lang=view.lang, variant="colour").first()
        if stored is not None:
            try:
                with stored.file.open("rb") as handle:
                    return RenderedDocument(stored.name, "application/pdf", handle.read())
            except OSError:
                pass  # lost from storage: the same frozen content, rendered again below
        # The worker has not made this version's PDFs yet: the same frozen content, now.
        from atout.documents.rendering.passport import render_passport
        from atout.passports.services import logo_bytes

        logo, logo_type = logo_bytes(view.version)
        return render_passport(
            view.version.content, lang=view.lang, variant="colour", logo=logo, logo_type=logo_type
        )
    if what == "cv" and view.cv:
        from atout.documents.rendering.cv import render_cv

        payload = _cv_payload(view.link.participant)
        return render_cv(payload, variant="colour", fmt="pdf") if payload else None
    if what == "portfolio" and view.portfolio:
        from atout.portfolios.selectors import approved_document

        portfolio = _portfolio(view.link.participant)
        return approved_document(portfolio, variant="colour")[0] if portfolio else None
    return None
