"""The one mechanism that limits reads of personal information to the parties of a file.

A model holding personal data declares, on its queryset class, which foreign keys tie a row
to an organisation and which roles there give sight of it (`scope`), and optionally the field
that names the participant's own login (`owner_field`). Child rows (notes, attachments) reach
those fields through `scope_prefix`. Every selector starts from `visible_to(user)`; views load
one object with `get_visible_or_404()`, so another organisation's object is a 404.

Rows loaded through `visible_to(user)` also note their participant file in `files_read`, when
a request opened it (atout.privacy.middleware): that is how every read of a person's data
reaches the access log without each view calling it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404

if TYPE_CHECKING:
    from atout.accounts.models import User


def user_memberships(user: Any) -> list[tuple[int, str]]:
    """(organisation id, role) pairs for the user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_atout_memberships", None)
    if cached is None:
        cached = list(
            user.memberships.filter(organisation__is_active=True).values_list(
                "organisation_id", "role"
            )
        )
        user._atout_memberships = cached
    return cached


def remember_memberships(user: Any, pairs: Iterable[tuple[int, str]]) -> None:
    """Hand `user_memberships` the pairs a caller already read this request (one query less)."""
    user._atout_memberships = list(pairs)


def memberships_remembered(user: Any) -> bool:
    return getattr(user, "_atout_memberships", None) is not None


def organisation_ids(user: Any, roles: Iterable[str]) -> list[int]:
    roles = set(roles)
    return sorted({org_id for org_id, role in user_memberships(user) if role in roles})


# Ids of the participant files whose rows the current request loaded through `visible_to`;
# None outside a request that keeps an access log (services, commands, tests without a client).
files_read: ContextVar[set[int] | None] = ContextVar("atout_files_read", default=None)


def file_id_attribute(model: type[models.Model]) -> str | None:
    """The attribute holding a row's participant file id: the file's own pk, or its FK."""
    if model._meta.label == "participants.Participant":
        return "pk"
    try:
        field = model._meta.get_field("participant")
    except FieldDoesNotExist:
        return None
    return field.attname if field.is_relation else None


class ScopedQuerySet(models.QuerySet):
    # field name -> roles that see rows tied to their organisation through that field
    scope: dict[str, frozenset[str]] = {}
    # field naming the participant's own login, if the row is theirs to see
    owner_field: str | None = None
    # further owner paths: a recognition dossier is also seen from the person's linked file
    extra_owner_fields: tuple[str, ...] = ()
    # scope field -> the most its roles may do through it (a file shared with consent is
    # read-only to the organisation it is shared with, and only in the consented parts): a
    # set, or a function of the scope's root object; fields not named grant the whole role
    scope_limits: dict[str, frozenset[str] | Callable[[Any], frozenset[str]]] = {}
    # lookup prefix from this model to the model that carries `scope` (e.g. "participant__")
    scope_prefix: str = ""
    # scope fields through which a subclass's visible_to adds rules of its own (a request an
    # organisation declined stays hidden from it): visible_through never skips them
    narrowed_through: frozenset[str] = frozenset()

    def visible_to(self, user: User | Any) -> ScopedQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        condition = Q(pk__in=[])
        for field, roles in self.scope.items():
            ids = organisation_ids(user, roles)
            if ids:
                condition |= Q(**{f"{self.scope_prefix}{field}__in": ids})
        for owner_field in self.owner_fields():
            condition |= Q(**{f"{self.scope_prefix}{owner_field}": user.pk})
        scoped = self.filter(condition)
        scoped._atout_read = True
        return scoped

    def visible_through(self, user: User | Any, field: str, organisation: Any) -> ScopedQuerySet:
        """`visible_to(user)` narrowed to the rows tied to one organisation through `field`.

        When the user's role there already shows every such row (a scope field with no
        limit), the condition is only `field = organisation`: the other paths of
        `visible_to` (`OR user_id = …`) add nothing but keep PostgreSQL off the
        organisation's index and make it read each row to check them. Same rows either way.
        """
        organisation_id = getattr(organisation, "pk", organisation)
        lookup = {f"{self.scope_prefix}{field}": organisation_id}
        roles = self.scope.get(field)
        if (
            getattr(user, "is_authenticated", False)
            and user.is_active
            and roles is not None
            and field not in self.scope_limits
            and field not in self.narrowed_through
            and organisation_id in organisation_ids(user, roles)
        ):
            scoped = self.filter(**lookup)
            scoped._atout_read = True
            return scoped
        return self.visible_to(user).filter(**lookup)

    @classmethod
    def owner_fields(cls) -> tuple[str, ...]:
        return ((cls.owner_field,) if cls.owner_field else ()) + tuple(cls.extra_owner_fields)

    def _clone(self):
        clone = super()._clone()
        clone._atout_read = getattr(self, "_atout_read", False)
        return clone

    def note_files_read(self, rows: Iterable[Any]) -> None:
        """Note the files these rows belong to, if a request keeps an access log.

        Rows of this queryset's own evaluation are noted by it; a selector that reads rows
        of a scoped queryset another way (a raw query built from it) calls this itself.
        """
        noted = files_read.get()
        if noted is None or not getattr(self, "_atout_read", False):
            return
        attribute = file_id_attribute(self.model)
        if attribute is None:
            return
        for row in rows:
            if isinstance(row, models.Model):  # values() rows name no file
                file_id = getattr(row, attribute, None)
                if file_id is not None:
                    noted.add(file_id)

    def _fetch_all(self) -> None:
        loaded = self._result_cache is not None
        super()._fetch_all()
        if not loaded:
            self.note_files_read(self._result_cache)

    def iterator(self, chunk_size: int | None = None):
        for row in super().iterator(chunk_size):
            self.note_files_read([row])
            yield row

    def get_visible_or_404(self, user: User | Any, **lookup: Any) -> models.Model:
        try:
            return self.visible_to(user).get(**lookup)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404() from None
