"""Writes to the evidence base. Each runs in one transaction; edits bump the version number."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import User
from atout.common.errors import ConflictError
from atout.competencies.models import Competency
from atout.evidence import selectors
from atout.evidence.models import (
    PROFILE_TEXT_FIELDS,
    TEXT_FIELDS,
    Achievement,
    Certificate,
    Education,
    Experience,
    PersonalProfile,
    Reference,
    Review,
)
from atout.participants.models import Attachment, Participant
from atout.participants.uploads import UploadRejected, check_upload

__all__ = [
    "AlreadyReviewed",
    "ConflictError",
    "EvidenceInUse",
    "achievement_propose",
    "achievement_proposal_update",
    "certificate_create",
    "certificate_delete",
    "certificate_update",
    "education_create",
    "education_delete",
    "education_update",
    "experience_propose",
    "experience_proposal_update",
    "profile_save",
    "record_review",
    "reference_create",
    "reference_delete",
    "reference_update",
    "achievement_create",
    "achievement_delete",
    "achievement_update",
    "experience_create",
    "experience_delete",
    "experience_update",
]

EXPERIENCE_FIELDS = [
    "kind",
    "title",
    "title_en",
    "place",
    "role",
    "role_en",
    "started_on",
    "ended_on",
    "description",
    "description_en",
]
EDUCATION_FIELDS = [
    "program_fr",
    "program_en",
    "school",
    "place",
    "year",
    "in_progress",
    "abroad",
    "recognition_fr",
    "recognition_en",
]
CERTIFICATE_FIELDS = ["name_fr", "name_en", "issuer", "obtained_on", "expires_on"]
REFERENCE_FIELDS = [
    "name",
    "relationship_fr",
    "relationship_en",
    "organisation",
    "phone",
    "email",
    "referee_agreed",
    "listed_on_cv",
]
# What the person writes from their own login: plain fields, no competencies to pick.
PROPOSED_EXPERIENCE_FIELDS = [
    "kind",
    "title",
    "place",
    "role",
    "started_on",
    "ended_on",
    "description",
]
PROPOSED_ACHIEVEMENT_FIELDS = ["experience", *TEXT_FIELDS]
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


# Education, certificates, references: the same three writes for each.


def _record_create(
    model: type[Model], fields: list[str], *, participant: Participant, actor: User, data: dict
) -> Any:
    perms.require(actor, perms.PASSPORT_EDIT, participant)
    record = model(participant=participant)
    for name in fields:
        if name in data:
            setattr(record, name, data[name])
    record.full_clean()
    record.save()
    return record


def _record_update(
    model: type[Model],
    fields: list[str],
    *,
    record: Any,
    actor: User,
    data: dict,
    expected_version: int,
) -> Any:
    perms.require(actor, perms.PASSPORT_EDIT, record)
    current = model.objects.select_for_update().get(pk=record.pk)
    if current.version != expected_version:
        raise ConflictError(current)
    changed = [n for n in fields if n in data and getattr(current, n) != data[n]]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, data[name])
    current.full_clean()
    current.version += 1
    current.save(update_fields=[*changed, "version", "updated_at"])
    return current


def _record_delete(model: type[Model], *, record: Any, actor: User) -> None:
    perms.require(actor, perms.PASSPORT_EDIT, record)
    model.objects.select_for_update().get(pk=record.pk).delete()


@transaction.atomic
def education_create(*, participant: Participant, actor: User, data: dict[str, Any]) -> Education:
    return _record_create(
        Education, EDUCATION_FIELDS, participant=participant, actor=actor, data=data
    )


@transaction.atomic
def education_update(
    *, education: Education, actor: User, data: dict[str, Any], expected_version: int
) -> Education:
    return _record_update(
        Education,
        EDUCATION_FIELDS,
        record=education,
        actor=actor,
        data=data,
        expected_version=expected_version,
    )


@transaction.atomic
def education_delete(*, education: Education, actor: User) -> None:
    _record_delete(Education, record=education, actor=actor)


@transaction.atomic
def certificate_create(
    *, participant: Participant, actor: User, data: dict[str, Any]
) -> Certificate:
    return _record_create(
        Certificate, CERTIFICATE_FIELDS, participant=participant, actor=actor, data=data
    )


@transaction.atomic
def certificate_update(
    *, certificate: Certificate, actor: User, data: dict[str, Any], expected_version: int
) -> Certificate:
    return _record_update(
        Certificate,
        CERTIFICATE_FIELDS,
        record=certificate,
        actor=actor,
        data=data,
        expected_version=expected_version,
    )


@transaction.atomic
def certificate_delete(*, certificate: Certificate, actor: User) -> None:
    _record_delete(Certificate, record=certificate, actor=actor)


@transaction.atomic
def reference_create(*, participant: Participant, actor: User, data: dict[str, Any]) -> Reference:
    return _record_create(
        Reference, REFERENCE_FIELDS, participant=participant, actor=actor, data=data
    )


@transaction.atomic
def reference_update(
    *, reference: Reference, actor: User, data: dict[str, Any], expected_version: int
) -> Reference:
    return _record_update(
        Reference,
        REFERENCE_FIELDS,
        record=reference,
        actor=actor,
        data=data,
        expected_version=expected_version,
    )


@transaction.atomic
def reference_delete(*, reference: Reference, actor: User) -> None:
    _record_delete(Reference, record=reference, actor=actor)


@transaction.atomic
def profile_save(
    *, participant: Participant, actor: User, data: dict[str, Any], expected_version: int
) -> PersonalProfile:
    """Create the person's interests and values on the first save, then edit them.

    `expected_version` is 0 when the form started before any profile existed.
    """
    perms.require(actor, perms.PASSPORT_EDIT, participant)
    current = PersonalProfile.objects.select_for_update().filter(participant=participant).first()
    if current is None:
        if expected_version:
            raise ConflictError(PersonalProfile(participant=participant, version=0))
        current = PersonalProfile(participant=participant, version=0)
    elif current.version != expected_version:
        raise ConflictError(current)
    changed = [n for n in PROFILE_TEXT_FIELDS if n in data and getattr(current, n) != data[n]]
    if not changed:
        # An empty first save creates nothing (an unsaved profile comes back).
        return current
    for name in changed:
        setattr(current, name, data[name])
    current.full_clean()
    current.version += 1
    current.save()
    return current


# Proposals: what the person adds from their own login waits for the counsellor.


class AlreadyReviewed(Exception):
    """The counsellor accepted or declined the proposal since the form was opened."""

    def __init__(self, current: Any):
        super().__init__(current.pk)
        self.current = current


def _proposal(actor: User, participant: Participant, record: Any) -> None:
    record.review = Review.PROPOSED
    record.proposed_by = actor
    record.reviewed_at = None


@transaction.atomic
def experience_propose(
    *, participant: Participant, actor: User, data: dict[str, Any]
) -> Experience:
    """The person adds an experience in their own words; it prints once accepted."""
    perms.require(actor, perms.EVIDENCE_PROPOSE, participant)
    experience = Experience(participant=participant, created_by=actor)
    _proposal(actor, participant, experience)
    for name in PROPOSED_EXPERIENCE_FIELDS:
        if name in data:
            setattr(experience, name, data[name])
    experience.full_clean()
    experience.save()
    return experience


def _own_proposal(model: type[Model], record: Any, actor: User, expected_version: int) -> Any:
    """The person's own proposal, locked; refused once reviewed or changed since read."""
    perms.require(actor, perms.EVIDENCE_PROPOSE, record)
    current = model.objects.select_for_update().get(pk=record.pk)
    if current.review != Review.PROPOSED or current.proposed_by_id != actor.pk:
        raise AlreadyReviewed(current)
    if current.version != expected_version:
        raise ConflictError(current)
    return current


