"""View helpers shared by every app: conflicts, POST-named objects, invalid forms."""

import logging
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from atout.common.errors import ConflictError

logger = logging.getLogger(__name__)

# Django answers 200 to a re-shown invalid form; 422 tells htmx, tests and assistive tooling
# that nothing was saved.
INVALID = 422
CONFLICT = 409


def form_status(form: forms.Form, conflict: Any = None) -> int:
    """409 for a conflict, 422 for a form re-shown with errors (nothing saved), else 200."""
    if conflict is not None:
        return CONFLICT
    return INVALID if form.is_bound and form.errors else 200


def object_from_post(request: HttpRequest, queryset: QuerySet, field: str) -> Model:
    """The object of an already scoped queryset named by a POST field, or 404.

    Ids come from hidden fields and buttons anyone can edit: a missing, non-numeric or
    foreign id is the same 404, never a 500.
    """
    raw = request.POST.get(field, "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise Http404
    try:
        return queryset.get(pk=int(raw))
    except queryset.model.DoesNotExist as missing:
        raise Http404 from missing


def ids_from_post(request: HttpRequest, field: str) -> list[int]:
    """Every well-formed id in a repeated POST field (an ordering); malformed ones dropped."""
    return [
        int(raw)
        for raw in request.POST.getlist(field)
        if raw.isascii() and raw.isdigit() and len(raw) <= 18
    ]


def save_or_conflict(form: forms.Form, save: Callable[[], Any]) -> tuple[Any, Any]:
    """Run a service that saves a validated form; returns (saved, conflict).

    On a conflict (someone saved since the form's version) the typed values stay in the form,
    its version moves to the saved one so a second save keeps the person's text, and the
    saved object is returned for the side-by-side view. A domain error goes on the form.
    """
    try:
        return save(), None
    except ConflictError as error:
        current = error.current
        logger.info(
            "edit conflict",
            extra={"event": "conflict", "model": current._meta.label, "pk": current.pk},
        )
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = error.current.version
        return None, error.current
    except ValidationError as error:
        form.add_error(None, error)
        return None, None


def conflict_rows(form: forms.Form, current: Any) -> list[dict[str, str]]:
    """Side-by-side values where the saved version differs from what was typed."""
    rows = []
    for name, field in form.fields.items():
        # Only model fields: extra form fields (consent boxes) have their own history.
        if name == "version" or name not in form.cleaned_data or not hasattr(current, name):
            continue
        mine = form.cleaned_data[name]
        theirs = getattr(current, name)
        if hasattr(theirs, "all"):  # a many-to-many manager
            theirs_list, mine_list = list(theirs.all()), list(mine)
            if {o.pk for o in theirs_list} != {o.pk for o in mine_list}:
                rows.append(
                    {
                        "label": field.label,
                        "mine": _display_many(mine_list),
                        "theirs": _display_many(theirs_list),
                    }
                )
        elif mine != theirs:
            rows.append(
                {
                    "label": field.label,
                    "mine": _display(mine, field),
                    "theirs": _display(theirs, field),
                }
            )
    return rows


def _display(value: Any, field: Any) -> str:
    if value in (None, ""):
        return "—"
    choices = dict(getattr(field, "choices", []) or []) if not hasattr(value, "pk") else {}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(choices.get(value, value))


def _display_many(objects: list[Any]) -> str:
    return "; ".join(str(o) for o in objects) or "—"


def document_withdrawn(request: HttpRequest, *, details: list[str]) -> HttpResponse:
    """A frozen document whose consent was withdrawn: 410, with why, never the bytes."""
    return render(request, "document_withdrawn.html", {"details": details}, status=410)


def state_change(
    request: HttpRequest, run: Callable[[], Any], *, done: str, to: str
) -> HttpResponse:
    """Run a document's state change (submit, approve, mark printed) from a POST.

    A refusal (`ValidationError`: wrong state, nothing to approve) becomes an error message
    on the page the person came from; success says `done`. Either way, redirect to `to`.
    """
    try:
        run()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(to)
