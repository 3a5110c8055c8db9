"""Writes to passports. Each runs in one transaction; edits bump the version number."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import User
from atout.common.errors import ConflictError
from atout.competencies.models import Competency
from atout.competencies.selectors import languages_line
from atout.evidence.models import TEXT_FIELDS, Achievement
from atout.evidence.services import achievement_create
from atout.participants.models import Audience, Participant
from atout.participants.services import consent_set
from atout.passports.models import (
    KeyCompetency,
    KeyCompetencyEvidence,
    Passport,
    PassportDocument,
    PassportVersion,
    document_path,
)
from atout.passports.selectors import frozen_matches, passport_content

logger = logging.getLogger(__name__)

PASSPORT_FIELDS = [
    "languages",
    "given_names",
    "family_name",
    "logo_builtin",
    "objective_kind",
    "objective_fr",
    "objective_en",
    "objective_short_fr",
    "objective_short_en",
    "workforce_profile",
    "signature",
    "languages_fr",
    "languages_en",
    "software_fr",
    "software_en",
    "equipment_fr",
    "equipment_en",
]


@transaction.atomic
def passport_start(*, participant: Participant, actor: User) -> Passport:
    """The person's passport, created once with what the file already knows."""
    perms.require(actor, perms.PASSPORT_EDIT, participant)
    # Lock the file: two "Start" clicks at once would otherwise both create a passport.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    passport = Passport.objects.filter(participant=participant).first()
    if passport:
        return passport
    passport = Passport(
        participant=participant,
        given_names=participant.preferred_name or participant.given_names,
        family_name=participant.family_name,
        objective_fr=participant.objective if participant.preferred_language != "en" else "",
        objective_en=participant.objective if participant.preferred_language == "en" else "",
        languages_fr=languages_line(participant, "fr"),
        languages_en=languages_line(participant, "en"),
        created_by=actor,
    )
    passport.full_clean()
    passport.save()
    return passport


def _touch(passport: Passport, expected_version: int | None, actor: User) -> Passport:
    """Lock the passport, check the version the form started from, start a new draft.

    A newer version saved by someone else is a conflict; one saved by the same person (an
    autosave that raced their own "Save") is not.
    """
    current = Passport.objects.select_for_update().get(pk=passport.pk)
    if (
        expected_version is not None
        and current.version != expected_version
        and current.updated_by_id != actor.pk
    ):
        raise ConflictError(current)
    current.version += 1
    current.updated_by = actor
    if current.status not in (Passport.Status.DRAFT, Passport.Status.REAPPROVAL):
        # Later edits start a new draft; frozen versions stay as they were printed.
        current.status = Passport.Status.DRAFT
        current.approved_at = None
        current.approved_by = None
        current.approved_in_person = False
    return current


@transaction.atomic
def passport_update(
    *,
    passport: Passport,
    actor: User,
    data: dict[str, Any],
    expected_version: int | None,
    consents: dict[str, bool] | None = None,
) -> Passport:
    """Save a step's fields (and, from the identification step, employer consent) at once."""
    perms.require(actor, perms.PASSPORT_EDIT, passport)
    if consents:
        # Lock in consent_set's order (the file, then the passport, which a withdrawal
        # locks): the other order could deadlock with someone editing the file's consent.
        Participant.objects.select_for_update().filter(pk=passport.participant_id).first()
    saved = Passport.objects.get(pk=passport.pk)
    changes = {
        name: data[name]
        for name in PASSPORT_FIELDS
        if name in data and getattr(saved, name) != data[name]
    }
    # Walking through the steps of an approved passport without changing anything must
    # not cancel the approval, so an unchanged form touches nothing.
    if changes:
        current = _touch(passport, expected_version, actor)
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean(exclude=["logo"])
        current.save()
    if consents:
        passport_contact_consent(passport=passport, actor=actor, decisions=consents)
    return Passport.objects.get(pk=passport.pk)


