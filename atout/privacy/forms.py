from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.accounts.models import Organisation
from atout.privacy.services import OFFICER_FIELDS


class PrivacyOfficerForm(CleanTextMixin, forms.ModelForm):
    """Who is in charge, as the privacy notice publishes it: name, title and a way to write."""

    class Meta:
        model = Organisation
        fields = list(OFFICER_FIELDS)
        labels = {
            "privacy_officer_name": _("Name"),
            "privacy_officer_title": _("Title"),
            "privacy_officer_email": _("E-mail"),
            "privacy_officer_phone": _("Phone"),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("privacy_officer_name", "privacy_officer_title", "privacy_officer_email"):
            self.fields[name].required = True
        self.fields["privacy_officer_title"].help_text = _(
            "For example « Directrice générale ». By default the person in charge is the "
            "organisation's highest authority; the role can be delegated in writing."
        )
        self.fields["privacy_officer_email"].help_text = _(
            "Published on the privacy notice: a role address (such as "
            "confidentialite@…) outlives a change of person."
        )
        self.fields["privacy_officer_phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["privacy_officer_email"].widget.attrs["autocomplete"] = "email"

    def field_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in OFFICER_FIELDS}


class AppointForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Member of the organisation"), coerce=int)

    def __init__(self, *args: Any, members: list, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.members = {user.pk: user for user in members}
        self.fields["member"].choices = [("", _("Choose a person"))] + [
            (user.pk, f"{user.full_name} ({user.email})" if user.full_name else user.email)
            for user in members
        ]
        self.fields["member"].error_messages["invalid_choice"] = _(
            "Choose a member of the organisation from the list."
        )
        self.fields["member"].error_messages["required"] = _("Choose a person.")

    @property
    def user(self) -> Any:
        return self.members[self.cleaned_data["member"]]
