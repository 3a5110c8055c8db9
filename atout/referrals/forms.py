from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.accounts.validators import normalise_phone, normalise_postal_code
from atout.referrals import services
from atout.referrals.models import ServiceAgreement, ServiceRequest

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(CleanTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ServiceAgreement
        fields = services.AGREEMENT_FIELDS
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partners
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end of the period comes before its start."))
        return cleaned

    def field_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.AGREEMENT_FIELDS}


class AgreementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServiceAgreement) -> str:
        label = f"{obj.organisation.name} — {obj.get_measure_display()}"
        if obj.reference:
            label += f" ({obj.reference})"
        return label


class ServiceRequestForm(CleanTextMixin, forms.ModelForm):
    """Every field of the request, in the sections of the template."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    agreement = AgreementChoiceField(
        queryset=ServiceAgreement.objects.none(),
        label=_("Receiving organisation"),
        help_text=_("Partners with a current agreement of your CLE."),
        empty_label=_("(choose an organisation)"),
    )
    phone = forms.CharField(
        label=capfirst(ServiceRequest._meta.get_field("phone").verbose_name),
        max_length=40,
        required=False,
        help_text=_("For example 418 555-0142."),
    )

    class Meta:
        model = ServiceRequest
        fields = services.REQUEST_FIELDS
        widgets = {
            "birth_date": DATE,
            "expected_start": DATE,
            "expected_end": DATE,
            "objective_kind": forms.RadioSelect,
            "reason": forms.RadioSelect,
            "eligibility_override": forms.Textarea(attrs={"rows": 2}),
            "assessment_career_choice": forms.Textarea(attrs={"rows": 3}),
            "assessment_skills": forms.Textarea(attrs={"rows": 3}),
            "assessment_job_search": forms.Textarea(attrs={"rows": 3}),
            "assessment_integration": forms.Textarea(attrs={"rows": 3}),
            "notes_for_organisation": forms.Textarea(attrs={"rows": 4}),
            "given_names": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "objective": _("A job title, or a field, a sector or a kind of workplace."),
            "eligibility_override": _(
                "Only if a box above is not ticked: why the person is referred anyway."
            ),
        }

    def __init__(self, *args, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
        for name in ("objective_kind", "reason"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean_postal_code(self) -> str:
        return normalise_postal_code(self.cleaned_data.get("postal_code", ""))

    def clean_email(self) -> str:
        return self.cleaned_data.get("email", "").strip().lower()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("expected_start"), cleaned.get("expected_end")
        if start and end and end < start:
            self.add_error("expected_end", _("The expected end comes before the expected start."))
        birth = cleaned.get("birth_date")
        if birth and birth >= timezone.localdate():
            self.add_error("birth_date", _("The birth date must be in the past."))
        return cleaned

    def field_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.REQUEST_FIELDS}

    def checklist(self) -> list:
        return [
            self[name]
            for name in ("in_public_measures", "without_job", "ready_to_search", "has_objective")
        ]

    def assessment(self) -> list:
        return [
            self[name]
            for name in (
                "assessment_career_choice",
                "assessment_skills",
                "assessment_job_search",
                "assessment_integration",
            )
        ]


class ReasonForm(CleanTextMixin, forms.Form):
    """The reason for withdrawing (prefix "withdraw") or declining (prefix "decline")."""

    LABELS = {
        "withdraw": _("Reason for withdrawing"),
        "decline": _("Reason for declining (the CLE will see it)"),
    }

    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = self.LABELS.get(self.prefix or "", _("Reason"))


class AcceptForm(CleanTextMixin, forms.Form):
    """Who follows the person, the first meeting, and which file (new or an existing one)."""

    NEW = "new"

    counsellor = forms.ModelChoiceField(
        queryset=None, label=_("Counsellor"), empty_label=_("(choose a counsellor)")
    )
    first_meeting_at = forms.DateTimeField(
        label=_("First meeting"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    file = forms.ChoiceField(
        label=_("Participant file"), widget=forms.RadioSelect, required=False, choices=()
    )

    def __init__(self, *args, counsellors, candidates, linked=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = counsellors
        self.fields["counsellor"].label_from_instance = lambda u: u.full_name or u.email
        self.candidates = list(candidates)
        self.linked = linked
        if linked is None and self.candidates:
            self.fields["file"].required = True
            self.fields["file"].choices = [
                (
                    str(p.pk),
                    _("It is this person: %(name)s (file no %(number)s)")
                    % {"name": p.display_name, "number": p.pk},
                )
                for p in self.candidates
            ] + [(self.NEW, _("It is another person: create a new file"))]
            self.fields["file"].error_messages["required"] = _(
                "Say whether the request is for one of these files or for another person."
            )

    def chosen_file(self):
        """The existing file chosen, or None for a new file (or the request's own file)."""
        value = self.cleaned_data.get("file") or ""
        for participant in self.candidates:
            if str(participant.pk) == value:
                return participant
        return None

    def different_from(self) -> list:
        return self.candidates if self.cleaned_data.get("file") == self.NEW else []
