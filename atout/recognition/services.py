"""Writes to recognition dossiers, each in one transaction.

Every phase change goes through `dossier_move`, which checks `Dossier.MACHINE` and the few
conditions a phase asks for, records a `DossierEvent` and bumps the dossier's version; a
forbidden move raises `TransitionError` (a French message for the user) and writes nothing.
Permission checks are the caller's: the advisor's services here, the committee's in
`atout.committees`, the inactivity job (no actor) in `check_dossier_activity`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.common.errors import ConflictError, TransitionError
from atout.recognition.models import (
    CLOSED_PHASES,
    Dossier,
    DossierEvent,
    Phase,
    Route,
)

# Moves that close (or set aside) the dossier say why; so does reopening a lapsed one.
REASON_REQUIRED = frozenset(
    {
        Phase.NOT_RELEVANT,
        Phase.WITHDRAWN,
        Phase.REDIRECTED,
        Phase.NOT_RECOGNISED,
    }
)


def touch(dossier: Dossier) -> None:
    """Any write to the dossier (or to what hangs off it) counts as activity: the
    inactivity check starts again."""
    now = timezone.now()
    Dossier.objects.filter(pk=dossier.pk).update(last_activity_at=now, activity_check_sent_at=None)
    dossier.last_activity_at = now
    dossier.activity_check_sent_at = None


def _guard(dossier: Dossier, target: str, note: str) -> None:
    """Conditions beyond the machine: the message tells the user what to do instead."""
    current = dossier.phase
    Dossier.MACHINE.check(current, target)
    if target in REASON_REQUIRED and not note:
        raise TransitionError(_("Give the reason for closing the dossier."))
    if current == Phase.LAPSED:
        if target != (dossier.phase_before_lapse or Phase.RECEIVED):
            raise TransitionError(
                _("A lapsed dossier is reopened where it was: « %(phase)s ».")
                % {"phase": Dossier.MACHINE.labels.get(dossier.phase_before_lapse, "")}
            )
        if not note:
            raise TransitionError(_("Give the reason for reopening the dossier."))
    if current == Phase.RECEIVED and target == Phase.RELEVANCE and not dossier.never_recognised:
        raise TransitionError(
            _(
                "These competencies were recognised before: the dossier cannot go on. "
                "Redirect the person or close the dossier with the reason."
            )
        )
    direct = target == Phase.APPLIED and current in (Phase.RELEVANCE, Phase.INFORMED)
    if direct and dossier.route != Route.RED_SEAL:
        raise TransitionError(
            _(
                "Only a person holding a Red Seal or an out-of-province certificate "
                "(route 3°) applies directly, without the committee's evaluation."
            )
        )
    if target == Phase.INVENTORY_DONE:
        from atout.recognition.selectors import inventory_gaps

        gaps = inventory_gaps(dossier)
        if gaps:
            raise TransitionError(
                _("The inventory grid is not complete (%(count)s line(s) to finish).")
                % {"count": len(gaps)}
            )


def dossier_move(
    actor: Any,
    dossier: Dossier,
    target: str,
    *,
    note: str = "",
    version: int | None = None,
) -> Dossier:
    """Move the dossier to `target`: check the machine, record the event, date the phase.

    Moving to LAPSED keeps the phase it left (`phase_before_lapse`); reopening returns there,
    with a reason. Closing moves keep their reason in `closure_reason`. `version`, when
    given, is the version the form started from (`ConflictError` if stale).
    """
    note = (note or "").strip()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if version is not None and locked.version != version:
            raise ConflictError(locked)
        _guard(locked, target, note)
        previous = locked.phase
        now = timezone.now()
        if target == Phase.LAPSED:
            locked.phase_before_lapse = previous
        elif previous == Phase.LAPSED:
            locked.phase_before_lapse = ""
        if target in REASON_REQUIRED or target in CLOSED_PHASES and note:
            locked.closure_reason = note
        locked.phase = target
        locked.phase_changed_at = now
        locked.last_activity_at = now
        locked.activity_check_sent_at = None
        locked.version += 1
        locked._history_user = actor
        locked.save()
        DossierEvent.objects.create(
            dossier=locked,
            actor=actor if getattr(actor, "pk", None) else None,
            from_phase=previous,
            to_phase=target,
            note=note,
            at=now,
        )
    return locked


def allowed_targets(dossier: Dossier) -> list[str]:
    """The phases the machine allows from here, in the order of the phases (for buttons)."""
    targets = Dossier.MACHINE.targets(dossier.phase)
    if dossier.phase == Phase.LAPSED:
        targets = {dossier.phase_before_lapse or Phase.RECEIVED}
    return [value for value in Phase.values if value in targets]


def _reason(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text
