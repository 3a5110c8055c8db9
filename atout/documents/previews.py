"""Preview page images served by URL instead of base64 in the HTML (issue 14).

A preview refresh used to carry every page as a `data:` URL (~100-250 KB of HTML each time).
Now the page's HTML names each image by the sha256 of its PNG bytes, and the bytes wait in the
shared cache (Redis or the database table, so any app server can answer) for a short time.
The browser fetches only the pages it has not seen: an unchanged page keeps its URL.

Personal data: each entry is keyed by the document kind and the file's pk and stores that pk
with the bytes, checked on read, so one file's image is never served under another file's URL.
The image view checks access exactly like the preview itself before calling `page_response`;
on a cache miss (expired, evicted, another server's cache) it re-renders and serves the page
whose hash matches, else 404.

A refresh whose compile inputs did not change compiles nothing (`cached_pages`): the digest of
the inputs names the page digests of the last render, used while every image is still cached.

This module must not import feature apps: the views give it the bytes and a re-render callable.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.core.cache import cache
from django.http import Http404, HttpResponse

# Kept short: the bytes are a person's document. The browser may keep them as long (private).
TTL_SECONDS = 15 * 60
_DIGEST = re.compile(r"[0-9a-f]{64}")


def _key(kind: str, owner_pk: int, digest: str) -> str:
    return f"preview:{kind}:{owner_pk}:{digest}"


def page_digest(png: bytes) -> str:
    """The image's name: its content hash, so a changed page gets a new URL."""
    return hashlib.sha256(png).hexdigest()


def store_pages(kind: str, owner_pk: int, pages: list[bytes]) -> list[str]:
    """Put the page images in the shared cache; their digests, in page order."""
    digests = [page_digest(png) for png in pages]
    cache.set_many(
        {
            _key(kind, owner_pk, digest): (owner_pk, png)
            for digest, png in zip(digests, pages, strict=True)
        },
        TTL_SECONDS,
    )
    return digests


def _inputs_key(kind: str, owner_pk: int, inputs: str) -> str:
    return f"preview-inputs:{kind}:{owner_pk}:{inputs}"


def cached_pages(
    kind: str, owner_pk: int, inputs: str, render: Callable[[], list[bytes]]
) -> list[str]:
    """The page digests of a preview whose exact compile inputs hash to `inputs`.

    A refresh after an autosave that changed nothing printed (or a second tab, a reload)
    compiles nothing: the inputs' digest remembers the page digests, and while every page
    image is still in the cache they are returned as they are. Otherwise `render()` runs and
    its pages are stored. `inputs` must cover everything the compile reads
    (`engine.inputs_digest`); the file's pk is part of the key and checked on read.
    """
    key = _inputs_key(kind, owner_pk, inputs)
    entry = cache.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == owner_pk:
        digests = list(entry[1])
        page_keys = [_key(kind, owner_pk, digest) for digest in digests]
        found = cache.get_many(page_keys)
        if all(isinstance(found.get(k), tuple) and found[k][0] == owner_pk for k in page_keys):
            return digests
    digests = store_pages(kind, owner_pk, render())
    if digests:  # nothing rendered (an engine error) is tried again next time
        cache.set(key, (owner_pk, digests), TTL_SECONDS)
    return digests


def page_response(
    kind: str, owner_pk: int, digest: str, rerender: Callable[[], list[bytes]]
) -> HttpResponse:
    """The PNG named by `digest` for this file, from the cache or re-rendered; else 404.

    Call only after the same access check as the preview page.
    """
    if not _DIGEST.fullmatch(digest):
        raise Http404()  # not a name this module gives; no render for it
    entry = cache.get(_key(kind, owner_pk, digest))
    png = entry[1] if isinstance(entry, tuple) and entry[0] == owner_pk else None
    if png is None:
        pages = rerender()
        store_pages(kind, owner_pk, pages)
        png = next((p for p in pages if page_digest(p) == digest), None)
    if png is None:
        raise Http404()
    response = HttpResponse(png, content_type="image/png")
    # The URL names the bytes, so they never change under it: no revalidation needed.
    response["Cache-Control"] = f"private, max-age={TTL_SECONDS}, immutable"
    return response
