"""Reads of recognition dossiers, always through `visible_to` (scoping and the access log)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from atout.evidence.models import Achievement, Review
from atout.participants.models import Attachment, Participant
from atout.recognition.models import (
    OPEN_PHASES,
    AnalysedDocument,
    Dossier,
    DossierEvent,
    EvidenceUse,
    InventoryEntry,
    Mastery,
    Meeting,
    Phase,
)
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


# --- The dossier page -----------------------------------------------------------------------


def elapsed(dossier: Dossier, *, today: datetime.date | None = None) -> dict[str, int]:
    """Days since the dossier was opened and days in the current phase."""
    today = today or timezone.localdate()
    in_phase = (today - timezone.localdate(dossier.phase_changed_at)).days
    return {"since_opened": max((today - dossier.opened_on).days, 0), "in_phase": max(in_phase, 0)}


def meetings_of(dossier: Dossier) -> tuple[list[Meeting], int]:
    """The meetings, newest first, and their total duration in minutes."""
    meetings = list(Meeting.objects.filter(dossier=dossier).select_related("advisor"))
    return meetings, sum(m.duration_minutes for m in meetings)


def events_of(dossier: Dossier) -> QuerySet[DossierEvent]:
    return DossierEvent.objects.filter(dossier=dossier).select_related("actor")


def person_files(dossier: Dossier) -> list[int]:
    """The person's files whose material the dossier may use (the linked one with consent)."""
    participant = dossier.participant
    files = [participant.pk]
    if participant.linked_file_id and participant.link_consent:
        files.append(participant.linked_file_id)
    return files


def attachments_for_analysis(*, user: Any, dossier: Dossier) -> QuerySet[Attachment]:
    return (
        Attachment.objects.visible_to(user)
        .filter(participant_id__in=person_files(dossier))
        .exclude(kind=Attachment.Kind.PHOTO)
        .order_by("-pk")
    )


def achievements_for_reuse(*, user: Any, dossier: Dossier) -> QuerySet[Achievement]:
    """Accepted achievements of the person's evidence base, read through `visible_to` (the
    linked file is visible read-only while the person consents)."""
    return (
        Achievement.objects.visible_to(user)
        .filter(participant_id__in=person_files(dossier), review=Review.ACCEPTED)
        .order_by("participant_id", "pk")
    )


def documents_of(dossier: Dossier) -> QuerySet[AnalysedDocument]:
    return (
        AnalysedDocument.objects.filter(dossier=dossier)
        .select_related("attachment", "analysed_by")
        .prefetch_related("competencies")
    )


def evidence_uses_of(dossier: Dossier) -> QuerySet[EvidenceUse]:
    return EvidenceUse.objects.filter(dossier=dossier).select_related("competency", "achievement")


@dataclass
class DossierFilters:
    phase: str = ""
    standard: Any = None
    advisor: str = ""


def dossier_list(*, user: Any, filters: DossierFilters) -> list[tuple[Dossier, dict[str, int]]]:
    """The advisor's list: open dossiers by default, newest phase change first, with ages."""
    rows = dossiers_of(user=user)
    rows = rows.filter(phase=filters.phase) if filters.phase else rows.filter(phase__in=OPEN_PHASES)
    if filters.standard is not None:
        rows = rows.filter(standard=filters.standard)
    if filters.advisor == "mine":
        rows = rows.filter(advisor=user)
    elif filters.advisor.isdigit():
        rows = rows.filter(advisor_id=int(filters.advisor))
    today = timezone.localdate()
    return [(d, elapsed(d, today=today)) for d in rows.order_by("phase_changed_at", "pk")[:500]]


def phase_counts(*, user: Any) -> dict[str, int]:
    counts = dossiers_of(user=user).values("phase").annotate(n=Count("pk"))
    return {row["phase"]: row["n"] for row in counts}


def dossiers_of_file(*, user: Any, participant: Participant) -> QuerySet[Dossier]:
    """The recognition dossiers of a file the user may see (the block on the file page)."""
    return (
        Dossier.objects.visible_to(user)
        .filter(Q(participant=participant) | Q(participant__linked_file=participant))
        .select_related("standard")
    )


# --- The committee's grid as a document -----------------------------------------------------

