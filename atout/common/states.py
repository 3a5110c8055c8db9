"""A small state machine: which status may follow which, and the one check services call.

Each record with a life (a service request, a participation) declares its allowed moves
once, next to its model; services check a move before writing it and record who made it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from atout.common.errors import TransitionError


@dataclass(frozen=True)
class StateMachine:
    # status -> statuses it may move to
    moves: Mapping[str, frozenset[str]]
    # status value -> label, for messages
    labels: Mapping[str, str] = field(default_factory=dict)

    def targets(self, current: str) -> frozenset[str]:
        return self.moves.get(current, frozenset())

    def allowed(self, current: str, target: str) -> bool:
        return target in self.targets(current)

    def check(self, current: str, target: str) -> None:
        """Raise TransitionError (a message for the user) unless current → target is allowed."""
        if not self.allowed(current, target):
            raise TransitionError(
                _(
                    "This change is not possible: the status « %(current)s » "
                    "cannot become « %(target)s »."
                )
                % {
                    "current": self.labels.get(current, current),
                    "target": self.labels.get(target, target),
                }
            )

    def pairs(self) -> Iterable[tuple[str, str]]:
        """Every allowed (from, to) pair, for tests."""
        for current, targets in self.moves.items():
            for target in targets:
                yield current, target
