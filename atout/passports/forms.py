from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.participants.models import ContactField
from atout.passports.models import Passport


def _language_fields(passport: Passport, names: list[str]) -> list[str]:
    """Keep the _fr/_en fields of the languages the passport is written in."""
    wanted = {"fr": ["fr"], "en": ["en"], "both": ["fr", "en"]}[passport.languages]
    return [n for n in names if not n.endswith(("_fr", "_en")) or n[-2:] in wanted]


class PassportStepForm(CleanTextMixin, forms.ModelForm):
    """A builder step: the passport's fields for that step, and the version it started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(_language_fields(self.instance, list(self._meta.fields)))
        for name in list(self.fields):
            if name != "version" and name not in keep:
                del self.fields[name]
        if "version" not in self.initial:
            self.initial["version"] = self.instance.version

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class IdentificationForm(PassportStepForm):
    class Meta:
        model = Passport
        fields = ["languages", "given_names", "family_name", "logo_builtin"]
        widgets = {"logo_builtin": forms.RadioSelect}

    def __init__(self, *args, consents: dict[str, bool], contact: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.contact_rows = []
        for field in ContactField:
            name = f"employer_{field.value}"
            self.fields[name] = forms.BooleanField(
                required=False,
                label=field.label,
                initial=consents.get(field.value, False),
                disabled=not contact.get(field.value),
            )
            self.contact_rows.append((self[name], contact.get(field.value, "")))

    def consent_decisions(self) -> dict[str, bool]:
        return {
            field.value: bool(self.cleaned_data.get(f"employer_{field.value}"))
            for field in ContactField
            if not self.fields[f"employer_{field.value}"].disabled
        }

    def values(self) -> dict:
        return {k: v for k, v in super().values().items() if not k.startswith("employer_")}


class LogoForm(forms.Form):
    logo = forms.FileField(label=_("Your own logo (PNG, JPEG or SVG, 2 MB at most)"))


class ObjectiveForm(PassportStepForm):
    class Meta:
        model = Passport
        fields = [
            "objective_kind",
            "workforce_profile",
            "objective_fr",
            "objective_en",
            "objective_short_fr",
            "objective_short_en",
            "signature",
        ]
        widgets = {
            "objective_kind": forms.RadioSelect,
            "objective_fr": forms.Textarea(attrs={"rows": 5}),
            "objective_en": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "objective_fr": _(
                "Speak to the employer in the first person: the job you want, what you bring. "
                "Two to four sentences (30 to 60 words)."
            ),
            "objective_short_fr": _(
                "For the business cards, which have room for a few words: "
                "“Housekeeping attendant, day shifts”. Empty: the cards shorten the objective."
            ),
        }

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        if "workforce_profile" in self.fields:
            self.fields["workforce_profile"].queryset = profiles
            self.fields["workforce_profile"].empty_label = _("(none)")


class BasicSkillsForm(PassportStepForm):
    class Meta:
        model = Passport
        fields = [
            "languages_fr",
            "languages_en",
            "software_fr",
            "software_en",
            "equipment_fr",
            "equipment_en",
        ]


class KeyCompetencyAddForm(CleanTextMixin, forms.Form):
    competency = forms.TypedChoiceField(
        label=_("From the frameworks"), required=False, coerce=int, empty_value=None
    )
    title_fr = forms.CharField(label=_("Or write it (French)"), required=False, max_length=200)
    title_en = forms.CharField(label=_("Or write it (English)"), required=False, max_length=200)

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", "—")] + [(c.pk, c.name) for c in competencies]


class KeyCompetencyForm(CleanTextMixin, forms.Form):
    title_fr = forms.CharField(label=_("Competency (French)"), required=False, max_length=200)
    title_en = forms.CharField(label=_("Competency (English)"), required=False, max_length=200)
    link_fr = forms.CharField(
        label=_("Link with the profile employers seek (French)"),
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    link_en = forms.CharField(
        label=_("Link with the profile employers seek (English)"),
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, passport: Passport, **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(_language_fields(passport, list(self.fields)))
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class EvidenceWriteForm(CleanTextMixin, forms.Form):
    """A new achievement written from the evidence step, in the passport's languages."""

    situation_fr = forms.CharField(
        label=_("The situation (French)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "fr"}),
    )
    situation_en = forms.CharField(
        label=_("The situation (English)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "en"}),
    )
    action_fr = forms.CharField(
        label=_("What the person did (French)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "fr"}),
    )
    action_en = forms.CharField(
        label=_("What the person did (English)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "en"}),
    )
    result_fr = forms.CharField(
        label=_("The result (French)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "fr"}),
    )
    result_en = forms.CharField(
        label=_("The result (English)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "en"}),
    )

    def __init__(self, *args, passport: Passport, **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(_language_fields(passport, list(self.fields)))
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        for part in ("situation", "action"):
            names = [n for n in (f"{part}_fr", f"{part}_en") if n in self.fields]
            if names and not any((cleaned.get(n) or "").strip() for n in names):
                self.add_error(names[0], _("Write it in French or in English."))
        return cleaned

    def story_pairs(self) -> list[list]:
        """The story's fields, French beside English, in the passport's languages."""
        return [
            [self[n] for n in (f"{part}_fr", f"{part}_en") if n in self.fields]
            for part in ("situation", "action", "result")
        ]
