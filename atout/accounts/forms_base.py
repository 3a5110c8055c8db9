"""Base form behaviour shared by every Atout form."""

from collections.abc import Callable
from typing import Any

from django import forms

from atout.accounts.validators import no_control_characters


class CleanTextMixin:
    """Add the control-character check to every text field of the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and no_control_characters not in field.validators:
                field.validators.append(no_control_characters)


def save_or_conflict(form: forms.Form, save: Callable[[], Any]) -> tuple[Any, Any]:
    """Run a service that saves a validated form; returns (saved, conflict).

    On a conflict (someone saved since the form's version) the typed values stay in the form,
    its version moves to the saved one so a second save keeps the person's text, and the
    saved object is returned for the side-by-side view. A domain error goes on the form.
    """
    from django.core.exceptions import ValidationError

    from atout.participants.services import ConflictError

    try:
        return save(), None
    except ConflictError as error:
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
