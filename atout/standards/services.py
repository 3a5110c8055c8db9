"""Writes to the standards catalogue, each in one transaction.

A committee's evaluator (STANDARD_MANAGE in the committee) maintains the committee's own
standards; platform staff use Django's admin. Once a dossier aims for a standard, its
competencies and elements stay (dossiers' grids and evaluations point to them): they can be
renamed or marked « à compléter par le comité », not deleted or replaced by an import.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import Organisation, User
from atout.common.errors import ConflictError
from atout.standards.importing import ParsedStandard
from atout.standards.models import Competency, Criterion, Element, Standard

STANDARD_FIELDS = [
    "title_fr",
    "title_en",
    "noc_code",
    "version_label",
    "approved_on",
    "levels",
    "levels_en",
    "status",
    "recognition_conditions",
    "recognition_conditions_en",
    "fees",
    "fees_en",
    "procedure_sheet_fr",
    "procedure_sheet_en",
    "is_complete",
    "published",
]
COMPETENCY_FIELDS = ["number", "kind", "title_fr", "title_en", "to_be_completed"]
ELEMENT_FIELDS = ["number", "title_fr", "title_en"]
CRITERION_FIELDS = ["number", "text_fr", "text_en"]


def require_manager(actor: User, committee_id: int | None) -> None:
    """Only the committee's own evaluators maintain its standards."""
    if perms.STANDARD_MANAGE not in perms.organisation_capabilities(actor, committee_id):
        raise PermissionDenied(perms.STANDARD_MANAGE)


def _check_committee(committee: Organisation) -> None:
    if committee.kind != Organisation.Kind.COMMITTEE:
        raise ValidationError(_("Only a sectoral committee keeps occupational standards."))


def _in_use(standard: Standard) -> bool:
    return standard.dossiers.exists()


def _save(obj: Any, actor: User) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()


def _touch(standard: Standard) -> None:
    """A change to the tree is a change to the standard (its « updated » date)."""
    Standard.objects.filter(pk=standard.pk).update(updated_at=timezone.now())


@transaction.atomic
def standard_create(*, actor: User, committee: Organisation, data: dict[str, Any]) -> Standard:
    require_manager(actor, committee.pk)
    _check_committee(committee)
    standard = Standard(committee=committee)
    for name in STANDARD_FIELDS:
        if name in data:
            setattr(standard, name, data[name])
    _save(standard, actor)
    return standard


@transaction.atomic
def standard_update(
    *, actor: User, standard: Standard, data: dict[str, Any], expected_version: int
) -> Standard:
    """Save an edit unless someone saved the standard since `expected_version`."""
    require_manager(actor, standard.committee_id)
    current = Standard.objects.select_for_update().get(pk=standard.pk)
    if current.version != expected_version:
        raise ConflictError(current)
    for name in STANDARD_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.version += 1
    _save(current, actor)
    return current


def _unique_number(queryset, number: int, exclude_pk: int | None, message: str) -> None:
    if queryset.filter(number=number).exclude(pk=exclude_pk).exists():
        raise ValidationError({"number": message})


@transaction.atomic
def competency_save(
    *,
    actor: User,
    standard: Standard,
    data: dict[str, Any],
    competency: Competency | None = None,
) -> Competency:
    """Add a competency to the standard, or edit one of its competencies."""
    require_manager(actor, standard.committee_id)
    if competency is None:
        competency = Competency(standard=standard)
    elif competency.standard_id != standard.pk:
        raise PermissionDenied
    for name in COMPETENCY_FIELDS:
        if name in data:
            setattr(competency, name, data[name])
    _unique_number(
        standard.competencies,
        competency.number,
        competency.pk,
        _("Another competency of this standard has this number."),
    )
    _save(competency, actor)
    _touch(standard)
    return competency


@transaction.atomic
def competency_delete(*, actor: User, competency: Competency) -> None:
    standard = competency.standard
    require_manager(actor, standard.committee_id)
    if _in_use(standard):
        raise ValidationError(
            _(
                "Dossiers aim for this standard: its competencies stay. Mark this one "
                "« to be completed by the committee » or rename it instead."
            )
        )
    competency._history_user = actor
    competency.delete()
    _touch(standard)


