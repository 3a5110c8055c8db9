"""The link token: derived from a per-link seed with the server's key, stored only hashed.

256 bits from HMAC-SHA256, written in 43 URL-safe characters. See models.py for why the
token is derived rather than random, and what rotating SECRET_KEY does to it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from django.conf import settings

_PURPOSE = b"atout.sharing.link:"
# What a token looks like; anything else is refused before the database is asked.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_seed() -> str:
    return secrets.token_hex(32)


def _keys() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def token_for(seed: str, key: str | None = None) -> str:
    """The link's token: HMAC-SHA256(key, seed), base64url without padding."""
    secret = (key if key is not None else settings.SECRET_KEY).encode()
    digest = hmac.new(secret, _PURPOSE + bytes.fromhex(seed), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def rebuild_token(seed: str, stored_hash: str) -> str | None:
    """The token again, with the current key or a fallback one; None after a key rotation."""
    for key in _keys():
        token = token_for(seed, key)
        if hmac.compare_digest(token_hash(token), stored_hash):
            return token
    return None


def looks_like_token(value: str) -> bool:
    return bool(TOKEN_PATTERN.fullmatch(value or ""))


def address_hash(address: str | None) -> str:
    """The visitor's address as a keyed hash, only for the code throttle (then purged)."""
    secret = settings.SECRET_KEY.encode()
    raw = (address or "").encode("utf-8", "replace")
    return hmac.new(secret, b"atout.sharing.address:" + raw, hashlib.sha256).hexdigest()