@transaction.atomic
def passport_set_logo(*, passport: Passport, actor: User, name: str, content: bytes) -> Passport:
    """Store an uploaded logo (already checked and, for SVG, sanitised)."""
    from django.core.files.base import ContentFile

    perms.require(actor, perms.PASSPORT_EDIT, passport)
    current = _touch(passport, None, actor)
    if current.logo:
        current.logo.delete(save=False)
    current.logo.save(name, ContentFile(content), save=False)
    current.logo_builtin = ""
    current.save()
    return current


@transaction.atomic
def passport_contact_consent(*, passport: Passport, actor: User, decisions: dict[str, bool]) -> int:
    """Change which contact details employers may see; this updates the file (logged)."""
    perms.require(actor, perms.PASSPORT_EDIT, passport)
    changed = consent_set(
        participant=passport.participant,
        actor=actor,
        decisions={(field, Audience.EMPLOYER): granted for field, granted in decisions.items()},
    )
    if changed:
        _touch(passport, None, actor).save()
    return changed


@transaction.atomic
def key_competency_add(
    *,
    passport: Passport,
    actor: User,
    competency: Competency | None = None,
    title_fr: str = "",
    title_en: str = "",
) -> KeyCompetency:
    perms.require(actor, perms.PASSPORT_EDIT, passport)
    current = _touch(passport, None, actor)
    current.save()
    if competency is None and not (title_fr.strip() or title_en.strip()):
        raise ValidationError(_("Name the competency."))
    if competency and current.key_competencies.filter(competency=competency).exists():
        raise ValidationError(_("This competency is already in the passport."))
    last = current.key_competencies.aggregate(m=Max("position"))["m"]
    kc = KeyCompetency(
        passport=current,
        competency=competency,
        title_fr=title_fr.strip() or (competency.name_fr if competency else ""),
        title_en=title_en.strip() or (competency.name_en if competency else ""),
        position=(last or 0) + 1,
    )
    kc.full_clean()
    kc.save()
    return kc


@transaction.atomic
def key_competency_update(
    *, key_competency: KeyCompetency, actor: User, data: dict[str, str]
) -> KeyCompetency:
    perms.require(actor, perms.PASSPORT_EDIT, key_competency.passport)
    changes = {
        name: data[name]
        for name in ("title_fr", "title_en", "link_fr", "link_en")
        if name in data and getattr(key_competency, name) != data[name]
    }
    if not changes:
        return key_competency
    _touch(key_competency.passport, None, actor).save()
    for name, value in changes.items():
        setattr(key_competency, name, value)
    key_competency.full_clean()
    key_competency.save()
    return key_competency


@transaction.atomic
def key_competency_remove(*, key_competency: KeyCompetency, actor: User) -> None:
    perms.require(actor, perms.PASSPORT_EDIT, key_competency.passport)
    _touch(key_competency.passport, None, actor).save()
    key_competency.delete()


@transaction.atomic
def key_competencies_reorder(*, passport: Passport, actor: User, ordered_ids: list[int]) -> None:
    """Apply a new order (drag and drop, or move up/down); unknown ids are refused."""
    perms.require(actor, perms.PASSPORT_EDIT, passport)
    current = _touch(passport, None, actor)
    existing = list(current.key_competencies.select_for_update())
    by_id = {kc.pk: kc for kc in existing}
    if sorted(ordered_ids) != sorted(by_id):
        raise ValidationError(_("The list changed meanwhile; reload the page."))
    for position, pk in enumerate(ordered_ids, start=1):
        by_id[pk].position = position
    KeyCompetency.objects.bulk_update(existing, ["position"])
    current.save()


def key_competency_move(*, key_competency: KeyCompetency, actor: User, direction: int) -> None:
    """Move one step up (-1) or down (+1): the keyboard way to reorder."""
    ids = list(key_competency.passport.key_competencies.values_list("pk", flat=True))
    index = ids.index(key_competency.pk)
    target = index + direction
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
        key_competencies_reorder(passport=key_competency.passport, actor=actor, ordered_ids=ids)


