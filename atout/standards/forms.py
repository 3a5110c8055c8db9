from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.standards import services
from atout.standards.models import Competency, Criterion, Element, Standard

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StandardForm(CleanTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Standard
        fields = services.STANDARD_FIELDS
        widgets = {
            "approved_on": DATE,
            "levels": forms.Textarea(attrs={"rows": 3}),
            "levels_en": forms.Textarea(attrs={"rows": 3}),
            "recognition_conditions": forms.Textarea(attrs={"rows": 5}),
            "recognition_conditions_en": forms.Textarea(attrs={"rows": 5}),
            "fees": forms.Textarea(attrs={"rows": 2}),
            "fees_en": forms.Textarea(attrs={"rows": 2}),
            "procedure_sheet_fr": forms.Textarea(attrs={"rows": 10}),
            "procedure_sheet_en": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "noc_code": _("Five digits, from the National Occupational Classification 2021."),
            "is_complete": _(
                "Tick only when every competency, element and criterion is transcribed as "
                "approved. Until then the catalogue says the content is partial."
            ),
            "procedure_sheet_fr": _("Plain text; a blank line starts a new paragraph."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version

    def clean_noc_code(self) -> str:
        code = self.cleaned_data.get("noc_code", "").strip()
        if code and not (code.isascii() and code.isdigit() and len(code) == 5):
            raise forms.ValidationError(_("A NOC 2021 code has five digits, like 63200."))
        return code

    def field_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.STANDARD_FIELDS}


class _NumberedForm(CleanTextMixin, forms.ModelForm):
    def field_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def _post_clean(self):
        # The service checks uniqueness and validates the model with its parent set.
        pass


class CompetencyForm(_NumberedForm):
    class Meta:
        model = Competency
        fields = services.COMPETENCY_FIELDS


class ElementForm(_NumberedForm):
    class Meta:
        model = Element
        fields = services.ELEMENT_FIELDS


class CriterionForm(_NumberedForm):
    class Meta:
        model = Criterion
        fields = services.CRITERION_FIELDS
        widgets = {
            "text_fr": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (JSON or CSV, UTF-8)"),
        help_text=_("1 MB at most."),
    )


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Trade or NOC code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
