"""Reads of the evidence base, always scoped to what the user may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Value

from atout.competencies.models import Competency
from atout.competencies.selectors import competencies_for, generic_framework
from atout.evidence.models import (
    Achievement,
    Certificate,
    Education,
    Experience,
    PersonalProfile,
    Reference,
    Review,
)
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
        .filter(participant=participant, review=Review.ACCEPTED)
        .annotate(key_competency_count=_experience_usage())
    )
    by_experience: dict[int | None, list[Achievement]] = defaultdict(list)
    accepted = achievements_qs(user=user).filter(participant=participant, review=Review.ACCEPTED)
    for achievement in accepted:
        achievement.gaps = translation_gaps(achievement)
        if not hasattr(achievement, "key_competency_count"):
            achievement.key_competency_count = 0
        by_experience[achievement.experience_id].append(achievement)
    shown = {e.pk for e in experiences}
    loose = [a for key, items in by_experience.items() if key not in shown for a in items]
    return EvidenceBase(
        participant=participant,
        experiences=[
            ExperienceEntry(_with_gaps([e])[0], by_experience.get(e.pk, [])) for e in experiences
        ],
        # Tied to no experience, or to one that is not accepted (yet).
        loose_achievements=sorted(loose, key=lambda a: (a.created_at, a.pk), reverse=True),
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


# What prints: accepted records only. A proposal waits for the counsellor; a declined one
# never prints. Every document builder reads through these.


def _printable(model: Any, participant: Participant, user: Any) -> QuerySet:
    """Accepted records of the file; scoped to `user` when a person asks.

    Operator commands pass no user: they found the participant through
    `participants.selectors.participant_for_operator`, which is their scoping.
    """
    qs = model.objects.visible_to(user) if user is not None else model.objects.all()
    return qs.filter(participant=participant, review=Review.ACCEPTED)


def printable_experiences(participant: Participant, user: Any = None) -> QuerySet[Experience]:
    return _printable(Experience, participant, user)


def printable_achievements(participant: Participant, user: Any = None) -> QuerySet[Achievement]:
    return _printable(Achievement, participant, user)


def printable_education(participant: Participant, user: Any = None) -> QuerySet[Education]:
    return _printable(Education, participant, user)


def printable_certificates(participant: Participant, user: Any = None) -> QuerySet[Certificate]:
    return _printable(Certificate, participant, user)


def printable_references(participant: Participant, user: Any = None) -> QuerySet[Reference]:
    """Accepted references; a CV lists one only if `may_be_listed` (both consents)."""
    return _printable(Reference, participant, user)


# The other records of the evidence base


def education_for(*, user: Any, pk: Any) -> Education:
    return Education.objects.select_related("participant").get_visible_or_404(user, pk=pk)


def certificate_for(*, user: Any, pk: Any) -> Certificate:
    return Certificate.objects.select_related("participant").get_visible_or_404(user, pk=pk)


def reference_for(*, user: Any, pk: Any) -> Reference:
    return Reference.objects.select_related("participant").get_visible_or_404(user, pk=pk)


def personal_profile(*, user: Any, participant: Participant) -> PersonalProfile | None:
    return PersonalProfile.objects.visible_to(user).filter(participant=participant).first()


# Bilingual texts: which language is missing where a record would print.

TRANSLATED: dict[type, list[tuple[str, str]]] = {
    Experience: [("title", "title_en"), ("role", "role_en"), ("description", "description_en")],
    Achievement: [(f"{n}_fr", f"{n}_en") for n in ("situation", "action", "result")],
    Education: [("program_fr", "program_en"), ("recognition_fr", "recognition_en")],
    Certificate: [("name_fr", "name_en")],
    Reference: [("relationship_fr", "relationship_en")],
    PersonalProfile: [(f"{n}_fr", f"{n}_en") for n in ("expertise", "interests", "values")],
}


def translation_gaps(obj: Any) -> list[str]:
    """Languages ("en", "fr") with a text missing where its other language is written."""
    gaps = []
    pairs = TRANSLATED.get(type(obj), [])
    if any(getattr(obj, fr).strip() and not getattr(obj, en).strip() for fr, en in pairs):
        gaps.append("en")
    if any(getattr(obj, en).strip() and not getattr(obj, fr).strip() for fr, en in pairs):
        gaps.append("fr")
    return gaps


def _with_gaps(objects: list) -> list:
    for obj in objects:
        obj.gaps = translation_gaps(obj)
    return objects


@dataclass
class OtherRecords:
    """What the evidence page shows besides experiences and achievements."""

    education: list[Education]
    certificates: list[Certificate]
    references: list[Reference]
    profile: PersonalProfile | None


def other_records(*, user: Any, participant: Participant) -> OtherRecords:
    profile = personal_profile(user=user, participant=participant)
    if profile is not None:
        profile.gaps = translation_gaps(profile)
    return OtherRecords(
        education=_with_gaps(
            list(Education.objects.visible_to(user).filter(participant=participant))
        ),
        certificates=_with_gaps(
            list(Certificate.objects.visible_to(user).filter(participant=participant))
        ),
        references=_with_gaps(
            list(Reference.objects.visible_to(user).filter(participant=participant))
        ),
        profile=profile,
    )


# Proposals


@dataclass
class Proposals:
    """Records the person added from their own login (waiting, or as `review` says)."""

    experiences: list[Experience]
    achievements: list[Achievement]

    @property
    def count(self) -> int:
        return len(self.experiences) + len(self.achievements)


def proposals(*, user: Any, participant: Participant) -> Proposals:
    return Proposals(
        experiences=list(
            Experience.objects.visible_to(user).filter(
                participant=participant, review=Review.PROPOSED
            )
        ),
        achievements=list(
            achievements_qs(user=user)
            .filter(participant=participant, review=Review.PROPOSED)
            .select_related("experience")
        ),
    )


def own_contributions(*, user: Any, participant: Participant) -> Proposals:
    """What the person added themselves: proposed, accepted or declined, newest first."""
    return Proposals(
        experiences=list(
            Experience.objects.visible_to(user)
            .filter(participant=participant, proposed_by=user)
            .order_by("-created_at", "-pk")
        ),
        achievements=list(
            achievements_qs(user=user)
            .filter(participant=participant, proposed_by=user)
            .select_related("experience")
            .order_by("-created_at", "-pk")
        ),
    )


def declined(*, user: Any, participant: Participant) -> Proposals:
    """Declined proposals: kept with their reason, never printed."""
    return Proposals(
        experiences=list(
            Experience.objects.visible_to(user).filter(
                participant=participant, review=Review.DECLINED
            )
        ),
        achievements=list(
            achievements_qs(user=user).filter(participant=participant, review=Review.DECLINED)
        ),
    )
