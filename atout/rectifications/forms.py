"""Forms: the person's request (a select and two text areas, no JavaScript needed) and the
counsellor's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.validators import no_control_characters
from atout.rectifications import fields


def field_choices(participant: Any) -> list:
    """The select's options, grouped by record; « other information » last."""
    choices: list = [("", _("Choose…"))]
    for heading, rows in fields.items(participant):
        choices.append((heading, [(row.key, row.field_label) for row in rows]))
    choices.append((fields.OTHER, _("Other information in my file")))
    return choices


class RequestForm(forms.Form):
    field = forms.ChoiceField(label=_("Information to correct"))
    what_is_wrong = forms.CharField(
        label=_("What is wrong"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
        help_text=_("For example: my family name is misspelled, this date is wrong."),
    )
    should_be = forms.CharField(
        label=_("What it should be"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
        help_text=_("The right information, as it should appear. Leave empty to ask to remove it."),
    )

    def __init__(self, *args: Any, participant: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = field_choices(participant)


class DecisionForm(forms.Form):
    """One form, three buttons: apply the new value, corrected by hand, or refuse."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    target_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    value = forms.CharField(
        label=_("New value"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the person asked for; you may adjust it before applying."),
    )
    note = forms.CharField(
        label=_("How it was corrected"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
        help_text=_("The person reads this note."),
    )
    reason = forms.CharField(
        label=_("Reason for the refusal"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
        help_text=_("Required to refuse; the person reads it."),
    )
