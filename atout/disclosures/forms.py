from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.disclosures.models import Method, Purpose
from atout.participants.models import SharedPart


class DisclosureForm(CleanTextMixin, forms.Form):
    """A consent given on a signed form or in person, recorded by staff."""

    recipient = forms.ModelChoiceField(
        label=_("Recipient organisation"), queryset=None, empty_label=None
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=Purpose.choices, initial=Purpose.RECOGNITION
    )
    purpose_text = forms.CharField(
        label=_("Purpose, in plain words"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for another purpose. The person reads it on their page."),
    )
    parts = forms.MultipleChoiceField(
        label=_("Parts of the file communicated"),
        choices=SharedPart.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(SharedPart.values),
        error_messages={"required": _("Choose at least one part of the file to communicate.")},
    )
    method = forms.ChoiceField(
        label=_("How the person gave their consent"),
        choices=[
            (Method.SIGNED_FORM, Method.SIGNED_FORM.label),
            (Method.IN_PERSON, Method.IN_PERSON.label),
        ],
        widget=forms.RadioSelect,
        initial=Method.SIGNED_FORM,
    )
    given_on = forms.DateField(
        label=_("Date of the consent"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date such as 2026-11-25.")},
    )

    def __init__(self, *args, recipients=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients
        self.fields["given_on"].initial = timezone.localdate()

    def clean_given_on(self) -> datetime.date:
        value = self.cleaned_data["given_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of the consent cannot be in the future."))
        if value.year < 2000:
            raise forms.ValidationError(_("Enter a date such as 2026-11-25."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("purpose") == Purpose.OTHER and not data.get("purpose_text"):
            self.add_error("purpose_text", _("Describe the purpose of the communication."))
        return data

    def given_at(self) -> datetime.datetime:
        """The consent's date as a moment: now if today, else noon that day (local time)."""
        day = self.cleaned_data["given_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
