"""Writes to the evidence base. Each runs in one transaction; edits bump the version number."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import User
from atout.common.errors import ConflictError
from atout.competencies.models import Competency
from atout.evidence import selectors
from atout.evidence.models import TEXT_FIELDS, Achievement, Experience
from atout.participants.models import Attachment, Participant

__all__ = [
    "ConflictError",
    "EvidenceInUse",
    "achievement_create",
    "achievement_delete",
    "achievement_update",
    "experience_create",
    "experience_delete",
    "experience_update",
]

EXPERIENCE_FIELDS = ["kind", "title", "place", "role", "started_on", "ended_on", "description"]
ACHIEVEMENT_FIELDS = ["experience", *TEXT_FIELDS]


class EvidenceInUse(Exception):
    """The record proves a key competency of the passport; deleting it would change the passport."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


def _key_competency_count(achievements: Iterable[Achievement] | Any) -> int:
    relation = selectors._passport_relation()
    if relation is None:
        return 0
    ids = [a.pk for a in achievements]
    return Achievement.key_competencies.through.objects.filter(achievement_id__in=ids).count()


# Experiences


@transaction.atomic
def experience_create(*, participant: Participant, actor: User, data: dict[str, Any]) -> Experience:
    perms.require(actor, perms.PASSPORT_EDIT, participant)
    experience = Experience(participant=participant, created_by=actor)
    for name in EXPERIENCE_FIELDS:
        if name in data:
            setattr(experience, name, data[name])
    experience.full_clean()
    experience.save()
    return experience


@transaction.atomic
def experience_update(
    *, experience: Experience, actor: User, data: dict[str, Any], expected_version: int
) -> Experience:
    """Save the form's values unless someone saved since `expected_version` was read."""
    perms.require(actor, perms.PASSPORT_EDIT, experience)
    current = Experience.objects.select_for_update().get(pk=experience.pk)
    if current.version != expected_version:
        raise ConflictError(current)
    changed = [n for n in EXPERIENCE_FIELDS if n in data and getattr(current, n) != data[n]]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, data[name])
    # The author may have left (SET_NULL): that must not block later edits.
    current.full_clean(exclude=["created_by"])
    current.version += 1
    current.save(update_fields=[*changed, "version", "updated_at"])
    return current


@transaction.atomic
def experience_delete(*, experience: Experience, actor: User) -> None:
    """Delete the experience and its achievements, unless the passport uses one of them."""
    perms.require(actor, perms.PASSPORT_EDIT, experience)
    current = Experience.objects.select_for_update().get(pk=experience.pk)
    in_use = _key_competency_count(current.achievements.all())
    if in_use:
        raise EvidenceInUse(in_use)
    current.delete()


# Achievements


def _check_links(
    *,
    participant: Participant,
    actor: User,
    experience: Experience | None,
    competencies: list[Competency],
    proofs: list[Attachment],
    keep_competency_ids: list[int],
) -> None:
    """Links stay inside the person's own file and the frameworks the actor may use."""
    if experience is not None and experience.participant_id != participant.pk:
        raise ValidationError({"experience": _("This experience belongs to someone else.")})
    if any(p.participant_id != participant.pk for p in proofs):
        raise ValidationError({"proofs": _("A proof file belongs to someone else.")})
    allowed = set(
        selectors.competency_choices(participant=participant, keep=keep_competency_ids).values_list(
            "pk", flat=True
        )
    )
    if any(c.pk not in allowed for c in competencies):
        raise ValidationError({"competencies": _("This competency cannot be used here.")})


@transaction.atomic
def achievement_create(
    *,
    participant: Participant,
    actor: User,
    data: dict[str, Any],
    competencies: Iterable[Competency] = (),
    proofs: Iterable[Attachment] = (),
) -> Achievement:
    perms.require(actor, perms.PASSPORT_EDIT, participant)
    competencies, proofs = list(competencies), list(proofs)
    _check_links(
        participant=participant,
        actor=actor,
        experience=data.get("experience"),
        competencies=competencies,
        proofs=proofs,
        keep_competency_ids=[],
    )
    achievement = Achievement(participant=participant)
    for name in ACHIEVEMENT_FIELDS:
        if name in data:
            setattr(achievement, name, data[name])
    achievement.full_clean()
    achievement.save()
    achievement.competencies.set(competencies)
    achievement.proofs.set(proofs)
    return achievement


@transaction.atomic
def achievement_update(
    *,
    achievement: Achievement,
    actor: User,
    data: dict[str, Any],
    competencies: Iterable[Competency],
    proofs: Iterable[Attachment],
    expected_version: int,
) -> Achievement:
    """Save the story and its links unless someone saved since `expected_version` was read."""
    perms.require(actor, perms.PASSPORT_EDIT, achievement)
    current = Achievement.objects.select_for_update().get(pk=achievement.pk)
    if current.version != expected_version:
        raise ConflictError(current)
    competencies, proofs = list(competencies), list(proofs)
    old_competencies = set(current.competencies.values_list("pk", flat=True))
    old_proofs = set(current.proofs.values_list("pk", flat=True))
    _check_links(
        participant=current.participant,
        actor=actor,
        experience=data.get("experience", current.experience),
        competencies=competencies,
        proofs=proofs,
        keep_competency_ids=sorted(old_competencies),
    )
    changed = [n for n in ACHIEVEMENT_FIELDS if n in data and getattr(current, n) != data[n]]
    links_changed = old_competencies != {c.pk for c in competencies} or old_proofs != {
        p.pk for p in proofs
    }
    if not changed and not links_changed:
        return current
    for name in changed:
        setattr(current, name, data[name])
    current.full_clean()
    current.version += 1
    current.save(update_fields=[*changed, "version", "updated_at"])
    current.competencies.set(competencies)
    current.proofs.set(proofs)
    return current


@transaction.atomic
def achievement_delete(*, achievement: Achievement, actor: User) -> None:
    """Delete the achievement, unless a key competency of the passport uses it as evidence."""
    perms.require(actor, perms.PASSPORT_EDIT, achievement)
    current = Achievement.objects.select_for_update().get(pk=achievement.pk)
    in_use = _key_competency_count([current])
    if in_use:
        raise EvidenceInUse(in_use)
    current.delete()