@transaction.atomic
def experience_proposal_update(
    *, experience: Experience, actor: User, data: dict[str, Any], expected_version: int
) -> Experience:
    current = _own_proposal(Experience, experience, actor, expected_version)
    changed = [
        n for n in PROPOSED_EXPERIENCE_FIELDS if n in data and getattr(current, n) != data[n]
    ]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, data[name])
    current.full_clean(exclude=["created_by"])
    current.version += 1
    current.save(update_fields=[*changed, "version", "updated_at"])
    return current


def _check_own_experience(participant: Participant, experience: Experience | None) -> None:
    if experience is not None and experience.participant_id != participant.pk:
        raise ValidationError({"experience": _("This experience belongs to someone else.")})
    if experience is not None and experience.review == Review.DECLINED:
        raise ValidationError({"experience": _("This experience was declined.")})


def _store_photo(
    *, participant: Participant, actor: User, upload: UploadedFile, description: str
) -> Attachment:
    """A proof photo, checked like every upload (sniffed, size- and pixel-capped)."""
    try:
        checked = check_upload(upload)
    except UploadRejected as error:
        raise ValidationError({"photo": error.message}) from None
    if not checked.content_type.startswith("image/"):
        raise ValidationError({"photo": _("Send a photo (JPEG, PNG or WebP).")})
    attachment = Attachment(
        participant=participant,
        kind=Attachment.Kind.PHOTO,
        description=description[:200],
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    attachment.full_clean(exclude=["file"])
    upload.seek(0)
    attachment.file.save(checked.name, upload, save=False)
    stored_name, storage = attachment.file.name, attachment.file.storage
    # If the row cannot be written, the stored file must not linger. The photo is stored
    # last in each service, so nothing after it can roll the transaction back.
    try:
        attachment.save()
    except Exception:
        storage.delete(stored_name)
        raise
    return attachment


@transaction.atomic
def achievement_propose(
    *,
    participant: Participant,
    actor: User,
    data: dict[str, Any],
    photo: UploadedFile | None = None,
) -> Achievement:
    """The person tells a story in their own words, with an optional proof photo."""
    perms.require(actor, perms.EVIDENCE_PROPOSE, participant)
    _check_own_experience(participant, data.get("experience"))
    achievement = Achievement(participant=participant)
    _proposal(actor, participant, achievement)
    for name in PROPOSED_ACHIEVEMENT_FIELDS:
        if name in data:
            setattr(achievement, name, data[name])
    achievement.full_clean()
    achievement.save()
    if photo is not None:
        achievement.proofs.add(
            _store_photo(
                participant=participant,
                actor=actor,
                upload=photo,
                description=data.get("photo_description", ""),
            )
        )
    return achievement


@transaction.atomic
def achievement_proposal_update(
    *,
    achievement: Achievement,
    actor: User,
    data: dict[str, Any],
    expected_version: int,
    photo: UploadedFile | None = None,
) -> Achievement:
    current = _own_proposal(Achievement, achievement, actor, expected_version)
    _check_own_experience(current.participant, data.get("experience", current.experience))
    changed = [
        n for n in PROPOSED_ACHIEVEMENT_FIELDS if n in data and getattr(current, n) != data[n]
    ]
    if not changed and photo is None:
        return current
    for name in changed:
        setattr(current, name, data[name])
    current.full_clean()
    current.version += 1
    current.save(update_fields=[*changed, "version", "updated_at"])
    if photo is not None:
        current.proofs.add(
            _store_photo(
                participant=current.participant,
                actor=actor,
                upload=photo,
                description=data.get("photo_description", ""),
            )
        )
    return current


REVIEWED_MODELS = (Experience, Achievement, Education, Certificate, Reference)


@transaction.atomic
def record_review(
    *, record: Any, actor: User, accept: bool, expected_version: int, reason: str = ""
) -> Any:
    """The counsellor accepts or declines a proposal; the history keeps who and why.

    A declined record stays in the file with its reason for the person to read; it never
    prints. Reviewing twice, or after the person changed it, is a conflict.
    """
    model = type(record)
    if model not in REVIEWED_MODELS:
        raise TypeError(model)
    perms.require(actor, perms.PASSPORT_EDIT, record)
    current = model.objects.select_for_update().get(pk=record.pk)
    if current.review != Review.PROPOSED:
        raise AlreadyReviewed(current)
    if current.version != expected_version:
        raise ConflictError(current)
    current.review = Review.ACCEPTED if accept else Review.DECLINED
    current.review_reason = "" if accept else reason.strip()
    current.reviewed_at = timezone.now()
    current.full_clean(exclude=["created_by"] if model is Experience else None)
    current.version += 1
    current._history_user = actor
    current._change_reason = "accepted" if accept else f"declined: {current.review_reason}"[:100]
    current.save(update_fields=["review", "review_reason", "reviewed_at", "version", "updated_at"])
    return current
