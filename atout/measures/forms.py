from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.measures.models import EmployerMeasure, MeasureKind


class MeasureForm(CleanTextMixin, forms.ModelForm):
    letter_upload = forms.FileField(
        label=_("Eligibility letter from the CLE"),
        required=False,
        help_text=_("PDF or photo. It joins the print bundle with the passport."),
    )

    class Meta:
        model = EmployerMeasure
        fields = ["kind", "name", "start", "end", "conditions"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "name": _("Only for “Other measure”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = MeasureKind.WAGE_SUBSIDY


class WithdrawForm(CleanTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("Why"), max_length=300, required=False)
