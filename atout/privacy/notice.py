"""What the privacy notice shows about who is in charge: read without the file scoping.

The notice is public: it names organisations and their person in charge, never a file. For
someone logged in it shows their own organisations, or the ones holding their file; it reads
`Organisation` rows directly so that opening the notice is not a read of the file.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q

from atout.accounts.models import Organisation, Role
from atout.accounts.scoping import user_memberships


def hosting_region() -> str:
    """Where Atout stores the data (setting ATOUT_HOSTING_REGION): the notice and the
    consent-to-communicate pages say it."""
    return settings.ATOUT_HOSTING_REGION


def organisations_for_notice(user: Any) -> tuple[list[Organisation], bool]:
    """(organisations to show, whether they are the reader's own)."""
    active = Organisation.objects.filter(is_active=True)
    if getattr(user, "is_authenticated", False):
        own_ids = [org_id for org_id, _role in user_memberships(user)]
        mine = active.filter(
            Q(pk__in=own_ids) | Q(participants__user=user) | Q(referred_participants__user=user)
        ).distinct()
        found = list(mine.order_by("name"))
        if found:
            return found, True
    return list(active.order_by("name")), False


def officers_of(organisation: Organisation) -> list[Any]:
    """The members who hold the role (they keep the incident register); names only."""
    return [
        m.user
        for m in organisation.memberships.filter(role=Role.PRIVACY_OFFICER, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    ]
