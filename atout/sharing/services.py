"""Writes to share links: create, revoke, record a view, check an access code.

No rate limit or state lives in the cache (several workers, no shared cache): the code
throttle counts wrong attempts in the database.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import User
from atout.participants.models import Participant
from atout.sharing import tokens
from atout.sharing.models import DEFAULT_DAYS, MAX_DAYS, CodeAttempt, ShareLink, ShareLinkView

logger = logging.getLogger(__name__)

# Five wrong codes within 15 minutes close the link's code form for the rest of the window;
# the visitor gets the same answer as for a wrong code.
CODE_ATTEMPTS = 5
CODE_WINDOW = timedelta(minutes=15)
# One address guessing across many links is stopped too (the address only as a keyed hash).
ADDRESS_ATTEMPTS = 20
CODE_MIN_LENGTH, CODE_MAX_LENGTH = 4, 64
# Compared against when there is no real hash, so a POST costs the same either way.
_DUMMY_HASH = None


@transaction.atomic
def share_link_create(
    *,
    participant: Participant,
    actor: User,
    label: str = "",
    days: int = DEFAULT_DAYS,
    code: str = "",
    include_cv: bool = False,
    include_portfolio: bool = False,
) -> tuple[ShareLink, str]:
    """A new link to the person's approved passport; returns the link and its token.

    A counsellor's link is recorded as made on the person's behalf.
    """
    perms.require(actor, perms.SHARE_LINK_MANAGE, participant)
    return _create(
        participant=participant,
        created_by=actor,
        on_behalf=participant.user_id != actor.pk,
        label=label,
        days=days,
        code=code,
        include_cv=include_cv,
        include_portfolio=include_portfolio,
    )


@transaction.atomic
def share_link_create_by_operator(
    *, participant: Participant, days: int = DEFAULT_DAYS, label: str = ""
) -> tuple[ShareLink, str]:
    """For `manage.py share_link`: the server's rights, no user; recorded as on the person's
    behalf with no author."""
    return _create(
        participant=participant,
        created_by=None,
        on_behalf=True,
        label=label,
        days=days,
        code="",
        include_cv=False,
        include_portfolio=False,
    )


def _create(
    *,
    participant: Participant,
    created_by: User | None,
    on_behalf: bool,
    label: str,
    days: int,
    code: str,
    include_cv: bool,
    include_portfolio: bool,
) -> tuple[ShareLink, str]:
    from atout.sharing.selectors import shared_version

    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            _("A link lasts from 1 to %(max)d days.") % {"max": MAX_DAYS}, code="days"
        )
    code = (code or "").strip()
    if code and not CODE_MIN_LENGTH <= len(code) <= CODE_MAX_LENGTH:
        raise ValidationError(
            _("The access code has %(min)d to %(max)d characters.")
            % {"min": CODE_MIN_LENGTH, "max": CODE_MAX_LENGTH},
            code="code",
        )
    if shared_version(participant) is None:
        raise ValidationError(
            _("The Passeport-emploi is not approved: there is nothing to share yet."),
            code="not_approved",
        )
    seed = tokens.new_seed()
    token = tokens.token_for(seed)
    link = ShareLink(
        participant=participant,
        label=re.sub(r"\s+", " ", label or "").strip(),
        seed=seed,
        token_hash=tokens.token_hash(token),
        expires_at=timezone.now() + timedelta(days=days),
        code_hash=make_password(code) if code else "",
        include_cv=include_cv,
        include_portfolio=include_portfolio,
        created_by=created_by,
        on_behalf=on_behalf,
    )
    link.full_clean()
    link.save()
    logger.info(
        "share link created",
        extra={"event": "share_link_created", "link": link.pk, "participant": participant.pk},
    )
    return link, token


@transaction.atomic
def share_link_revoke(*, link: ShareLink, actor: User) -> ShareLink:
    """Revoke at once (a second revocation changes nothing)."""
    perms.require(actor, perms.SHARE_LINK_MANAGE, link.participant)
    current = ShareLink.objects.select_for_update().get(pk=link.pk)
    if current.revoked_at is None:
        current.revoked_at = timezone.now()
        current.revoked_by = actor
        current.version += 1
        current.save(update_fields=["revoked_at", "revoked_by", "version"])
        logger.info("share link revoked", extra={"event": "share_link_revoked", "link": link.pk})
    return current


_TABLET = re.compile(r"ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))", re.IGNORECASE)
_PHONE = re.compile(r"mobi|iphone|ipod|android|windows phone|blackberry", re.IGNORECASE)
_COMPUTER = re.compile(r"windows nt|macintosh|mac os x|x11|linux|cros", re.IGNORECASE)


def coarse_agent(user_agent: str) -> str:
    """Phone, tablet, computer or other: all that is kept of the user agent."""
    value = (user_agent or "")[:512]
    if _TABLET.search(value):
        return ShareLinkView.Agent.TABLET
    if _PHONE.search(value):
        return ShareLinkView.Agent.PHONE
    if _COMPUTER.search(value):
        return ShareLinkView.Agent.COMPUTER
    return ShareLinkView.Agent.OTHER


def share_link_view_record(*, link: ShareLink, user_agent: str, what: str) -> ShareLinkView:
    """One view of the link (and, in the person's access log, a read by the employer)."""
    from atout.privacy.models import AccessLogEntry
    from atout.privacy.services import EMPLOYER_READER, reader_entry

    view = ShareLinkView.objects.create(link=link, agent=coarse_agent(user_agent), what=what)
    document_format = "" if what == ShareLinkView.What.PAGE else "pdf"
    reader_entry(
        participant_id=link.participant_id,
        reader_role=EMPLOYER_READER,
        action=AccessLogEntry.Action.SHARED_LINK_READ,
        document_format=document_format,
    )
    return view


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = make_password("atout-no-code")
    return _DUMMY_HASH


def code_check(*, link: ShareLink | None, code: str, address: str | None) -> bool:
    """Whether the code opens the link; wrong codes are counted and throttled.

    The link's row is locked while counting (not while hashing), so parallel guesses cannot
    each see room for one more. Rows older than the window are purged here (they are the
    only place the visitor's hashed address lives). Without a link, the same hashing work
    is done and the answer is False.
    """
    code = (code or "")[: CODE_MAX_LENGTH * 4]
    if link is None or not link.code_hash:
        check_password(code, _dummy_hash())
        return False
    now = timezone.now()
    # The slow hash is checked before the lock: the lock only covers counting and writing.
    right = check_password(code, link.code_hash)
    hashed = tokens.address_hash(address)
    with transaction.atomic():
        ShareLink.objects.select_for_update().filter(pk=link.pk).first()
        CodeAttempt.objects.filter(at__lt=now - CODE_WINDOW).delete()
        recent = CodeAttempt.objects.filter(link=link, at__gte=now - CODE_WINDOW).count()
        from_address = CodeAttempt.objects.filter(address_hash=hashed, at__gte=now - CODE_WINDOW)
        if recent >= CODE_ATTEMPTS or from_address.count() >= ADDRESS_ATTEMPTS:
            if right:
                logger.info("share link code refused: throttled", extra={"link": link.pk})
            return False
        if right:
            return True
        CodeAttempt.objects.create(link=link, at=now, address_hash=hashed)
        return False


def code_attempts_purge(*, now: Any = None) -> int:
    """Delete wrong-code rows past the window (also done on each attempt)."""
    now = now or timezone.now()
    deleted, _rows = CodeAttempt.objects.filter(at__lt=now - CODE_WINDOW).delete()
    return deleted