@transaction.atomic
def evidence_attach(
    *, key_competency: KeyCompetency, actor: User, achievement: Achievement
) -> KeyCompetencyEvidence:
    passport = key_competency.passport
    perms.require(actor, perms.PASSPORT_EDIT, passport)
    if achievement.participant_id != passport.participant_id:
        raise ValidationError(_("This achievement belongs to someone else."))
    if not achievement.is_printable:
        raise ValidationError(_("This achievement waits for the counsellor's review."))
    _touch(passport, None, actor).save()
    last = key_competency.evidence.aggregate(m=Max("position"))["m"]
    link, _created = KeyCompetencyEvidence.objects.get_or_create(
        key_competency=key_competency,
        achievement=achievement,
        defaults={"position": (last or 0) + 1},
    )
    if key_competency.competency_id:
        achievement.competencies.add(key_competency.competency_id)
    return link


@transaction.atomic
def evidence_write(
    *, key_competency: KeyCompetency, actor: User, texts: dict[str, str]
) -> Achievement:
    """A new achievement, recorded once in the evidence base and used as evidence here.

    `texts` holds the story's parts by language (`situation_fr`, `result_en`…): the story
    prints on the passport, so it is written in both languages like the key competencies.
    """
    achievement = achievement_create(
        participant=key_competency.passport.participant,
        actor=actor,
        data={name: texts.get(name, "") for name in TEXT_FIELDS},
    )
    evidence_attach(key_competency=key_competency, actor=actor, achievement=achievement)
    return achievement


@transaction.atomic
def evidence_detach(*, key_competency: KeyCompetency, actor: User, achievement_id: int) -> None:
    perms.require(actor, perms.PASSPORT_EDIT, key_competency.passport)
    _touch(key_competency.passport, None, actor).save()
    key_competency.evidence.filter(achievement_id=achievement_id).delete()


@transaction.atomic
def passport_submit(*, passport: Passport, actor: User) -> Passport:
    perms.require(actor, perms.PASSPORT_EDIT, passport)
    current = Passport.objects.select_for_update().get(pk=passport.pk)
    current.status = Passport.Status.READY
    current.save(update_fields=["status", "updated_at"])
    return current


def _freeze(passport: Passport, actor: User, reason: str) -> PassportVersion:
    """Freeze the content in the caller's transaction; the PDFs are made after it commits.

    Rendering (2 to 4 PDFs) used to run here while the passport row was locked, and a
    rollback left the files behind: now the worker renders and stores them.
    """
    from atout.passports.selectors import with_related

    fresh = with_related(Passport.objects.filter(pk=passport.pk)).get()
    number = (fresh.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = PassportVersion(
        passport=fresh,
        participant=fresh.participant,
        number=number,
        reason=reason,
        content=passport_content(fresh),
        created_by=actor,
        documents_status=PassportVersion.DocumentsStatus.PENDING,
    )
    if fresh.logo:
        try:
            with fresh.logo.open("rb") as handle:
                version.logo.save(fresh.logo.name.rsplit("/", 1)[-1], handle, save=False)
        except OSError:
            logger.warning("passport logo lost", extra={"event": "logo_lost", "passport": fresh.pk})
    version.save()
    transaction.on_commit(partial(passport_version_documents_enqueue, version.pk))
    return version


def passport_version_documents_enqueue(version_id: int, attempt_after: int = 0) -> None:
    """Hand the version's PDFs to the worker (later, for a retry, where the backend can)."""
    from atout.passports.tasks import passport_version_render

    task = passport_version_render
    if attempt_after and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=attempt_after))
    task.enqueue(version_id)


def logo_bytes(owner: Passport | PassportVersion) -> tuple[bytes | None, str | None]:
    """The logo file's bytes and type, or nothing if there is none or it was lost."""
    if not owner.logo:
        return None, None
    try:
        with owner.logo.open("rb") as handle:
            return handle.read(), owner.logo.name.rsplit(".", 1)[-1].lower()
    except OSError:
        return None, None


DOCUMENT_ATTEMPTS = 3


