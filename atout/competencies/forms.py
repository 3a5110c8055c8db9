from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.competencies.models import CompetencyAnnotation, SelfEvaluation


class AnnotationForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = CompetencyAnnotation
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": _("Counsellor's annotation")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False


class CommentForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = SelfEvaluation
        fields = ["counsellor_comment"]
        widgets = {"counsellor_comment": forms.Textarea(attrs={"rows": 3})}


class LanguageAssessmentForm(CleanTextMixin, forms.Form):
    """One language: mother tongue, or a CEFR level per skill with our descriptors."""

    language = forms.ChoiceField(label=_("Language"))
    is_mother_tongue = forms.BooleanField(label=_("This is my mother tongue"), required=False)
    canadian_level = forms.CharField(
        label=_("Canadian level (NCLC or CLB), if known"),
        required=False,
        max_length=50,
        help_text=_("For example: NCLC 6 in speaking."),
    )
    test_result = forms.CharField(
        label=_("Test result, if any"),
        required=False,
        max_length=200,
        help_text=_("For example: TEFAQ, June 2026, B2 in listening."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, languages, skills, levels, fixed_language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *languages]
        if fixed_language:
            self.fields["language"].initial = fixed_language
            self.fields["language"].widget = forms.HiddenInput()
        self.skill_fields = []
        for code, label in skills:
            self.fields[code] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", _("Not assessed")), *levels],
                widget=forms.RadioSelect,
            )
            self.skill_fields.append(code)

    def clean(self):
        cleaned = super().clean()
        rated = [cleaned.get(code) for code in self.skill_fields if cleaned.get(code)]
        if not cleaned.get("is_mother_tongue") and not rated:
            raise forms.ValidationError(
                _("Choose a level for at least one skill, or tick “This is my mother tongue”.")
            )
        return cleaned


class FrameworkImportForm(CleanTextMixin, forms.Form):
    upload = forms.FileField(
        label=_("File (CSV or JSON, UTF-8)"),
        help_text=_("CSV: one row per behaviour indicator. Export a framework to see the columns."),
    )
    code = forms.CharField(label=_("Framework code"), max_length=30, required=False)
    version = forms.CharField(label=_("Version"), max_length=20, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)


class OwnCompetencyForm(CleanTextMixin, forms.Form):
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    definition_fr = forms.CharField(
        label=_("Definition (French)"), max_length=2000, required=False, widget=forms.Textarea
    )
    definition_en = forms.CharField(
        label=_("Definition (English)"), max_length=2000, required=False, widget=forms.Textarea
    )


class CustomProfileForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label=_("Job title in the posting"), max_length=200)
    employer_name = forms.CharField(label=_("Employer"), max_length=200, required=False)
    noc_code = forms.RegexField(
        label=_("NOC 2021 code, if known"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A NOC 2021 code has five digits, for example 65100.")},
    )
    posting_text = forms.CharField(
        label=_("Paste the job posting"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.competency_fields = []
        for competency in competencies:
            name = f"importance_{competency.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=competency.name,
                required=False,
                coerce=int,
                empty_value=0,
                choices=[
                    ("", _("Not sought")),
                    (3, _("High importance")),
                    (2, _("Medium importance")),
                    (1, _("Low importance")),
                ],
            )
            self.competency_fields.append((competency, name))

    def clean(self):
        cleaned = super().clean()
        if not self.sought():
            raise forms.ValidationError(_("Pick at least one competency the employer seeks."))
        return cleaned

    def sought(self) -> list:
        data = getattr(self, "cleaned_data", {})
        return [(c, data[name]) for c, name in self.competency_fields if data.get(name)]
