"""The fields a person may ask to correct: what they see about themselves, in one registry.

Each entry names a model, the records of a file it covers, and the text or date fields the
person reads on their pages. A field of the registry is "simple": the counsellor's decision
can apply the new value through the model's own validation and save (with history). What
the registry does not name is asked for as « other information » and corrected by hand.

A field is referred to by a stable key, `app_label.model:pk:field`, kept on the request with
a display label, so the request still reads after the record changes or disappears.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.apps import apps
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from atout.accounts.validators import (
    format_phone,
    no_control_characters,
    normalise_phone,
    normalise_postal_code,
)

# The key of a request about something the registry does not list.
OTHER = "other"


@dataclass(frozen=True)
class Source:
    """One model of the registry: which records of a file, how each is titled, which fields."""

    model_label: str  # "evidence.Experience"
    fields: tuple[str, ...]
    # The file's records of this model that the person sees (the file itself for identity).
    records: Callable[[Any], Iterable[models.Model]]
    # The heading of a record's fields, e.g. « Expérience : Commis d'épicerie ».
    title: Callable[[models.Model], str]
    # Field name -> function that turns typed text into the stored value (phones, postal code).
    normalise: dict[str, Callable[[str], Any]] = field(default_factory=dict)
    # Field name -> how the stored value reads (a phone as 418 555-0142).
    display: dict[str, Callable[[Any], str]] = field(default_factory=dict)

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)


@dataclass(frozen=True)
class Item:
    """One correctable field of one record, ready for the form and the request."""

    key: str
    source: Source
    record: models.Model
    name: str
    label: str  # « Expérience : Commis — Titre »
    field_label: str  # « Titre »
    value: str  # the current value as the person reads it


_SOURCES: list[Source] = []


def register(source: Source) -> None:
    """Add a model's correctable fields (another app may add its own)."""
    _SOURCES[:] = [s for s in _SOURCES if s.model_label != source.model_label] + [source]


def sources() -> list[Source]:
    return list(_SOURCES)


def display_value(source: Source, record: models.Model, name: str) -> str:
    """The stored value as text, as the person reads it on their pages."""
    value = getattr(record, name)
    if name in source.display:
        return source.display[name](value)
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(value)


def field_label(source: Source, name: str) -> str:
    return str(capfirst(source.model._meta.get_field(name).verbose_name))


def key_for(record: models.Model, name: str) -> str:
    return f"{record._meta.label_lower}:{record.pk}:{name}"


def items(participant: Any) -> list[tuple[str, list[Item]]]:
    """(heading, fields) for every record of the file the person may ask to correct."""
    groups = []
    for source in _SOURCES:
        for record in source.records(participant):
            title = source.title(record)
            rows = [
                Item(
                    key=key_for(record, name),
                    source=source,
                    record=record,
                    name=name,
                    label=f"{title} — {field_label(source, name)}",
                    field_label=field_label(source, name),
                    value=display_value(source, record, name),
                )
                for name in source.fields
            ]
            groups.append((title, rows))
    return groups


def resolve(participant: Any, key: str) -> Item | None:
    """The item a key names in this file, or None (a key from someone else's file, a field
    outside the registry, a record that no longer exists)."""
    parts = key.split(":")
    if len(parts) != 3 or not parts[1].isascii() or not parts[1].isdigit():
        return None
    label, pk, name = parts[0], int(parts[1]), parts[2]
    for source in _SOURCES:
        if source.model._meta.label_lower != label or name not in source.fields:
            continue
        for record in source.records(participant):
            if record.pk == pk:
                return Item(
                    key=key,
                    source=source,
                    record=record,
                    name=name,
                    label=f"{source.title(record)} — {field_label(source, name)}",
                    field_label=field_label(source, name),
                    value=display_value(source, record, name),
                )
    return None


def form_field(item: Item) -> forms.Field:
    """The form field that checks a new value for this field (the model's own, not required
    so a value may be emptied where the model allows it)."""
    model_field = item.source.model._meta.get_field(item.name)
    if item.name in item.source.normalise:
        return forms.CharField(
            label=item.field_label, required=not model_field.blank, max_length=100
        )
    formfield = model_field.formfield()
    formfield.label = item.field_label
    if isinstance(formfield, forms.CharField) and model_field.max_length:
        formfield.max_length = model_field.max_length
    return formfield


def clean_value(item: Item, text: str) -> Any:
    """The stored value for the typed text, or ValidationError with the field's message."""
    no_control_characters(text)
    if item.name in item.source.normalise:
        return item.source.normalise[item.name](text)
    formfield = form_field(item)
    return formfield.clean(text)


def value_as_text(item: Item, value: Any) -> str:
    """A cleaned value as the decision records it (a date in ISO form for the form)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def editable_text(item: Item) -> str:
    """The current value as the counsellor's input starts from (a date in ISO form)."""
    return value_as_text(item, getattr(item.record, item.name))


# The registry: identity and contact of the file, and the person's evidence base.


def _the_file(participant: Any) -> list[Any]:
    return [participant]


def _not_proposed(model_label: str) -> Callable[[Any], Iterable[models.Model]]:
    """Records of the evidence base, except what the person proposed and may still edit."""

    def records(participant: Any) -> Iterable[models.Model]:
        from atout.evidence.models import Review

        model = apps.get_model(model_label)
        return model.objects.filter(participant=participant).exclude(review=Review.PROPOSED)

    return records


register(
    Source(
        model_label="participants.Participant",
        fields=(
            "given_names",
            "family_name",
            "preferred_name",
            "pronouns",
            "birth_date",
            "street_address",
            "city",
            "province",
            "postal_code",
            "home_phone",
            "mobile_phone",
            "email",
            "objective",
        ),
        records=_the_file,
        title=lambda record: str(_("Identity and contact details")),
        normalise={
            "home_phone": normalise_phone,
            "mobile_phone": normalise_phone,
            "postal_code": normalise_postal_code,
        },
        display={"home_phone": format_phone, "mobile_phone": format_phone},
    )
)
register(
    Source(
        model_label="evidence.Experience",
        fields=(
            "title",
            "title_en",
            "place",
            "role",
            "role_en",
            "started_on",
            "ended_on",
            "description",
            "description_en",
        ),
        records=_not_proposed("evidence.Experience"),
        title=lambda record: str(_("Experience: %(title)s") % {"title": record.title}),
    )
)
register(
    Source(
        model_label="evidence.Achievement",
        fields=("situation_fr", "situation_en", "action_fr", "action_en", "result_fr", "result_en"),
        records=_not_proposed("evidence.Achievement"),
        title=lambda record: str(
            _("Achievement: %(start)s") % {"start": _shorten(record.situation or record.action)}
        ),
    )
)
register(
    Source(
        model_label="evidence.Education",
        fields=(
            "program_fr",
            "program_en",
            "school",
            "place",
            "year",
            "recognition_fr",
            "recognition_en",
        ),
        records=_not_proposed("evidence.Education"),
        title=lambda record: str(_("Education: %(program)s") % {"program": str(record)}),
    )
)
register(
    Source(
        model_label="evidence.Certificate",
        fields=("name_fr", "name_en", "issuer", "obtained_on", "expires_on"),
        records=_not_proposed("evidence.Certificate"),
        title=lambda record: str(_("Certificate: %(name)s") % {"name": str(record)}),
    )
)


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
