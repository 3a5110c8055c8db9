"""Writes: the person asks for a correction; the counsellor corrects or refuses, once.

Each write runs in one transaction. An accepted correction of a registry field is saved
through the owning model (its validation, its version, its history with the counsellor as
author); anything else is « corrected by hand » with a note the person reads.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from atout.accounts import permissions as perms
from atout.accounts.models import User
from atout.common.errors import ConflictError
from atout.participants.models import Participant
from atout.rectifications import fields
from atout.rectifications.models import RectificationRequest, due_date

__all__ = [
    "AlreadyDecided",
    "ConflictError",
    "rectification_accept",
    "rectification_refuse",
    "rectification_request",
]


class AlreadyDecided(Exception):
    """Someone answered the request already: it is decided once."""

    def __init__(self, current: RectificationRequest):
        super().__init__("already decided")
        self.current = current


@transaction.atomic
def rectification_request(
    *, participant: Participant, actor: User, key: str, what_is_wrong: str, should_be: str
) -> RectificationRequest:
    """Record the person's request about one field (its key) or other information (OTHER).

    A field of someone else's file, or outside the registry, is refused like a typo; a second
    request about a field still awaiting an answer is refused too.
    """
    perms.require(actor, perms.RECTIFICATION_REQUEST, participant)
    now = timezone.now()
    request = RectificationRequest(
        participant=participant,
        requested_by=actor,
        requested_at=now,
        due_on=due_date(now),
        what_is_wrong=(what_is_wrong or "").strip(),
        should_be=(should_be or "").strip(),
    )
    if key == fields.OTHER:
        request.field_label = str(_("Other information in my file"))
    else:
        item = fields.resolve(participant, key)
        if item is None:
            raise ValidationError({"field": _("Choose the information to correct in the list.")})
        request.model_label = item.record._meta.label_lower
        request.object_id = item.record.pk
        request.field_name = item.name
        request.field_label = item.label[:400]
        request.value_shown = item.value
        pending = RectificationRequest.objects.filter(
            participant=participant,
            status=RectificationRequest.Status.PENDING,
            model_label=request.model_label,
            object_id=request.object_id,
            field_name=request.field_name,
        )
        if pending.exists():
            raise ValidationError(
                {
                    "field": _(
                        "You already asked for a correction of this information. "
                        "Your counsellor will answer it."
                    )
                }
            )
    request.full_clean()
    request._history_user = actor
    request.save()
    return request


def target_of(request: RectificationRequest) -> fields.Item | None:
    """The registry field a request is about, as it is now; None for other information or a
    record that no longer exists."""
    if request.is_other:
        return None
    return fields.resolve(request.participant, request.field_key)


def _lock_pending(request: RectificationRequest, expected_version: int) -> RectificationRequest:
    current = (
        RectificationRequest.objects.select_for_update()
        .select_related("participant")
        .get(pk=request.pk)
    )
    if not current.is_pending:
        raise AlreadyDecided(current)
    if current.version != expected_version:
        raise ConflictError(current)
    return current


@transaction.atomic
def rectification_accept(
    *,
    request: RectificationRequest,
    actor: User,
    expected_version: int,
    value: str | None = None,
    target_version: int | None = None,
    note: str = "",
) -> RectificationRequest:
    """Accept the request. With `value` (the counsellor may have edited what the person
    wrote), the field is changed through its model; without it, the counsellor corrected it by
    hand and `note` says how (required).

    `target_version` is the record's version the page showed: if the record changed since,
    the counsellor reads it again (ConflictError on the record).
    """
    perms.require(actor, perms.RECTIFICATION_DECIDE, request.participant)
    current = _lock_pending(request, expected_version)
    note = (note or "").strip()
    if value is None:
        if not note:
            raise ValidationError({"note": _("Say how the information was corrected.")})
        current.applied = False
    else:
        item = target_of(current)
        if item is None:
            raise ValidationError(
                _("This information can no longer be changed here: correct it by hand.")
            )
        _apply(item, value, actor=actor, request=current, target_version=target_version)
        current.applied = True
    current.status = RectificationRequest.Status.ACCEPTED
    current.reason = note
    return _decided(current, actor)


@transaction.atomic
def rectification_refuse(
    *, request: RectificationRequest, actor: User, expected_version: int, reason: str
) -> RectificationRequest:
    """Refuse the request; the law asks for the reason, which the person reads."""
    perms.require(actor, perms.RECTIFICATION_DECIDE, request.participant)
    current = _lock_pending(request, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    current.status = RectificationRequest.Status.REFUSED
    current.reason = reason
    current.applied = False
    return _decided(current, actor)


def _apply(
    item: fields.Item,
    text: str,
    *,
    actor: User,
    request: RectificationRequest,
    target_version: int | None,
) -> None:
    """Save the new value through the owning model: its validation, version and history."""
    model = type(item.record)
    record = model.objects.select_for_update().get(pk=item.record.pk)
    has_version = hasattr(record, "version")
    if has_version and target_version is not None and record.version != target_version:
        raise ConflictError(record)
    try:
        value = fields.clean_value(item, text)
    except ValidationError as error:
        raise ValidationError({"value": error.messages}) from error
    setattr(record, item.name, value)
    # The changed field and the model's own rules; other fields are as they were saved.
    exclude = [f.name for f in model._meta.fields if f.name != item.name]
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as error:
        messages = [m for ms in error.message_dict.values() for m in ms]
        raise ValidationError({"value": messages}) from error
    update_fields = [item.name]
    if has_version:
        record.version += 1
        update_fields.append("version")
    if any(f.name == "updated_at" for f in model._meta.fields):
        update_fields.append("updated_at")
    record._history_user = actor
    record._change_reason = f"correction request {request.pk}"
    record.save(update_fields=update_fields)
    request.applied_value = fields.display_value(item.source, record, item.name)


def _decided(current: RectificationRequest, actor: User) -> RectificationRequest:
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.version += 1
    current.full_clean()
    current._history_user = actor
    current.save()
    user = current.participant.user
    transaction.on_commit(lambda: notify_person(user))
    return current


def notify_person(user: Any) -> bool:
    """Tell the person their request has an answer: their first name and a link, nothing
    about what was asked (an e-mail may be read by others)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    if user is None or not user.email or not user.is_active:
        return False
    link = settings.SITE_URL.rstrip("/") + reverse("rectifications:mine")
    language = "en" if getattr(user, "preferred_language", "") == "en" else "fr-ca"
    first_name = (getattr(user, "full_name", "") or "").split(" ")[0]
    with translation.override(language):
        send_mail(
            subject=_("Your correction request has an answer"),
            message=render_to_string(
                "rectifications/email/decided.txt", {"first_name": first_name, "link": link}
            ),
            from_email=None,
            recipient_list=[user.email],
        )
    return True
