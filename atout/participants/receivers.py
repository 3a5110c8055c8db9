"""Invalidation of the caseload's cached filter option lists and counts (see `selectors`).

A list is deleted when what it shows may have changed: a user's name, e-mail or active flag,
a membership (added, removed, role changed), an organisation (a CLE's name or active flag).
Deleted at once and again after the commit, so a request that re-read the old rows in
between cannot keep them cached.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from atout.accounts.models import Membership, Organisation, User
from atout.participants.models import Participant
from atout.participants.selectors import forget_filter_options, forget_listed_counts

# Saving only these fields changes nothing the option lists show (every login saves one).
_IGNORED_USER_FIELDS = frozenset({"last_login", "password"})


def _forget(**kwargs: Any) -> None:
    forget_filter_options(**kwargs)
    transaction.on_commit(lambda: forget_filter_options(**kwargs))


def user_changed(sender: Any, instance: User, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if fields is not None and set(fields) <= _IGNORED_USER_FIELDS:
        return
    ids = list(
        Membership.objects.filter(user_id=instance.pk).values_list("organisation_id", flat=True)
    )
    _forget(organisation_ids=ids)


def membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    _forget(organisation_ids=[instance.organisation_id])


def organisation_changed(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    _forget(organisation_ids=[instance.pk], cles=True)


def participant_changed(sender: Any, instance: Participant, **kwargs: Any) -> None:
    """A saved or deleted file may change its organisation's counts per status (selectors)."""
    organisation_id = instance.organisation_id
    forget_listed_counts(organisation_id)
    transaction.on_commit(lambda: forget_listed_counts(organisation_id))


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            participant_changed,
            sender=Participant,
            dispatch_uid=f"caseload-counts-participant-{id(signal)}",
        )
        signal.connect(
            user_changed, sender=User, dispatch_uid=f"caseload-options-user-{id(signal)}"
        )
        signal.connect(
            membership_changed,
            sender=Membership,
            dispatch_uid=f"caseload-options-mship-{id(signal)}",
        )
        signal.connect(
            organisation_changed,
            sender=Organisation,
            dispatch_uid=f"caseload-options-org-{id(signal)}",
        )
