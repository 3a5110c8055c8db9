"""Values kept in the shared cache until any write of their group outdates them.

A group (an organisation's files, every reminder of the home pages) has a generation token
in the cache; each value is stored with the token that was current before it was computed.
A write anywhere in the group replaces the token (`new_generation`, from a receiver, at once
and again after the commit), so every value of the group is recomputed on its next read,
on any server, without the writer knowing which keys exist. A write that lands while a value
is being computed replaces the token first: that value is never served.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache


def cached_in_generation(
    key: str,
    generation_key: str,
    compute: Callable[[], Any],
    seconds: int,
    *,
    found: dict[str, Any] | None = None,
) -> Any:
    """The value under `key` if stored in the current generation, else `compute()`'s.

    One cache read (`key` and `generation_key` in one `get_many`, or none when `found`
    holds what a `get_many` of both returned) when the value is current. `seconds` bounds
    what no write announces (time passing, a write that bypassed the receivers).
    """
    found = found if found is not None else cache.get_many([key, generation_key])
    generation = found.get(generation_key)
    entry = found.get(key)
    if (
        generation is not None
        and isinstance(entry, tuple)
        and len(entry) == 2
        and entry[0] == generation
    ):
        return entry[1]
    if generation is None:  # first use, or the token was culled: start a generation
        token = uuid.uuid4().hex
        generation = token if cache.add(generation_key, token, None) else None
    # Read before computing: a write meanwhile replaces the token and outdates this value.
    value = compute()
    if generation is not None:
        cache.set(key, (generation, value), seconds)
    return value


def new_generation(generation_key: str) -> None:
    """Outdate every value of the group: each is recomputed on its next read."""
    cache.set(generation_key, uuid.uuid4().hex, None)
