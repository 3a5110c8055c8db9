from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.cards.models import MAX_COLUMNS, MAX_OFFSET_MM, MAX_ROWS, CardStockLayout, PrintSettings

VARIANT_CHOICES = [("colour", _("Colour")), ("copy", _("Plain (black only)"))]
LANG_CHOICES = [("fr", _("French")), ("en", _("English"))]


class CardStockLayoutForm(CleanTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CardStockLayout
        fields = [
            "name",
            "unit",
            "card_width",
            "card_height",
            "columns",
            "rows",
            "margin_top",
            "margin_left",
            "gap_x",
            "gap_y",
        ]
        widgets = {"unit": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version
        for name in ("card_width", "card_height", "margin_top", "margin_left", "gap_x", "gap_y"):
            field = self.fields[name]
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 8})
            field.widget.is_localized = True
            field.error_messages["invalid"] = _("Enter a number, e.g. 3.5 or 0,75.")
            field.error_messages["max_digits"] = _("Enter a number below 10 000.")
            field.error_messages["max_decimal_places"] = _("Three decimals at most.")
            field.error_messages["max_whole_digits"] = _("Enter a number below 10 000.")
        for name in ("columns", "rows"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "numeric", "size": 4})
        self.fields["columns"].help_text = _("Across the sheet, 1 to %(n)d.") % {"n": MAX_COLUMNS}
        self.fields["rows"].help_text = _("Down the sheet, 1 to %(n)d.") % {"n": MAX_ROWS}
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    def clean_name(self) -> str:
        return " ".join((self.cleaned_data.get("name") or "").split())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        organisation = self.instance.organisation if self.instance.organisation_id else None
        name = data.get("name")
        if organisation and name:
            taken = CardStockLayout.objects.filter(organisation=organisation, name__iexact=name)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("name", _("Your organisation already has a layout with this name."))
        return data

    def field_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PrinterOffsetForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PrintSettings
        fields = ["offset_x_mm", "offset_y_mm"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "version" not in self.initial:
            self.initial["version"] = self.instance.version
        for name in self.Meta.fields:
            field = self.fields[name]
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 6})
            field.widget.is_localized = True
            field.error_messages["invalid"] = _("Enter a number of millimetres, e.g. 1.5 or -2.")
            field.error_messages["max_digits"] = _("Between -%(max)s and %(max)s mm.") % {
                "max": MAX_OFFSET_MM
            }
            field.error_messages["max_whole_digits"] = field.error_messages["max_digits"]
            field.error_messages["max_decimal_places"] = _("One decimal at most (0.1 mm).")
            field.error_messages["min_value"] = field.error_messages["max_digits"]
            field.error_messages["max_value"] = field.error_messages["max_digits"]

    def field_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CardChoiceForm(forms.Form):
    """What to print: read from the query string of the PDF link or the print form's POST."""

    variant = forms.ChoiceField(label=_("Variant"), choices=VARIANT_CHOICES, initial="colour")
    lang = forms.ChoiceField(label=_("Language"), choices=LANG_CHOICES)
    layout = forms.ChoiceField(label=_("Card stock"))
    # An employer share link printed as a QR code on each card (atout.sharing).
    qr_link = forms.ChoiceField(label=_("QR code to a share link"), required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        layouts: list[tuple[str, str]],
        languages: list[str],
        share_links: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ):
        if data is not None:
            defaults = {
                "variant": "colour",
                "lang": languages[0],
                "layout": layouts[0][0],
                "qr_link": "",
            }
            data = {**defaults, **{k: data.get(k) for k in defaults if data.get(k) is not None}}
        super().__init__(data, **kwargs)
        self.fields["qr_link"].choices = [("", _("No QR code")), *(share_links or [])]
        self.fields["qr_link"].help_text = _(
            "The code opens the chosen employer link. It stops working when the link expires "
            "or is revoked."
        )
        self.fields["layout"].choices = layouts
        self.fields["lang"].choices = [c for c in LANG_CHOICES if c[0] in languages]
        self.fields["lang"].initial = languages[0]
        self.fields["layout"].initial = layouts[0][0]
        for name in ("variant", "lang", "layout", "qr_link"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "“%(value)s” is not one of the choices; pick one from the list."
            )


class AlignmentPageForm(forms.Form):
    layout = forms.ChoiceField(label=_("Card stock"))

    def __init__(self, data: Any = None, *, layouts: list[tuple[str, str]], **kwargs: Any):
        if data is not None:
            data = {"layout": data.get("layout") or layouts[0][0]}
        super().__init__(data, **kwargs)
        self.fields["layout"].choices = layouts
        self.fields["layout"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not one of the choices; pick one from the list."
        )