@transaction.atomic
def element_save(
    *,
    actor: User,
    competency: Competency,
    data: dict[str, Any],
    element: Element | None = None,
) -> Element:
    require_manager(actor, competency.standard.committee_id)
    if element is None:
        element = Element(competency=competency)
    elif element.competency_id != competency.pk:
        raise PermissionDenied
    for name in ELEMENT_FIELDS:
        if name in data:
            setattr(element, name, data[name])
    _unique_number(
        competency.elements,
        element.number,
        element.pk,
        _("Another element of this competency has this number."),
    )
    _save(element, actor)
    _touch(competency.standard)
    return element


@transaction.atomic
def element_delete(*, actor: User, element: Element) -> None:
    standard = element.competency.standard
    require_manager(actor, standard.committee_id)
    if _in_use(standard):
        raise ValidationError(
            _("Dossiers aim for this standard: its elements stay. Rename this one instead.")
        )
    element._history_user = actor
    element.delete()
    _touch(standard)


@transaction.atomic
def criterion_save(
    *,
    actor: User,
    element: Element,
    data: dict[str, Any],
    criterion: Criterion | None = None,
) -> Criterion:
    require_manager(actor, element.competency.standard.committee_id)
    if criterion is None:
        criterion = Criterion(element=element)
    elif criterion.element_id != element.pk:
        raise PermissionDenied
    for name in CRITERION_FIELDS:
        if name in data:
            setattr(criterion, name, data[name])
    _unique_number(
        element.criteria,
        criterion.number,
        criterion.pk,
        _("Another criterion of this element has this number."),
    )
    _save(criterion, actor)
    _touch(element.competency.standard)
    return criterion


@transaction.atomic
def criterion_delete(*, actor: User, criterion: Criterion) -> None:
    standard = criterion.element.competency.standard
    require_manager(actor, standard.committee_id)
    criterion._history_user = actor
    criterion.delete()
    _touch(standard)


def _write_tree(actor: User, standard: Standard, parsed: ParsedStandard) -> None:
    for c in parsed.competencies:
        competency = Competency(
            standard=standard,
            **{k: c[k] for k in ("number", "kind", "title_fr", "title_en", "to_be_completed")},
        )
        _save(competency, actor)
        for e in c["elements"]:
            element = Element(
                competency=competency, **{k: e[k] for k in ("number", "title_fr", "title_en")}
            )
            _save(element, actor)
            for k in e["criteria"]:
                _save(
                    Criterion(
                        element=element,
                        **{key: k[key] for key in ("number", "text_fr", "text_en")},
                    ),
                    actor,
                )


@transaction.atomic
def standard_import(
    *,
    actor: User,
    committee: Organisation,
    parsed: ParsedStandard,
    standard: Standard | None = None,
) -> Standard:
    """Write a validated file: a new standard (JSON), or the tree of `standard` (JSON or CSV).

    Replacing a tree deletes the old one, so it is refused once a dossier aims for the
    standard. The whole file goes in one transaction: a problem the parser could not see
    (a database constraint) rolls everything back.
    """
    if not parsed.ok:
        raise ValidationError(_("The file has problems; nothing was imported."))
    if standard is None:
        require_manager(actor, committee.pk)
        _check_committee(committee)
        if not parsed.is_json:
            raise ValidationError(
                _(
                    "A CSV file holds the competencies only: create the standard first, "
                    "then import the CSV file on its page."
                )
            )
        standard = Standard(committee=committee, **parsed.meta)
        _save(standard, actor)
    else:
        require_manager(actor, standard.committee_id)
        standard = Standard.objects.select_for_update().get(pk=standard.pk)
        if _in_use(standard):
            raise ValidationError(
                _(
                    "Dossiers aim for this standard: its competencies cannot be replaced by "
                    "an import. Edit them one by one."
                )
            )
        for competency in standard.competencies.all():
            competency._history_user = actor
            competency.delete()
        if parsed.is_json:
            for name, value in parsed.meta.items():
                setattr(standard, name, value)
        standard.version += 1
        _save(standard, actor)
    _write_tree(actor, standard, parsed)
    return standard
