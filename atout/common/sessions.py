"""Write the session row at most once a minute, and keep the 30-minute idle timeout.

Django's `SESSION_SAVE_EVERY_REQUEST` rewrites the session row on every request (one
UPDATE per page, PDF or htmx fragment) only to push the expiry back. Here the session
remembers when it was last written, and a request marks it modified only when that is
`REFRESH_SECONDS` old or more: the expiry is then at most a minute short of 30 idle
minutes, and a busy counsellor's requests write nothing. The clock lives in the session
itself (the database or shared cache), never in process memory, so it holds across servers.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

TOUCHED_KEY = "_atout_touched"
REFRESH_SECONDS = 60


def _now() -> float:
    """Seconds since the epoch (a function so tests can move the clock)."""
    return time.time()


def touch_session(request: HttpRequest) -> None:
    """Mark a live session modified when it was last written a minute ago or more."""
    session = getattr(request, "session", None)
    if session is None or not session.session_key:
        return  # no cookie: nothing to keep alive, and nothing is loaded
    # Reading loads the session (the auth middleware has usually done it already); an
    # unknown or expired cookie leaves no key, and a fresh visitor has nothing to keep.
    touched = session.get(TOUCHED_KEY, 0)
    if session.session_key is None or session.is_empty():
        return
    now = int(_now())
    if session.modified or now - touched >= REFRESH_SECONDS:
        session[TOUCHED_KEY] = now


class SessionTouchMiddleware:
    """After the view: refresh the session's expiry when its last write is a minute old."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        touch_session(request)
        return response
