from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.incidents.models import Incident
from atout.incidents.services import FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FIELDS = (
    "occurred_from",
    "occurred_to",
    "learned_on",
    "cai_notified_on",
    "persons_notified_on",
    "public_notice_on",
)
TEXT_AREAS = (
    "information_involved",
    "information_unknown_reason",
    "circumstances",
    "risk_sensitivity",
    "risk_malicious_uses",
    "risk_consequences",
    "risk_likelihood",
    "public_notice_reasons",
    "measures",
)
# Long enough for a real account, short enough that a pasted log cannot fill the database.
MAX_TEXT = 10_000


class IncidentForm(CleanTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Incident
        fields = list(FIELDS)
        widgets = {
            **{name: DATE_WIDGET for name in DATE_FIELDS},
            **{name: forms.Textarea(attrs={"rows": 3}) for name in TEXT_AREAS},
            "serious_risk": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "version" not in self.initial:
            self.initial["version"] = self.instance.version
        for name in TEXT_AREAS:
            self.fields[name].max_length = MAX_TEXT
            self.fields[name].validators.append(MaxLengthValidator(MAX_TEXT))
        for name in DATE_FIELDS:
            self.fields[name].error_messages["invalid"] = _("Enter a date such as 2026-11-25.")
        self.fields["persons_concerned"].error_messages["invalid"] = _(
            "Enter a whole number (an estimate is fine: tick « approximate »)."
        )
        self.fields["persons_concerned"].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        self.fields["information_unknown_reason"].help_text = _(
            "Only if the information cannot be described."
        )
        self.fields["occurred_to"].help_text = _("Leave empty for a single date.")

    def field_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in FIELDS}


class OrganisationFilterForm(forms.Form):
    """Platform staff choose whose register to read."""

    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, organisations: list, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        self.fields["organisation"].choices = [("", _("All organisations"))] + [
            (org.pk, org.name) for org in organisations
        ]
