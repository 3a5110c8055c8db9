"""Every allowed and forbidden phase move, through `dossier_move`."""

import pytest

from atout.common.errors import ConflictError, TransitionError
from atout.recognition.models import Dossier, DossierEvent, InventoryEntry, Mastery, Phase, Route
from atout.recognition.selectors import inventory_blocks
from atout.recognition.services import REASON_REQUIRED, allowed_targets, dossier_move

ALL = [value for value in Phase.values]
ALLOWED = set(Dossier.MACHINE.pairs())
FORBIDDEN = [(a, b) for a in ALL for b in ALL if (a, b) not in ALLOWED]


def _fill(dossier):
    for block in inventory_blocks(dossier):
        for line in block.lines:
            entry = line.entry
            entry.self_assessment = Mastery.MASTERED
            entry.experience = "Six ans en brigade."
            entry.version = 1
            entry.save()


def _prepare(dossier, source, target):
    """Set the dossier where a move from `source` to `target` meets its conditions."""
    fields = {"phase": source}
    if source == Phase.LAPSED:
        fields["phase_before_lapse"] = target
    if target == Phase.APPLIED:
        fields["route"] = Route.RED_SEAL
    Dossier.objects.filter(pk=dossier.pk).update(**fields)
    if target == Phase.INVENTORY_DONE:
        _fill(dossier)
    dossier.refresh_from_db()


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_allowed_move_records_an_event(dossier, advisor, source, target):
    _prepare(dossier, source, target)
    before = dossier.version
    moved = dossier_move(advisor, dossier, target, note="Raison notée", version=before)
    assert moved.phase == target
    assert moved.version == before + 1
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.from_phase, event.to_phase, event.actor) == (source, target, advisor)
    assert event.note == "Raison notée"


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_forbidden_move_changes_nothing(dossier, advisor, source, target):
    _prepare(dossier, source, target)
    before = dossier.version
    with pytest.raises(TransitionError):
        dossier_move(advisor, dossier, target, note="Raison")
    dossier.refresh_from_db()
    assert (dossier.phase, dossier.version) == (source, before)
    assert not DossierEvent.objects.exists()


@pytest.mark.parametrize("target", sorted(REASON_REQUIRED - {Phase.NOT_RECOGNISED}))
def test_closing_needs_a_reason(dossier, advisor, target):
    _prepare(dossier, Phase.RELEVANCE, target)
    if target == Phase.WITHDRAWN:
        _prepare(dossier, Phase.RECEIVED, target)
    with pytest.raises(TransitionError):
        dossier_move(advisor, dossier, target, note="  ")
    moved = dossier_move(advisor, dossier, target, note="Reconnaissance des acquis au cégep")
    assert moved.closure_reason == "Reconnaissance des acquis au cégep"


def test_never_recognised_is_required_to_go_on(dossier, advisor):
    """The relevance check can start, but the dossier goes no further than a redirection."""
    Dossier.objects.filter(pk=dossier.pk).update(never_recognised=False)
    dossier.refresh_from_db()
    dossier = dossier_move(advisor, dossier, Phase.RELEVANCE)
    for target in (Phase.INFORMED, Phase.APPLIED):
        with pytest.raises(TransitionError, match="recognised before|reconnues"):
            dossier_move(advisor, dossier, target)
    assert dossier_move(advisor, dossier, Phase.REDIRECTED, note="Ordre").phase == "redirected"


def test_direct_application_only_by_route_3(dossier, advisor):
    _prepare(dossier, Phase.RELEVANCE, Phase.INFORMED)
    with pytest.raises(TransitionError):
        dossier_move(advisor, dossier, Phase.APPLIED)


def test_inventory_done_needs_a_complete_grid(dossier, advisor):
    _prepare(dossier, Phase.PREPARATION, Phase.INFORMED)
    with pytest.raises(TransitionError):
        dossier_move(advisor, dossier, Phase.INVENTORY_DONE)
    _fill(dossier)
    entry = InventoryEntry.objects.filter(dossier=dossier).first()
    entry.experience = ""
    entry.save()
    with pytest.raises(TransitionError):
        dossier_move(advisor, dossier, Phase.INVENTORY_DONE)
    entry.proof = "Lettre de l’employeur"
    entry.save()
    assert dossier_move(advisor, dossier, Phase.INVENTORY_DONE).phase == Phase.INVENTORY_DONE


def test_lapse_and_reopen_where_it_was(dossier, advisor):
    _prepare(dossier, Phase.PREPARATION, Phase.INFORMED)
    lapsed = dossier_move(None, dossier, Phase.LAPSED)
    assert lapsed.phase_before_lapse == Phase.PREPARATION
    assert allowed_targets(lapsed) == [Phase.PREPARATION]
    with pytest.raises(TransitionError):
        dossier_move(advisor, lapsed, Phase.RECEIVED, note="Retour")
    with pytest.raises(TransitionError):
        dossier_move(advisor, lapsed, Phase.PREPARATION)
    reopened = dossier_move(advisor, lapsed, Phase.PREPARATION, note="La personne revient")
    assert reopened.phase == Phase.PREPARATION
    assert reopened.phase_before_lapse == ""


def test_stale_version_conflicts(dossier, advisor):
    with pytest.raises(ConflictError):
        dossier_move(advisor, dossier, Phase.RELEVANCE, version=dossier.version - 1)
    dossier.refresh_from_db()
    assert dossier.phase == Phase.RECEIVED