def passport_version_documents_make(*, version_id: int) -> str:
    """Render a frozen version's PDFs, then record them, so a reprint is byte for byte.

    Runs in the worker, outside any transaction: the renders hold no lock, the files are
    written before the rows, and removed again if the rows cannot be written.
    """
    from atout.documents.rendering.passport import render_passport
    from atout.passports.selectors import output_languages

    version = PassportVersion.objects.filter(pk=version_id).first()
    if version is None or version.is_withdrawn:
        return "withdrawn"
    if version.documents_status == PassportVersion.DocumentsStatus.READY:
        return "ready"
    logo, logo_type = logo_bytes(version)
    rendered = [
        (
            lang,
            variant,
            render_passport(
                version.content, lang=lang, variant=variant, logo=logo, logo_type=logo_type
            ),
        )
        for lang in output_languages(version.content)
        for variant in ("colour", "copy")
    ]
    storage = PassportDocument._meta.get_field("file").storage
    written: list[str] = []
    try:
        rows = []
        for lang, variant, document in rendered:
            row = PassportDocument(version=version, variant=variant, lang=lang, name=document.name)
            written.append(
                storage.save(document_path(row, document.name), ContentFile(document.content))
            )
            row.file.name = written[-1]
            rows.append(row)
        with transaction.atomic():
            current = PassportVersion.objects.select_for_update().get(pk=version_id)
            if current.is_withdrawn or current.documents_status == current.DocumentsStatus.READY:
                raise _Superseded
            PassportDocument.objects.filter(version=current).delete()
            PassportDocument.objects.bulk_create(rows)
            current.documents_status = PassportVersion.DocumentsStatus.READY
            current.documents_error = ""
            current.save(update_fields=["documents_status", "documents_error"])
    except _Superseded:
        _delete_files(written)
        return "superseded"
    except BaseException:
        _delete_files(written)
        raise
    return "ready"


class _Superseded(Exception):
    """The version was withdrawn (or finished) while its PDFs were being made."""


def _delete_files(names: list[str]) -> None:
    storage = PassportDocument._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("orphan file left", extra={"event": "orphan_file", "file": name})


@transaction.atomic
def passport_version_documents_failed(*, version_id: int, reason: str) -> int:
    """Count a failed attempt; after the last one the version shows the failure and why."""
    version = PassportVersion.objects.select_for_update().filter(pk=version_id).first()
    if version is None:
        return DOCUMENT_ATTEMPTS
    version.documents_attempts += 1
    version.documents_error = reason[:2000]
    if version.documents_attempts >= DOCUMENT_ATTEMPTS:
        version.documents_status = PassportVersion.DocumentsStatus.FAILED
    version.save(update_fields=["documents_attempts", "documents_error", "documents_status"])
    return version.documents_attempts


def passport_version_worker_lost(args: list, kwargs: dict, final: bool) -> None:
    """The task reaper put back (or failed) a render whose worker died (atout.workers.reaper).

    Files a killed attempt stored before recording its rows are removed (no row points to
    them; the rerun stores its own). After the last claim the version shows the failure.
    """
    version_id = kwargs.get("version_id") or (args or [None])[0]
    version = PassportVersion.objects.select_for_update().filter(pk=version_id).first()
    if version is None or version.documents_status == PassportVersion.DocumentsStatus.READY:
        return
    storage = PassportDocument._meta.get_field("file").storage
    folder = document_path(PassportDocument(version=version), "").rstrip("/")
    try:
        _dirs, names = storage.listdir(folder)
    except (OSError, FileNotFoundError):
        names = []
    _delete_files([f"{folder}/{name}" for name in names])
    if final:
        version.documents_status = PassportVersion.DocumentsStatus.FAILED
        version.documents_error = "WorkerLost: the worker stopped during the job"
        version.save(update_fields=["documents_status", "documents_error"])


@transaction.atomic
def passport_version_documents_retry(*, version: PassportVersion, actor: User) -> PassportVersion:
    """A counsellor asks for a failed version's PDFs again (after the cause is fixed)."""
    perms.require(actor, perms.PASSPORT_EDIT, version.passport)
    current = PassportVersion.objects.select_for_update().get(pk=version.pk)
    if current.is_withdrawn or current.documents_status != current.DocumentsStatus.FAILED:
        return current
    current.documents_status = PassportVersion.DocumentsStatus.PENDING
    current.documents_attempts = 0
    current.documents_error = ""
    current.save(update_fields=["documents_status", "documents_attempts", "documents_error"])
    transaction.on_commit(partial(passport_version_documents_enqueue, current.pk))
    return current


