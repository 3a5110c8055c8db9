from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin


class HoldPlaceForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the file must be kept"),
        help_text=_("A dispute, an access request in progress, an inquiry… Kept in the history."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the file must be kept.")},
    )


class HoldLiftForm(CleanTextMixin, forms.Form):
    lift_reason = forms.CharField(
        label=_("Why the hold ends"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the hold ends.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MonthFilterForm(CleanTextMixin, forms.Form):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "placeholder": "2026-11",
                "aria-describedby": "month-hint",
            }
        ),
        help_text=_("For example 2026-11."),
    )

    def clean_month(self) -> str:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return ""
        parts = value.split("-")
        if (
            len(parts) != 2
            or not all(p.isascii() and p.isdigit() for p in parts)
            or len(parts[0]) != 4
            or not 1 <= int(parts[1]) <= 12
        ):
            raise forms.ValidationError(_("Write the month as year-month, for example 2026-11."))
        return f"{int(parts[0]):04d}-{int(parts[1]):02d}"
