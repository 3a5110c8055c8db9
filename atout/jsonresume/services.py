"""Writes: a JSON Resume import, all of it in one transaction or nothing.

Staff who edit the passport add accepted records; the person, from their own login, adds
proposals the counsellor reviews (they never print before that). The command line imports
as the operator, with accepted records and a history reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import User
from atout.evidence.models import PersonalProfile, Review
from atout.jsonresume.importing import Entry, ImportPlan, Skipped, compare, parse_resume
from atout.jsonresume.models import PENDING_LIFETIME, PendingImport
from atout.jsonresume.parsing import Problem, ResumeRejected
from atout.participants.models import Participant

HISTORY_REASON = "JSON Resume import"


@dataclass
class ImportResult:
    added: Counter = field(default_factory=Counter)  # section -> records added
    present: int = 0  # entries skipped as already in the file
    review: str = Review.ACCEPTED

    @property
    def total(self) -> int:
        return sum(self.added.values())


def _problem(entry: Entry, error: ValidationError) -> Problem:
    messages = [m for messages in error.message_dict.values() for m in messages]
    return Problem(entry.path, " ".join(messages), "invalid")


def _write(
    *,
    participant: Participant,
    plan: ImportPlan,
    review: str,
    user: User | None,
    reason: str,
) -> ImportResult:
    # One import at a time per file: a double-clicked confirm imports once.
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    preview = compare(plan, participant)
    result = ImportResult(present=preview.present_count, review=review)
    proposed_by = user if review == Review.PROPOSED else None
    interests: list[Entry] = []
    for section in preview.sections:
        entries = section.to_add
        # Lists print newest first, then by id descending: creating the file's last item
        # first keeps the file's order among equal dates (references sort by name, then id).
        if section.key in ("work", "volunteer", "education", "certificates"):
            entries = list(reversed(entries))
        for entry in entries:
            if entry.section == "interests":
                interests.append(entry)
                continue
            obj = entry.instance(participant)
            if entry.section in ("work", "volunteer"):
                obj.created_by = user
            if entry.section != "languages":
                obj.review = review
                obj.proposed_by = proposed_by
            obj._history_user = user
            obj._change_reason = reason
            try:
                obj.full_clean(exclude=["created_by", "proposed_by"])
            except ValidationError as error:
                raise ResumeRejected([_problem(entry, error)]) from None
            obj.save()
            result.added[entry.section] += 1
    if interests:
        _add_interests(participant, plan.lang, interests, user, reason)
        result.added["interests"] += len(interests)
    return result


def _add_interests(
    participant: Participant, lang: str, entries: list[Entry], user: User | None, reason: str
) -> None:
    profile, _created = PersonalProfile.objects.select_for_update().get_or_create(
        participant=participant
    )
    name = f"interests_{lang}"
    lines = [getattr(profile, name).rstrip()] if getattr(profile, name).strip() else []
    setattr(profile, name, "\n".join(lines + [e.values["line"] for e in entries]))
    profile._history_user = user
    profile._change_reason = reason
    try:
        profile.full_clean()
    except ValidationError as error:
        raise ResumeRejected([_problem(entries[0], error)]) from None
    profile.version += 1
    profile.save()


@transaction.atomic
def resume_import(*, participant: Participant, actor: User, plan: ImportPlan) -> ImportResult:
    """Add what the file holds and the person's file lacks; all of it, or nothing.

    Staff with PASSPORT_EDIT add accepted records; the person (EVIDENCE_PROPOSE) adds
    proposals, and their interests wait for the counsellor (the profile has no review state).
    Raises ResumeRejected if a record fails its model's checks (nothing is written).
    """
    caps = perms.object_capabilities(actor, participant)
    if perms.PASSPORT_EDIT in caps:
        review = Review.ACCEPTED
    else:
        perms.require(actor, perms.EVIDENCE_PROPOSE, participant)
        review = Review.PROPOSED
        plan = _without_interests(plan)
    return _write(
        participant=participant, plan=plan, review=review, user=actor, reason=HISTORY_REASON
    )


def _without_interests(plan: ImportPlan) -> ImportPlan:
    kept = [e for e in plan.entries if e.section != "interests"]
    skipped = plan.skipped + [
        Skipped(e.path, e.label, _("Your counsellor adds interests to your file."))
        for e in plan.entries
        if e.section == "interests"
    ]
    return ImportPlan(plan.lang, plan.lang_from_file, kept, skipped, plan.digest, plan.data)


def plan_for_actor(plan: ImportPlan, *, actor: User, participant: Participant) -> ImportPlan:
    """The plan as this actor's import would carry it out (a proposal skips the interests)."""
    if perms.PASSPORT_EDIT in perms.object_capabilities(actor, participant):
        return plan
    return _without_interests(plan)


@transaction.atomic
def resume_import_as_operator(
    *, participant: Participant, plan: ImportPlan, source: str = ""
) -> ImportResult:
    """The command line's import: the operator runs it with the server's rights.

    Records are accepted (the operator answers for the file, as for `seed_demo`); each one's
    history says it came from the command line.
    """
    reason = f"{HISTORY_REASON} (command line){': ' + source if source else ''}"[:100]
    return _write(
        participant=participant, plan=plan, review=Review.ACCEPTED, user=None, reason=reason
    )


# The file between the preview and the confirmation


@transaction.atomic
def pending_import_save(
    *, participant: Participant, actor: User, raw: bytes, lang: str
) -> PendingImport:
    """Keep a checked file until the user confirms it (replacing their previous one)."""
    if not {perms.PASSPORT_EDIT, perms.EVIDENCE_PROPOSE} & perms.object_capabilities(
        actor, participant
    ):
        perms.require(actor, perms.PASSPORT_EDIT, participant)
    plan = parse_resume(raw, lang=lang)  # never keep a file that would be refused
    PendingImport.objects.filter(created_at__lt=timezone.now() - PENDING_LIFETIME).delete()
    PendingImport.objects.filter(participant=participant, user=actor).delete()
    return PendingImport.objects.create(
        participant=participant, user=actor, raw=raw, lang=lang, digest=plan.digest
    )


@transaction.atomic
def pending_import_confirm(*, pending: PendingImport, actor: User) -> ImportResult:
    """Import the kept file, checked again, and forget it."""
    plan = parse_resume(bytes(pending.raw), lang=pending.lang)
    result = resume_import(participant=pending.participant, actor=actor, plan=plan)
    PendingImport.objects.filter(pk=pending.pk).delete()
    return result
