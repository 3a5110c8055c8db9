from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.committees.models import Decision, Method, Result

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SendForm(forms.Form):
    """The person's consent to transmit, and its date."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    consent = forms.BooleanField(
        label=_(
            "The person consents to the sending of this dossier (identity, inventory grid, "
            "documents and achievements listed above) to the sectoral committee."
        ),
        required=True,
        error_messages={
            "required": _("The person's consent to send the dossier to the committee is required.")
        },
    )
    consent_on = forms.DateField(label=_("Consent given on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_on"].initial = timezone.localdate()

    def clean_consent_on(self):
        value = self.cleaned_data["consent_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The consent cannot be dated in the future."))
        return value


class EvaluationForm(CleanTextMixin, forms.Form):
    """One competency's evaluation (one form per competency, prefixed by its id)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    method = forms.ChoiceField(label=_("Evaluation method"), choices=Method.choices)
    evaluated_on = forms.DateField(label=_("Date"), widget=DATE)
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices)
    comments = forms.CharField(
        label=_("Comments"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_evaluated_on(self):
        value = self.cleaned_data["evaluated_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The evaluation cannot be dated in the future."))
        return value


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("What the committee needs to continue"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(CleanTextMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when no competency is mastered; the person reads it."),
    )
    gaps = forms.CharField(
        label=_("Competencies still to acquire"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Left empty, the competencies not mastered are listed."),
    )
    pointers = forms.CharField(
        label=_("Where to acquire them"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Training, or the workplace apprenticeship programme (PAMT). Required for an "
            "attestation."
        ),
    )


class NoteForm(CleanTextMixin, forms.Form):
    text = forms.CharField(
        label=_("Follow-up note"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
