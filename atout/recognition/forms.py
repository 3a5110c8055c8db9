"""Forms of the recognition dossier; each works without JavaScript."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.accounts.models import Organisation
from atout.accounts.validators import normalise_phone
from atout.participants.models import Attachment, Participant
from atout.recognition import services
from atout.recognition.models import Dossier, Mastery, Meeting, Phase
from atout.referrals.models import IncomeSupport
from atout.standards.models import Standard

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _standards():
    return Standard.objects.filter(
        status__in=[Standard.Status.IN_FORCE, Standard.Status.BEING_REVISED]
    ).order_by("title_fr")


class IdentityForm(CleanTextMixin, forms.ModelForm):
    """A new Qualifications Québec file: identity and contact."""

    mobile_phone = forms.CharField(
        label=capfirst(Participant._meta.get_field("mobile_phone").verbose_name),
        max_length=40,
        required=False,
    )

    class Meta:
        model = Participant
        fields = [
            "given_names",
            "family_name",
            "birth_date",
            "preferred_language",
            "email",
            "mobile_phone",
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_mobile_phone(self):
        return normalise_phone(self.cleaned_data.get("mobile_phone", ""))


class IntakeForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Dossier
        fields = services.INTAKE_FIELDS
        widgets = {"experience_summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = _standards()
        self.fields["cle"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.CLE
        ).order_by("name")
        self.fields["cle"].required = False
        self.fields["never_recognised"].help_text = _(
            "If these competencies were recognised before (a diploma, a certificate), "
            "this service does not apply: the dossier will be redirected."
        )
        self.fields["income_support"].choices = [("", "—"), *IncomeSupport.choices]


class RelevanceForm(IntakeForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta(IntakeForm.Meta):
        fields = services.RELEVANCE_FIELDS
        widgets = {
            "experience_summary": forms.Textarea(attrs={"rows": 4}),
            "relevance_notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holds_red_seal"].help_text = _(
            "Route 3°: the person applies directly to the ministry, without evaluation."
        )
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version


class MoveForm(CleanTextMixin, forms.Form):
    target = forms.ChoiceField(choices=Phase.choices)
    note = forms.CharField(
        label=_("Reason or note"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        if target in services.REASON_REQUIRED and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Give the reason for closing the dossier."))
        return cleaned


class MeetingForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_at", "mode", "duration_minutes", "notes"]
        widgets = {"held_at": DATETIME, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["duration_minutes"].min_value = 1
        self.fields["duration_minutes"].max_value = 600
        self.fields["duration_minutes"].widget.attrs.update({"min": 1, "max": 600})


class InventoryLineForm(CleanTextMixin, forms.Form):
    self_assessment = forms.ChoiceField(
        label=_("Self-assessment"),
        choices=Mastery.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    experience = forms.CharField(
        label=_("Experience"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    proof = forms.CharField(
        label=_("Proof"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    advisor_comment = forms.CharField(
        label=_("Advisor's comment"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class DocumentForm(CleanTextMixin, forms.Form):
    attachment = forms.ModelChoiceField(label=_("Document"), queryset=Attachment.objects.none())
    notes = forms.CharField(
        label=_("Analysis"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies it supports"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    include_in_package = forms.BooleanField(
        label=_("Send to the committee"), required=False, initial=True
    )

    def __init__(self, *args, attachments, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].queryset = attachments
        self.fields["attachment"].label_from_instance = lambda a: (
            f"{a.get_kind_display()} — {a.original_name}"
        )
        self.fields["competencies"].queryset = competencies
        self.fields["competencies"].label_from_instance = lambda c: f"{c.number}. {c.title_fr}"


class UploadForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[
            (Attachment.Kind.CV, Attachment.Kind.CV.label),
            (Attachment.Kind.PORTFOLIO, Attachment.Kind.PORTFOLIO.label),
            (Attachment.Kind.TRANSCRIPT, Attachment.Kind.TRANSCRIPT.label),
            (Attachment.Kind.OTHER, Attachment.Kind.OTHER.label),
        ],
    )
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class EvidenceForm(CleanTextMixin, forms.Form):
    achievement = forms.ModelChoiceField(label=_("Achievement"), queryset=None)
    competency = forms.ModelChoiceField(label=_("Competency of the standard"), queryset=None)
    note = forms.CharField(
        label=_("How it shows the competency"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, achievements, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achievement"].queryset = achievements
        self.fields["achievement"].label_from_instance = lambda a: (
            (a.situation_fr or a.situation_en or a.action_fr or a.action_en)[:90]
            or _("Achievement no %(n)s") % {"n": a.pk}
        )
        self.fields["competency"].queryset = competencies
        self.fields["competency"].label_from_instance = lambda c: f"{c.number}. {c.title_fr}"


class IncomeForm(forms.Form):
    income_support = forms.ChoiceField(
        label=_("Income support"), choices=[("", "—"), *IncomeSupport.choices], required=False
    )


class LinkRequestForm(CleanTextMixin, forms.Form):
    email = forms.EmailField(
        label=_("The e-mail the person uses to log in to Atout"),
        help_text=_(
            "The person confirms from their own account. You will not see their other file "
            "until they agree."
        ),
    )


class DossierFilterForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", _("All open dossiers")), *Phase.choices], required=False
    )
    standard = forms.ModelChoiceField(
        label=_("Standard"), queryset=Standard.objects.none(), required=False
    )
    advisor = forms.ChoiceField(label=_("Advisor"), choices=[], required=False)

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.order_by("title_fr")
        self.fields["advisor"].choices = [
            ("", _("Everyone")),
            ("mine", _("My dossiers")),
            *[(str(u.pk), u.full_name) for u in advisors],
        ]
