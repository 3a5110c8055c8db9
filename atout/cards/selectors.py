"""Reads for business cards: what will print, on which stock, and when it last printed.

The cards print the latest approved passport version's frozen content when there is one
(never a withdrawn version), otherwise the draft passport, marked as a draft. Contact
details pass the consent selector again, so a detail whose consent was withdrawn never
prints, even from content frozen before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from atout.cards.models import OWN_PREFIX, CardPrint, CardStockLayout, PrintSettings
from atout.documents.rendering.cards import (
    LAYOUTS,
    SheetLayout,
    business_card_payload,
)
from atout.participants.models import Audience, ContactField, Participant
from atout.participants.selectors import contact_disclosure
from atout.passports.models import Passport, PassportVersion
from atout.passports.selectors import (
    CARD_COMPETENCIES,
    business_card_content,
    card_objective,
    with_related,
)

DEFAULT_LAYOUT = "perforated-10"


@dataclass
class CardSource:
    """Where the cards' content comes from, and that content (plain values)."""

    passport: Passport | None
    version: PassportVersion | None
    content: dict[str, Any] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        return self.passport is not None

    @property
    def is_draft(self) -> bool:
        return self.passport is not None and self.version is None

    @property
    def changed_since_approval(self) -> bool:
        """An approved version prints, but the passport was edited after it."""
        return self.version is not None and self.passport.status not in (
            Passport.Status.APPROVED,
            Passport.Status.PRINTED,
        )

    @property
    def languages(self) -> list[str]:
        chosen = self.content.get("languages", "fr")
        return ["fr", "en"] if chosen == "both" else ["en" if chosen == "en" else "fr"]


def card_content_from_frozen(content: dict[str, Any], participant: Participant) -> dict[str, Any]:
    """The card's part of a frozen passport version (as `business_card_content` picks it).

    The frozen contact details are kept only while the employer consent still holds.
    """
    allowed = set(contact_disclosure(participant, Audience.EMPLOYER).shown)
    contact = content.get("contact") or {}
    return {
        "languages": content.get("languages", "fr"),
        "given_names": content.get("given_names", ""),
        "family_name": content.get("family_name", ""),
        "objective": card_objective(content),
        "competencies": [
            {"title": kc.get("title") or {"fr": "", "en": ""}}
            for kc in (content.get("competencies") or [])[:CARD_COMPETENCIES]
        ],
        "contact": {f: contact[f] for f in ContactField.values if f in contact and f in allowed},
        "logo": content.get("logo") or {"builtin": "", "uploaded": False},
    }


def card_source(*, participant: Participant, user: Any = None) -> CardSource:
    """The passport and version the cards print from; `user` scopes the reads (None: an
    operator or the registry, for a file already looked up)."""
    passports = Passport.objects.visible_to(user) if user is not None else Passport.objects
    versions = (
        PassportVersion.objects.visible_to(user) if user is not None else PassportVersion.objects
    )
    # The newest approved version with its passport in one read: the cards print it
    # whenever there is one, and the live passport's related rows are not read at all
    # (building those queries cost more than the Typst compile of the sheet).
    version = (
        versions.filter(passport__participant=participant, withdrawn_at__isnull=True)
        .select_related("passport")
        .order_by("-number")
        .first()
    )
    if version is not None:
        content = card_content_from_frozen(version.content, participant)
        return CardSource(passport=version.passport, version=version, content=content)
    passport = with_related(passports.filter(participant=participant)).first()
    if passport is None:
        return CardSource(passport=None, version=None)
    return CardSource(passport=passport, version=None, content=business_card_content(passport))


def logo_for(source: CardSource) -> tuple[bytes | None, str | None]:
    """The uploaded logo of the version that prints (or of the draft passport)."""
    from atout.passports.services import logo_bytes

    owner = source.version or source.passport
    return logo_bytes(owner) if owner is not None else (None, None)


def own_layouts(organisation: Any) -> list[CardStockLayout]:
    if organisation is None:
        return []
    return list(CardStockLayout.objects.filter(organisation=organisation))


def layout_choices(organisation: Any) -> list[tuple[str, str]]:
    """(key, label) of the presets, then of the organisation's own stock."""
    choices = [
        ("perforated-10", _("Perforated, 10 cards (Avery 5371 type)")),
        ("clean-edge-10", _("Clean edge, 10 cards (Avery 8871 type)")),
    ]
    choices += [
        (layout.key, _("%(name)s (your organisation’s stock)") % {"name": layout.name})
        for layout in own_layouts(organisation)
    ]
    return choices


def resolve_layout(organisation: Any, wanted: str) -> tuple[str, SheetLayout] | None:
    """(key, layout) for a preset's name, an own layout's key ("own-12") or its name."""
    wanted = (wanted or "").strip()
    if wanted in LAYOUTS:
        return wanted, LAYOUTS[wanted]
    if organisation is None or not wanted:
        return None
    layouts = CardStockLayout.objects.filter(organisation=organisation)
    found = None
    if wanted.startswith(OWN_PREFIX) and wanted[len(OWN_PREFIX) :].isdigit():
        found = layouts.filter(pk=int(wanted[len(OWN_PREFIX) :])).first()
    if found is None:
        found = layouts.filter(name__iexact=wanted).first()
    if found is None:
        return None
    return found.key, found.sheet_layout()


def layout_label(organisation: Any, key: str) -> str:
    return dict(layout_choices(organisation)).get(key, key)


def printer_offset(organisation: Any) -> tuple[float, float]:
    """The organisation's printer offset in mm (x right, y down); none set: (0, 0)."""
    if organisation is None:
        return 0.0, 0.0
    settings = PrintSettings.objects.filter(organisation=organisation).first()
    return settings.offset if settings else (0.0, 0.0)


def print_settings_for(organisation: Any) -> PrintSettings:
    """The saved settings, or unsaved defaults to show in the form."""
    return PrintSettings.objects.filter(organisation=organisation).first() or PrintSettings(
        organisation=organisation
    )


def card_warnings(source: CardSource, *, variant: str = "colour") -> dict[str, list[str]]:
    """Per language the cards print in, what had to be shortened or left out."""
    if not source.exists:
        return {}
    return {
        lang: business_card_payload(source.content, lang=lang, variant=variant)[1]
        for lang in source.languages
    }


def card_preview(source: CardSource, lang: str) -> dict[str, Any]:
    """The texts one card prints in `lang`, as the page shows them (shortened already)."""
    payload, _warnings = business_card_payload(source.content, lang=lang, variant="colour")
    clean = {
        key: (value.replace("\u200b", "") if isinstance(value, str) else value)
        for key, value in payload.items()
    }
    clean["competencies"] = [c.replace("\u200b", "") for c in payload["competencies"]]
    clean["contact"] = [c.replace("\u200b", "") for c in payload["contact"]]
    return clean


def prints_for(*, participant: Participant, user: Any = None, limit: int = 5) -> list[CardPrint]:
    prints = CardPrint.objects.visible_to(user) if user is not None else CardPrint.objects
    return list(
        prints.filter(participant=participant).select_related("printed_by", "passport_version")[
            :limit
        ]
    )


def last_print(*, participant: Participant, user: Any = None) -> CardPrint | None:
    found = prints_for(participant=participant, user=user, limit=1)
    return found[0] if found else None
