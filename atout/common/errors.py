"""Errors shared by the services of every app."""

from typing import Any


class ConflictError(Exception):
    """Someone saved the record after the form was opened; `current` is what they saved."""

    def __init__(self, current: Any):
        super().__init__("conflict")
        self.current = current


class TransitionError(Exception):
    """A status change the state machine forbids; the message says why, for the user."""

    def __init__(self, message: Any):
        super().__init__(str(message))
        self.message = message
