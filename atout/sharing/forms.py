from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.validators import no_control_characters
from atout.sharing.models import DEFAULT_DAYS, MAX_DAYS
from atout.sharing.services import CODE_MAX_LENGTH, CODE_MIN_LENGTH


class ShareLinkForm(forms.Form):
    label = forms.CharField(
        label=_("Given to"),
        max_length=120,
        required=False,
        validators=[no_control_characters],
        help_text=_("For the file only, e.g. the employer’s name. The employer never sees it."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=_("From 1 to %(max)d days. You can revoke the link at any time.")
        % {"max": MAX_DAYS},
    )
    code = forms.CharField(
        label=_("Access code (optional)"),
        required=False,
        min_length=CODE_MIN_LENGTH,
        max_length=CODE_MAX_LENGTH,
        strip=True,
        validators=[no_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "If you set one, give it to the employer separately (by phone, for example). "
            "It cannot be shown again."
        ),
    )
    include_cv = forms.BooleanField(label=_("Add the approved CV"), required=False)
    include_portfolio = forms.BooleanField(label=_("Add the approved portfolio"), required=False)


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Access code"),
        max_length=CODE_MAX_LENGTH * 4,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
