"""Reads of recognition dossiers, always through `visible_to` (scoping and the access log)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from atout.recognition.models import Dossier, InventoryEntry, Mastery
from atout.standards.models import Competency, Element


def dossier_for(*, user: Any, pk: Any) -> Dossier:
    """The dossier if the user may see it (404 otherwise)."""
    return get_object_or_404(
        Dossier.objects.visible_to(user).select_related(
            "participant", "standard", "advisor", "cle", "organisation"
        ),
        pk=pk,
    )


def dossiers_of(*, user: Any) -> QuerySet[Dossier]:
    return Dossier.objects.visible_to(user).select_related(
        "participant", "standard", "advisor", "cle"
    )


# --- The competency inventory grid --------------------------------------------------------


@dataclass
class InventoryLine:
    """One line of the grid: an element of a competency, or the competency itself when the
    committee has not given its elements. `entry` is unsaved until someone fills it."""

    competency: Competency
    element: Element | None
    entry: InventoryEntry

    @property
    def key(self) -> str:
        return f"{self.competency.pk}-{self.element.pk if self.element else 0}"

    @property
    def missing(self) -> list[str]:
        """What this line lacks for the completeness check, in words."""
        entry = self.entry
        if not entry.self_assessment:
            return [_("self-assessment")]
        supported = entry.experience.strip() or entry.proof.strip()
        if entry.self_assessment in (Mastery.MASTERED, Mastery.PARTLY) and not supported:
            return [_("experience or proof")]
        return []


@dataclass
class InventoryBlock:
    competency: Competency
    lines: list[InventoryLine] = field(default_factory=list)


def standard_competencies(standard: Any) -> list[Competency]:
    """The standard's competencies with their elements and criteria, in order."""
    return list(
        Competency.objects.filter(standard=standard)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "elements",
                queryset=Element.objects.order_by("number").prefetch_related("criteria"),
            )
        )
    )


def inventory_blocks(dossier: Dossier) -> list[InventoryBlock]:
    """The grid, competency by competency: saved entries, or blank ones for lines not yet
    filled (the grid follows the standard as it is now)."""
    entries = {
        (entry.competency_id, entry.element_id): entry
        for entry in InventoryEntry.objects.filter(dossier=dossier)
    }
    blocks = []
    for competency in standard_competencies(dossier.standard):
        block = InventoryBlock(competency=competency)
        elements = list(competency.elements.all())
        if not elements or competency.to_be_completed:
            block.lines.append(_line(dossier, entries, competency, None))
        for element in elements:
            block.lines.append(_line(dossier, entries, competency, element))
        blocks.append(block)
    return blocks


def _line(dossier, entries, competency, element) -> InventoryLine:
    entry = entries.get((competency.pk, element.pk if element else None))
    if entry is None:
        entry = InventoryEntry(dossier=dossier, competency=competency, element=element, version=0)
    return InventoryLine(competency=competency, element=element, entry=entry)


def inventory_gaps(dossier: Dossier) -> list[tuple[InventoryLine, list[str]]]:
    """Lines that stop the inventory being complete, with what each lacks."""
    return [
        (line, line.missing)
        for block in inventory_blocks(dossier)
        for line in block.lines
        if line.missing
    ]
