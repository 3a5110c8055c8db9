"""Writes for business cards: the organisation's stock layouts and printer offset, and the
record of each print. Each runs in one transaction; edits check the version they started
from and raise ConflictError if someone saved since."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from atout.accounts import permissions as perms
from atout.accounts.models import Organisation, User
from atout.cards.models import CardPrint, CardStockLayout, PrintSettings
from atout.common.errors import ConflictError
from atout.participants.models import Participant
from atout.passports.models import PassportVersion

__all__ = [
    "ConflictError",
    "card_print_record",
    "layout_create",
    "layout_delete",
    "layout_update",
    "printer_offset_set",
]

LAYOUT_FIELDS = [
    "name",
    "unit",
    "card_width",
    "card_height",
    "columns",
    "rows",
    "margin_top",
    "margin_left",
    "gap_x",
    "gap_y",
]
OFFSET_FIELDS = ["offset_x_mm", "offset_y_mm"]


def _require_manage(actor: User, organisation: Organisation) -> None:
    if perms.PRINT_SETTINGS_MANAGE not in perms.organisation_capabilities(actor, organisation.pk):
        raise PermissionDenied(perms.PRINT_SETTINGS_MANAGE)


@transaction.atomic
def layout_create(
    *, organisation: Organisation, actor: User, data: dict[str, Any]
) -> CardStockLayout:
    _require_manage(actor, organisation)
    layout = CardStockLayout(organisation=organisation, created_by=actor)
    for name in LAYOUT_FIELDS:
        if name in data:
            setattr(layout, name, data[name])
    layout.full_clean()
    layout.save()
    return layout


@transaction.atomic
def layout_update(
    *, layout: CardStockLayout, actor: User, data: dict[str, Any], expected_version: int
) -> CardStockLayout:
    _require_manage(actor, layout.organisation)
    current = CardStockLayout.objects.select_for_update().get(pk=layout.pk)
    if current.version != expected_version:
        raise ConflictError(current)
    changed = [n for n in LAYOUT_FIELDS if n in data and getattr(current, n) != data[n]]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, data[name])
    current.full_clean(exclude=["created_by"])
    current.version += 1
    current.save(update_fields=[*changed, "version", "updated_at"])
    return current


@transaction.atomic
def layout_delete(*, layout: CardStockLayout, actor: User) -> None:
    """Past print records keep the layout's name; nothing else refers to it."""
    _require_manage(actor, layout.organisation)
    CardStockLayout.objects.filter(pk=layout.pk).delete()


@transaction.atomic
def printer_offset_set(
    *, organisation: Organisation, actor: User, data: dict[str, Any], expected_version: int
) -> PrintSettings:
    """Save the offset; the first save creates the settings (expected version 1)."""
    _require_manage(actor, organisation)
    # Lock the organisation: two first saves at once would both create the settings row.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    current = PrintSettings.objects.select_for_update().filter(organisation=organisation).first()
    if current is None:
        current = PrintSettings(organisation=organisation, version=0)
    elif current.version != expected_version:
        raise ConflictError(current)
    changed = [n for n in OFFSET_FIELDS if n in data and getattr(current, n) != data[n]]
    if not changed and current.pk:
        return current
    for name in changed:
        setattr(current, name, data[name])
    current.updated_by = actor
    current.full_clean(exclude=["updated_by"])
    current.version += 1
    current.save()
    return current


@transaction.atomic
def card_print_record(
    *,
    participant: Participant,
    actor: User,
    layout: str,
    layout_name: str,
    variant: str,
    lang: str,
    passport_version: PassportVersion | None,
) -> CardPrint:
    """A counsellor prints the participant's cards (the PDF is served right after)."""
    perms.require(actor, perms.DOCUMENT_EDIT, participant)
    record = CardPrint(
        participant=participant,
        printed_by=actor,
        layout=layout,
        layout_name=layout_name[:80],
        variant=variant,
        lang=lang,
        passport_version=passport_version,
    )
    record.full_clean(exclude=["printed_by", "passport_version"])
    record.save()
    return record
