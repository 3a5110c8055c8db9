from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.certificates.models import Credential
from atout.recognition.models import Dossier
from atout.standards.models import Competency

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationForm(forms.Form):
    applied_on = forms.DateField(label=_("Application made on"), widget=DATE_WIDGET)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CompetencyChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.title_fr}"


class CredentialForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Credential.Kind.choices)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=Credential.LegalBasis.choices)
    competencies = CompetencyChoice(
        label=_("Competencies covered"),
        queryset=Competency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the competencies it covers.")},
    )
    issued_on = forms.DateField(label=_("Issue date"), widget=DATE_WIDGET)
    number = forms.CharField(label=_("Number"), max_length=50)
    issuer = forms.CharField(
        label=_("Issuer"),
        max_length=200,
        initial=Credential._meta.get_field("issuer").default,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = Competency.objects.filter(
            standard_id=dossier.standard_id
        ).order_by("number")