@transaction.atomic
def passport_versions_withdraw(
    *, participant: Participant, audience: str, fields: set[str], actor: Any = None
) -> list[PassportVersion]:
    """Consent to show `fields` to `audience` was withdrawn: no frozen version may still show them.

    Each version whose frozen content shows one of the details is withdrawn (never served
    again, its PDFs deleted once this commits), and an approved passport goes back to the
    participant for approval; the next version is frozen without the detail.
    """
    if audience != Audience.EMPLOYER:  # passports are only ever shown to employers
        return []
    passport = Passport.objects.select_for_update().filter(participant=participant).first()
    if passport is None:
        return []
    now = timezone.now()
    withdrawn = []
    for version in passport.versions.select_for_update().filter(withdrawn_at__isnull=True):
        shown = set(version.content.get("contact", {})) & set(fields)
        if not shown:
            continue
        version.withdrawn_at = now
        version.withdrawn_fields = sorted(shown)
        version.save(update_fields=["withdrawn_at", "withdrawn_fields"])
        withdrawn.append(version)
    if not withdrawn:
        return []
    documents = PassportDocument.objects.filter(version__in=withdrawn)
    names = [d.file.name for d in documents]
    documents.delete()
    transaction.on_commit(partial(_delete_files, names))
    if passport.status in (Passport.Status.APPROVED, Passport.Status.PRINTED):
        passport.status = Passport.Status.REAPPROVAL
    if passport.status == Passport.Status.REAPPROVAL:
        gone = set(passport.reapproval_fields).union(*(v.withdrawn_fields for v in withdrawn))
        passport.reapproval_fields = sorted(gone)
        passport.save(update_fields=["status", "reapproval_fields", "updated_at"])
    logger.info(
        "passport versions withdrawn",
        extra={
            "event": "consent_withdrawn",
            "passport": passport.pk,
            "versions": [v.number for v in withdrawn],
            "fields": sorted(fields),
        },
    )
    return withdrawn


@transaction.atomic
def passport_approve(
    *, passport: Passport, actor: User, in_person: bool = False
) -> PassportVersion:
    """The participant approves in their own login, or the counsellor records it."""
    # Rights first: someone without them learns nothing about the passport's state.
    perms.require(actor, perms.PASSPORT_EDIT if in_person else perms.PASSPORT_APPROVE, passport)
    current = Passport.objects.select_for_update().get(pk=passport.pk)
    awaiting = (Passport.Status.DRAFT, Passport.Status.READY, Passport.Status.REAPPROVAL)
    if current.status not in awaiting:
        raise ValidationError(_("This passport is already approved."))
    current.status = Passport.Status.APPROVED
    current.approved_at = timezone.now()
    current.approved_by = actor
    current.approved_in_person = in_person
    current.reapproval_fields = []
    current.save()
    return _freeze(current, actor, PassportVersion.Reason.APPROVED)


@transaction.atomic
def passport_print(*, passport: Passport, actor: User) -> PassportVersion:
    """Printing gives the approved version's documents; the status records the printing."""
    perms.require(actor, perms.PASSPORT_EDIT, passport)
    current = Passport.objects.select_for_update().get(pk=passport.pk)
    if current.status not in (Passport.Status.APPROVED, Passport.Status.PRINTED):
        raise ValidationError(_("The participant approves the passport before it is printed."))
    latest = current.versions.order_by("-number").first()
    if latest is None or not frozen_matches(latest.content, passport_content(current)):
        # The file changed since the approval (a contact detail, the CLE): what would print
        # is not what the participant approved.
        raise ValidationError(
            _(
                "The passport changed since it was approved. "
                "Ask the participant to approve it again."
            )
        )
    current.status = Passport.Status.PRINTED
    current.save(update_fields=["status", "updated_at"])
    return latest