_GRID_LABELS = {
    "fr": {
        "title": "Grille d’inventaire des compétences",
        "candidate": "Candidat ou candidate",
        "standard": "Norme professionnelle",
        "noc": "CNP",
        "level": "Niveau",
        "committee": "Comité sectoriel",
        "advisor": "Conseillère ou conseiller",
        "printed": "Imprimée le",
        "competency": "Compétence et élément",
        "self": "Autoévaluation",
        "experience": "Expérience",
        "proof": "Preuves",
        "comment": "Commentaire de l’accompagnement",
        "essential": "essentielle",
        "complementary": "complémentaire",
        "to_complete": "Éléments à compléter par le comité",
        "whole": "Compétence dans son ensemble",
        "page": "Page",
        "mastered": "Maîtrisée",
        "partly": "Partiellement maîtrisée",
        "not_mastered": "Non maîtrisée",
        "blank": "—",
        "incomplete": "Grille incomplète : lignes à terminer avant l’envoi au comité.",
    },
    "en": {
        "title": "Competency inventory grid",
        "candidate": "Candidate",
        "standard": "Occupational standard",
        "noc": "NOC",
        "level": "Level",
        "committee": "Sectoral committee",
        "advisor": "Advisor",
        "printed": "Printed on",
        "competency": "Competency and element",
        "self": "Self-assessment",
        "experience": "Experience",
        "proof": "Proof",
        "comment": "Advisor’s comment",
        "essential": "essential",
        "complementary": "complementary",
        "to_complete": "Elements to be completed by the committee",
        "whole": "The competency as a whole",
        "page": "Page",
        "mastered": "Mastered",
        "partly": "Partly mastered",
        "not_mastered": "Not mastered",
        "blank": "—",
        "incomplete": "Incomplete grid: lines to finish before sending to the committee.",
    },
}


def inventory_payload(dossier: Dossier, lang: str = "fr") -> dict[str, Any]:
    """Display-ready data of the committee's grid (landscape table), French or English.

    The identity is the name only: contact details never print on the grid."""
    lang = "en" if str(lang).startswith("en") else "fr"
    labels = _GRID_LABELS[lang]
    blocks = []
    incomplete = False
    for block in inventory_blocks(dossier):
        competency = block.competency
        kind = labels["essential" if competency.kind == "essential" else "complementary"]
        lines = []
        for line in block.lines:
            entry = line.entry
            incomplete = incomplete or bool(line.missing)
            if line.element is not None:
                element = line.element
                title = element.title_en if lang == "en" and element.title_en else element.title_fr
                label = f"{competency.number}.{element.number} {title}"
            else:
                label = labels["to_complete"] if competency.to_be_completed else labels["whole"]
            lines.append(
                {
                    "label": label,
                    "self": labels.get(entry.self_assessment, labels["blank"])
                    if entry.self_assessment
                    else labels["blank"],
                    "experience": entry.experience,
                    "proof": entry.proof,
                    "comment": entry.advisor_comment,
                }
            )
        blocks.append(
            {
                "title": f"{competency.number}. {competency.title(lang)}",
                "kind": kind,
                "lines": lines,
            }
        )
    standard = dossier.standard
    with translation.override("en" if lang == "en" else "fr-ca"):
        printed = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    name = dossier.participant.display_name
    return {
        "lang": lang,
        "labels": labels,
        "title": labels["title"],
        "candidate": name,
        "standard": standard.title(lang),
        "noc": standard.noc_code,
        "level": dossier.level,
        "committee": standard.committee.name,
        "advisor": dossier.advisor.full_name if dossier.advisor else "",
        "printed": printed,
        "blocks": blocks,
        "incomplete": incomplete,
        "footer": f"{labels['title']} — {name}",
        "file_name": f"grille-inventaire-{dossier.pk}-{lang}.pdf",
    }


# --- The documents registry (the file's Documents area, `manage.py render_document`) --------


def grid_summaries(user: Any, participant: Participant) -> list[Any]:
    """The inventory grid of each dossier of the file the user may work on."""
    from django.urls import reverse

    from atout.accounts import permissions as perms
    from atout.documents.kinds import DocumentState, DocumentSummary

    if participant.organisation.kind != participant.organisation.Kind.QUALIFICATIONS:
        return []
    summaries = []
    for dossier in dossiers_of_file(user=user, participant=participant).filter(
        participant=participant
    ):
        if perms.RECOGNITION_MANAGE not in perms.object_capabilities(user, dossier):
            continue
        done = dossier.phase not in (
            Phase.RECEIVED,
            Phase.RELEVANCE,
            Phase.INFORMED,
            Phase.PREPARATION,
        )
        summaries.append(
            DocumentSummary(
                title=_("Inventory grid — %(standard)s") % {"standard": dossier.standard},
                state=DocumentState.APPROVED if done else DocumentState.DRAFT,
                url=reverse("recognition:inventory", args=[dossier.pk]),
            )
        )
    return summaries


def render_grid_for_registry(
    participant: Participant,
    *,
    lang: str = "fr",
    variant: str = "colour",
    fmt: str = "pdf",
    layout: str = "",
) -> Any:
    """The grid of the file's latest dossier (operator rendering, no user)."""
    from atout.documents.kinds import NothingToRender
    from atout.documents.rendering.inventory_grid import render_inventory_grid

    dossier = Dossier.objects.filter(participant=participant).order_by("-pk").first()
    if dossier is None:
        raise NothingToRender(_("This file has no recognition dossier."))
    return render_inventory_grid(inventory_payload(dossier, lang), variant=variant)
