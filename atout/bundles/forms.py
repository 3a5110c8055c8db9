from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.bundles.models import Bundle
from atout.bundles.selectors import Availability

LANG_CHOICES = [("fr", _("French")), ("en", _("English"))]


class BundleForm(forms.Form):
    """What goes in the bundle; only what the file has approved is offered."""

    colour = forms.BooleanField(label=_("Passeport-emploi, colour original"), required=False)
    copies = forms.IntegerField(
        label=_("Plain copies of the passport for employers"),
        min_value=0,
        max_value=20,
        initial=5,
        help_text=_("0 to 20."),
        error_messages={
            "invalid": _("Enter a whole number from 0 to 20."),
            "min_value": _("Enter a whole number from 0 to 20."),
            "max_value": _("Enter a whole number from 0 to 20."),
        },
    )
    cards = forms.BooleanField(label=_("Sheet of business cards"), required=False)
    layout = forms.ChoiceField(label=_("Card stock"), required=False)
    letters = forms.MultipleChoiceField(
        label=_("Approved cover letters"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cv = forms.BooleanField(label=_("CV (approved)"), required=False)
    portfolio = forms.BooleanField(label=_("Portfolio (approved)"), required=False)
    wage_subsidy = forms.BooleanField(label=_("CLE eligibility letter"), required=False)
    lang = forms.ChoiceField(label=_("Language"), choices=LANG_CHOICES, initial="fr")
    fmt = forms.ChoiceField(
        label=_("Format"),
        choices=Bundle.Format.choices,
        initial=Bundle.Format.PDF,
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        data: Any = None,
        *,
        available: Availability,
        layouts: list[tuple[str, str]],
        **kwargs: Any,
    ):
        super().__init__(data, **kwargs)
        self.available = available
        self.fields["layout"].choices = layouts
        self.fields["letters"].choices = [
            (str(letter.pk), f"{letter.employer_name} ({letter.get_language_display()})")
            for letter in available.letters
        ]
        has_passport = available.version is not None
        self.initial.setdefault("colour", has_passport)
        self.initial.setdefault("cards", has_passport)
        self.initial.setdefault("cv", available.cv)
        self.initial.setdefault("portfolio", available.portfolio)
        self.initial.setdefault("wage_subsidy", bool(available.cle_letters))
        if not has_passport:
            self.initial["copies"] = 0
        if available.passport_languages == ["en"]:
            self.initial.setdefault("lang", "en")
        # What the file does not have is not offered (a posted value is ignored).
        for name, present in (
            ("colour", has_passport),
            ("cards", has_passport),
            ("layout", has_passport),
            ("cv", available.cv),
            ("portfolio", available.portfolio),
            ("wage_subsidy", bool(available.cle_letters)),
        ):
            if not present:
                del self.fields[name]
        if not has_passport:
            self.fields["copies"].disabled = True
        if not available.letters:
            del self.fields["letters"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        keys = ("colour", "copies", "cards", "letters", "cv", "portfolio", "wage_subsidy")
        chosen = [data.get(k) for k in keys]
        if not self.errors and not any(chosen):
            raise forms.ValidationError(_("Choose at least one document for the bundle."))
        return data

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "colour": data.get("colour", False),
            "copies": data.get("copies") or 0,
            "cards": data.get("cards", False),
            "layout": data.get("layout", ""),
            "letters": [int(pk) for pk in data.get("letters", [])],
            "cv": data.get("cv", False),
            "portfolio": data.get("portfolio", False),
            "wage_subsidy": data.get("wage_subsidy", False),
        }
