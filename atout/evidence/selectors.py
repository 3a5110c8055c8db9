"""Reads of the evidence base, always scoped to what the user may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Value

from atout.competencies.models import Competency
from atout.competencies.selectors import competencies_for, generic_framework
from atout.evidence.models import Achievement, Experience
from atout.participants.models import Attachment, Participant


def _passport_relation() -> str | None:
    """The reverse relation from key competencies, when the passports app provides it."""
    try:
        Achievement._meta.get_field("key_competencies")
    except FieldDoesNotExist:
        return None
    return "key_competencies"


def achievements_qs(*, user: Any) -> QuerySet[Achievement]:
    """Achievements the user may see, with what the list shows, in a fixed number of queries."""
    qs = Achievement.objects.visible_to(user).prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("position", "code")),
        Prefetch("proofs", queryset=Attachment.objects.visible_to(user).order_by("uploaded_at")),
    )
    relation = _passport_relation()
    if relation:
        qs = qs.annotate(key_competency_count=Count(relation, distinct=True))
    return qs


@dataclass
class ExperienceEntry:
    experience: Experience
    achievements: list[Achievement] = field(default_factory=list)


@dataclass
class EvidenceBase:
    participant: Participant
    experiences: list[ExperienceEntry]
    loose_achievements: list[Achievement]

    @property
    def is_empty(self) -> bool:
        return not self.experiences and not self.loose_achievements


def evidence_base(*, user: Any, participant: Participant) -> EvidenceBase:
    """Experiences with their achievements, then achievements tied to no experience."""
    experiences = list(
        Experience.objects.visible_to(user)
        .filter(participant=participant)
        .annotate(key_competency_count=_experience_usage())
    )
    by_experience: dict[int | None, list[Achievement]] = defaultdict(list)
    for achievement in achievements_qs(user=user).filter(participant=participant):
        if not hasattr(achievement, "key_competency_count"):
            achievement.key_competency_count = 0
        by_experience[achievement.experience_id].append(achievement)
    return EvidenceBase(
        participant=participant,
        experiences=[ExperienceEntry(e, by_experience.get(e.pk, [])) for e in experiences],
        loose_achievements=by_experience.get(None, []),
    )


def _experience_usage() -> Count | Value:
    """How many key competencies use one of the experience's achievements."""
    relation = _passport_relation()
    if relation is None:
        return Value(0, output_field=IntegerField())
    return Count(f"achievements__{relation}", distinct=True)


def experience_for(*, user: Any, pk: Any) -> Experience:
    """One visible experience, or 404."""
    return (
        Experience.objects.select_related("participant", "participant__organisation")
        .annotate(key_competency_count=_experience_usage())
        .get_visible_or_404(user, pk=pk)
    )


def achievement_for(*, user: Any, pk: Any) -> Achievement:
    """One visible achievement, or 404."""
    achievement = (
        achievements_qs(user=user)
        .select_related("participant", "participant__organisation", "experience")
        .get_visible_or_404(user, pk=pk)
    )
    if not hasattr(achievement, "key_competency_count"):
        achievement.key_competency_count = 0
    return achievement


def experience_choices(*, user: Any, participant: Participant) -> QuerySet[Experience]:
    return Experience.objects.visible_to(user).filter(participant=participant)


def proof_choices(*, user: Any, participant: Participant) -> QuerySet[Attachment]:
    """The file's documents: proof is picked from them, never uploaded here."""
    return Attachment.objects.visible_to(user).filter(participant=participant)


def competency_choices(
    *, participant: Participant, keep: list[int] | None = None
) -> QuerySet[Competency]:
    """The generic framework (and the file's organisation's own), plus those already linked.

    Keeping already linked competencies means an edit never silently drops a link made
    elsewhere (the passport builder may link a competency from another framework).
    """
    allowed = competencies_for(
        organisation_id=participant.organisation_id, framework=generic_framework()
    )
    if keep:
        return (
            Competency.objects.filter(Q(pk__in=allowed.values("pk")) | Q(pk__in=keep))
            .select_related("family", "framework")
            .order_by("framework__organisation_id", "family__position", "position", "code")
        )
    return allowed
