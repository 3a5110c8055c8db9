"""Writes of the last phases of a recognition dossier: the person's application to the
ministry, then the certificate (CQP) or attestation it issued.

Each runs in one transaction, checks the advisor's capability on the dossier, and moves the
dossier through `atout.recognition.services.dossier_move` (CONFIRMED → APPLIED → ISSUED, or
by route 3° straight from the relevance check or the information to APPLIED).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.certificates.models import Application, Credential
from atout.recognition.models import Dossier, Phase, Route
from atout.recognition.services import dossier_move
from atout.standards.models import Competency

__all__ = ["application_record", "credential_record"]

# Where an application may be recorded from: after the committee's confirmation, or by
# route 3° (Red Seal, out-of-province certificate) without an evaluation.
APPLY_FROM = (Phase.CONFIRMED,)
APPLY_FROM_RED_SEAL = (Phase.RELEVANCE, Phase.INFORMED)


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


@transaction.atomic
def application_record(
    *, actor: Any, dossier: Dossier, applied_on: datetime.date, version: int | None = None
) -> Application:
    """Record that the person applied to the ministry, and move the dossier to APPLIED.

    From CONFIRMED (the committee confirmed the competencies), or on route 3° from the
    relevance check or the information phase (a Red Seal or out-of-province certificate)."""
    perms.require(actor, perms.CERTIFICATE_RECORD, dossier)
    red_seal = dossier.route == Route.RED_SEAL and dossier.phase in APPLY_FROM_RED_SEAL
    if dossier.phase not in APPLY_FROM and not red_seal:
        raise ValidationError(
            _(
                "The application is recorded once the committee's confirmation was sent to the "
                "ministry (or, for a Red Seal, after the relevance check)."
            )
        )
    _not_in_future(applied_on, "applied_on")
    if applied_on < dossier.opened_on:
        raise ValidationError(
            {"applied_on": _("The application cannot precede the opening of the dossier.")}
        )
    moved = dossier_move(
        actor,
        dossier,
        Phase.APPLIED,
        note=_("Application made on %(date)s") % {"date": applied_on.isoformat()},
        version=version,
    )
    application = Application(dossier=moved, applied_on=applied_on, recorded_by=actor)
    application._history_user = actor
    application.full_clean()
    application.save()
    return application


def _check_competencies(
    dossier: Dossier, kind: str, competencies: list[Competency]
) -> list[Competency]:
    if not competencies:
        raise ValidationError({"competencies": _("Choose the competencies it covers.")})
    of_standard = {c.pk: c for c in Competency.objects.filter(standard_id=dossier.standard_id)}
    if any(c.pk not in of_standard for c in competencies):
        raise ValidationError(
            {"competencies": _("Choose competencies of the dossier's standard only.")}
        )
    if kind == Credential.Kind.CQP:
        essential = {pk for pk, c in of_standard.items() if c.kind == Competency.Kind.ESSENTIAL}
        if not essential <= {c.pk for c in competencies}:
            raise ValidationError(
                {
                    "competencies": _(
                        "A certificate covers every essential competency of the standard; for "
                        "some of them, record an attestation."
                    )
                }
            )
    return competencies


@transaction.atomic
def credential_record(
    *,
    actor: Any,
    dossier: Dossier,
    kind: str,
    legal_basis: str,
    competencies: Iterable[Competency],
    issued_on: datetime.date,
    number: str,
    issuer: str = "",
    version: int | None = None,
) -> Credential:
    """Record the certificate or attestation the ministry issued, and close the dossier as
    ISSUED. The competencies must belong to the standard; a CQP covers every essential one."""
    perms.require(actor, perms.CERTIFICATE_RECORD, dossier)
    if dossier.phase != Phase.APPLIED:
        raise ValidationError(
            _("A certificate or attestation is recorded after the person's application.")
        )
    competencies = _check_competencies(dossier, kind, list(competencies))
    expected_basis = (
        Credential.LegalBasis.RED_SEAL
        if dossier.route == Route.RED_SEAL
        else Credential.LegalBasis.COMMITTEE
    )
    if legal_basis != expected_basis:
        raise ValidationError(
            {
                "legal_basis": _("For this dossier's route, the legal basis is « %(basis)s ».")
                % {"basis": expected_basis.label}
            }
        )
    _not_in_future(issued_on, "issued_on")
    application = Application.objects.filter(dossier=dossier).first()
    applied_on = application.applied_on if application else None
    if applied_on and issued_on < applied_on:
        raise ValidationError(
            {
                "issued_on": _("The issue date cannot precede the application (%(date)s).")
                % {"date": applied_on.isoformat()}
            }
        )
    number = number.strip()
    if Credential.objects.filter(number=number, kind=kind).exists():
        raise ValidationError({"number": _("A credential with this number is already recorded.")})
    moved = dossier_move(
        actor,
        dossier,
        Phase.ISSUED,
        note=_("%(kind)s no. %(number)s") % {"kind": Credential.Kind(kind).label, "number": number},
        version=version,
    )
    credential = Credential(
        dossier=moved,
        participant_id=moved.participant_id,
        standard_id=moved.standard_id,
        kind=kind,
        legal_basis=legal_basis,
        applied_on=applied_on,
        issued_on=issued_on,
        number=number,
        recorded_by=actor,
    )
    if issuer.strip():
        credential.issuer = issuer.strip()
    credential._history_user = actor
    credential.full_clean()
    credential.save()
    credential.competencies.set(competencies)
    return credential
