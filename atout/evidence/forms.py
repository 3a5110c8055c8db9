from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.competencies.models import Competency
from atout.evidence.models import (
    TEXT_FIELDS,
    Achievement,
    Certificate,
    Education,
    Experience,
    PersonalProfile,
    Reference,
)
from atout.participants.models import Attachment


def _example_hint(text: str, good: str, weak: str) -> str:
    return format_html(
        "{}<ul><li><strong>{}</strong> {}</li><li><strong>{}</strong> {}</li></ul>",
        text,
        _("Good example:"),
        good,
        _("Weak example:"),
        weak,
    )


# Built when the form renders, so each hint is in the reader's language.
example_hint = lazy(_example_hint, str)

ENGLISH_HINT = _("For a passport printed in English. Leave empty if it prints only in French.")

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BilingualLayout:
    """Fields in the order the page shows them: a (French, English) pair side by side, or one.

    `layout` lists field names and (French, English) tuples; the template renders the pairs
    in two columns on a desktop and stacked on a phone, each input with its `lang`.
    """

    layout: list[str | tuple[str, str]] = []

    def _mark_languages(self) -> None:
        for entry in self.layout:
            if isinstance(entry, tuple):
                for name, lang in zip(entry, ("fr", "en"), strict=True):
                    self.fields[name].widget.attrs.setdefault("lang", lang)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"pair": (self[entry[0]], self[entry[1]])}
            if isinstance(entry, tuple)
            else {"single": self[entry]}
            for entry in self.layout
        ]


class VersionedForm(CleanTextMixin, BilingualLayout, forms.ModelForm):
    """A model form with the version it started from, and its fields in pairs."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version
        self._mark_languages()

    def field_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ExperienceForm(VersionedForm):
    layout = [
        "kind",
        ("title", "title_en"),
        "place",
        ("role", "role_en"),
        "started_on",
        "ended_on",
        ("description", "description_en"),
    ]

    class Meta:
        model = Experience
        fields = [
            "kind",
            "title",
            "title_en",
            "place",
            "role",
            "role_en",
            "started_on",
            "ended_on",
            "description",
            "description_en",
        ]
        widgets = {
            "started_on": DATE_WIDGET,
            "ended_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "title": _("Title (French)"),
            "title_en": _("Title (English)"),
            "role": _("Role (French)"),
            "role_en": _("Role (English)"),
            "description": _("Description (French)"),
            "description_en": _("Description (English)"),
        }
        help_texts = {
            "title": _(
                "A few words anyone understands: “Cashier”, “Volunteer at the food bank”, "
                "“Caring for my father”."
            ),
            "title_en": _("For documents printed in English: “Cashier”."),
            "place": _("The employer, organisation or school, and the city."),
            "role": _("The job title or the part the person played, if it adds something."),
            "role_en": ENGLISH_HINT,
            "ended_on": _("Leave empty if it is still going on."),
            "description": _("Optional: the main tasks, in short sentences."),
            "description_en": ENGLISH_HINT,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date comes before the start date."))
        return cleaned


class EducationForm(VersionedForm):
    layout = [
        ("program_fr", "program_en"),
        "school",
        "place",
        "year",
        "in_progress",
        "abroad",
        ("recognition_fr", "recognition_en"),
    ]

    class Meta:
        model = Education
        fields = [
            "program_fr",
            "program_en",
            "school",
            "place",
            "year",
            "in_progress",
            "abroad",
            "recognition_fr",
            "recognition_en",
        ]
        widgets = {"year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1900})}
        help_texts = {
            "program_fr": _(
                "The diploma, programme or training: “DEP en cuisine”, “Secondaire 5”, "
                "“Formation en service à la clientèle”."
            ),
            "program_en": ENGLISH_HINT,
            "year": _("Leave empty if the year is not known or the training is in progress."),
            "abroad": _("Tick it for studies done outside Québec."),
            "recognition_fr": _(
                "Optional: what it equates to here, e.g. the comparative evaluation for "
                "studies done outside Québec."
            ),
            "recognition_en": ENGLISH_HINT,
        }


class CertificateForm(VersionedForm):
    layout = [("name_fr", "name_en"), "issuer", "obtained_on", "expires_on"]

    class Meta:
        model = Certificate
        fields = ["name_fr", "name_en", "issuer", "obtained_on", "expires_on"]
        widgets = {"obtained_on": DATE_WIDGET, "expires_on": DATE_WIDGET}
        help_texts = {
            "name_fr": _("E.g. “Permis de conduire classe 5”, “SIMDUT”, “Hygiène alimentaire”."),
            "name_en": ENGLISH_HINT,
            "issuer": _("The body that issued it: SAAQ, CNESST, MAPAQ…"),
            "expires_on": _("Leave empty if it does not expire."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        obtained, expires = cleaned.get("obtained_on"), cleaned.get("expires_on")
        if obtained and expires and expires < obtained:
            self.add_error("expires_on", _("The expiry date comes before the date obtained."))
        return cleaned


class ReferenceForm(VersionedForm):
    layout = [
        "name",
        ("relationship_fr", "relationship_en"),
        "organisation",
        "phone",
        "email",
        "referee_agreed",
        "listed_on_cv",
    ]

    class Meta:
        model = Reference
        fields = [
            "name",
            "relationship_fr",
            "relationship_en",
            "organisation",
            "phone",
            "email",
            "referee_agreed",
            "listed_on_cv",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
        labels = {
            "email": _("E-mail"),
            "referee_agreed": _("This person agreed to be contacted by employers"),
            "listed_on_cv": _("The participant wants this reference listed on the CV"),
        }
        help_texts = {
            "relationship_fr": _(
                "E.g. “Supervisor at the grocery store”, “Volunteer coordinator”."
            ),
            "relationship_en": ENGLISH_HINT,
            "referee_agreed": _(
                "Tick only once the reference said yes. Without it, the CV says "
                "“References available on request” instead of naming them."
            ),
            "listed_on_cv": _(
                "Tick only if the participant agrees to print this name and these details on "
                "the CV. Both boxes are needed for the reference to appear on a CV."
            ),
        }


class ProfileForm(VersionedForm):
    layout = [
        ("expertise_fr", "expertise_en"),
        ("interests_fr", "interests_en"),
        ("values_fr", "values_en"),
    ]

    class Meta:
        model = PersonalProfile
        fields = [
            "expertise_fr",
            "expertise_en",
            "interests_fr",
            "interests_en",
            "values_fr",
            "values_en",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}
        help_texts = {
            "expertise_fr": _("What the person knows well: “Cuisine for large groups”."),
            "interests_fr": _("Optional on a CV: activities that say something about the person."),
            "values_fr": _("What matters to the person at work: “Mutual help, punctuality”."),
            "expertise_en": ENGLISH_HINT,
            "interests_en": ENGLISH_HINT,
            "values_en": ENGLISH_HINT,
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("version", 0)


class ProofChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Attachment) -> str:
        detail = obj.get_kind_display()
        if obj.description:
            detail = f"{detail}, {obj.description}"
        return f"{obj.original_name} ({detail})"


class AchievementForm(CleanTextMixin, forms.ModelForm):
    """A short story: the situation, what the person did, the result; and what it proves."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies this achievement proves"),
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every competency the story shows. You can tick several."),
    )
    proofs = ProofChoiceField(
        label=_("Proof files"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Optional: photos, appraisal reports or results someone can check, taken from the "
            "documents of the file. Add a document to the file first to use it here."
        ),
    )

    class Meta:
        model = Achievement
        fields = ["experience", *TEXT_FIELDS]
        widgets = {
            "situation_fr": forms.Textarea(attrs={"rows": 3, "lang": "fr"}),
            "situation_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "action_fr": forms.Textarea(attrs={"rows": 4, "lang": "fr"}),
            "action_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
            "result_fr": forms.Textarea(attrs={"rows": 3, "lang": "fr"}),
            "result_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
        }
        labels = {
            "experience": _("Experience"),
            "situation_fr": _("The situation (French)"),
            "situation_en": _("The situation (English)"),
            "action_fr": _("What the person did (French)"),
            "action_en": _("What the person did (English)"),
            "result_fr": _("The result (French)"),
            "result_en": _("The result (English)"),
        }
        help_texts = {
            "experience": _("Leave empty if the achievement is not tied to one experience."),
            "situation_fr": example_hint(
                _("Where, when, and what the problem or the task was, in one or two sentences."),
                _("“Every Friday at the food bank, about 40 families came in two hours.”"),
                _("“I was a volunteer.”"),
            ),
            "action_fr": example_hint(
                _("What the person did themselves, with action verbs."),
                _("“I set up a numbered ticket system and trained two new volunteers.”"),
                _("“We helped people.”"),
            ),
            "result_fr": example_hint(
                _("What changed thanks to it. Give numbers where there are some."),
                _("“The wait went from 45 to 15 minutes; no complaint in six months.”"),
                _("“It went well.”"),
            ),
            "situation_en": ENGLISH_HINT,
            "action_en": ENGLISH_HINT,
            "result_en": ENGLISH_HINT,
        }

    def __init__(
        self,
        *args: Any,
        experiences: Any,
        competencies: Any,
        proofs: Any,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["experience"].queryset = experiences
        self.fields["experience"].empty_label = _("(no experience)")
        self.fields["competencies"].queryset = competencies
        self.fields["competencies"].widget.choices = _grouped(competencies)
        self.fields["proofs"].queryset = proofs
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
            self.initial.setdefault(
                "competencies", list(self.instance.competencies.values_list("pk", flat=True))
            )
            self.initial.setdefault(
                "proofs", list(self.instance.proofs.values_list("pk", flat=True))
            )

    def field_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def story_pairs(self) -> list[tuple[Any, Any]]:
        """The story's fields side by side: French first, English beside it."""
        parts = ("situation", "action", "result")
        return [(self[f"{name}_fr"], self[f"{name}_en"]) for name in parts]


def _grouped(competencies: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    """Checkboxes grouped by family, in the framework's order."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for competency in competencies:
        family = competency.family.name if competency.family_id else str(competency.framework)
        groups.setdefault(family, []).append((competency.pk, competency.name))
    return list(groups.items())


# What the person fills in from their own login, on a phone: plain words, vouvoiement.


class ProposedExperienceForm(VersionedForm):
    layout = ["kind", "title", "place", "role", "started_on", "ended_on", "description"]

    class Meta:
        model = Experience
        fields = ["kind", "title", "place", "role", "started_on", "ended_on", "description"]
        widgets = {
            "started_on": DATE_WIDGET,
            "ended_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "kind": _("What kind of experience is it?"),
            "title": _("In a few words, what was it?"),
            "place": _("Where? (employer, organisation or school, and city)"),
            "role": _("Your job title or your part, if you had one"),
            "started_on": _("When did it start?"),
            "ended_on": _("When did it end?"),
            "description": _("What did you do there?"),
        }
        help_texts = {
            "title": _("For example: “Cashier”, “Volunteer at the food bank”."),
            "place": "",
            "role": "",
            "started_on": _("An approximate date is fine."),
            "ended_on": _("Leave empty if it is still going on."),
            "description": _("Optional. Short sentences are fine."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date comes before the start date."))
        return cleaned


class ProposedAchievementForm(CleanTextMixin, forms.Form):
    """A story in the person's own words, in the language they choose, with a photo."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    experience = forms.ModelChoiceField(
        label=_("Where did it happen?"),
        queryset=Experience.objects.none(),
        required=False,
        empty_label=_("(somewhere else, or not tied to one experience)"),
    )
    lang = forms.ChoiceField(
        label=_("You are writing in"),
        choices=[("fr", _("French")), ("en", _("English"))],
        initial="fr",
        widget=forms.RadioSelect,
    )
    situation = forms.CharField(
        label=_("What was the situation?"),
        help_text=_("For example: “Every Friday, about forty families came in two hours.”"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action = forms.CharField(
        label=_("What did you do?"),
        help_text=_("Say what you did yourself: “I set up numbered tickets.”"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    result = forms.CharField(
        label=_("What changed thanks to you?"),
        help_text=_("Optional. Numbers help: “The wait went from 45 to 15 minutes.”"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.FileField(
        label=_("A photo as proof (optional)"),
        help_text=_(
            "A photo of your work, a certificate or a thank-you letter: JPEG, PNG or WebP. "
            "Your counsellor sees it with your story."
        ),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_description = forms.CharField(
        label=_("What does the photo show?"), max_length=200, required=False
    )

    PARTS = ("situation", "action", "result")

    def __init__(self, *args: Any, experiences: Any, instance: Achievement | None = None, **kw):
        if instance is not None and instance.pk:
            lang = "fr" if (instance.situation_fr or instance.action_fr) else "en"
            initial = {"version": instance.version, "lang": lang}
            initial["experience"] = instance.experience_id
            for part in self.PARTS:
                initial[part] = getattr(instance, f"{part}_{lang}")
            kw["initial"] = {**initial, **kw.get("initial", {})}
        super().__init__(*args, **kw)
        self.fields["experience"].queryset = experiences

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for part in ("situation", "action"):
            if part in cleaned and not cleaned[part].strip():
                self.add_error(part, _("Please write a few words here."))
        return cleaned

    def field_values(self) -> dict[str, Any]:
        # Only the chosen language: a translation the counsellor added stays.
        lang = self.cleaned_data["lang"]
        data: dict[str, Any] = {"experience": self.cleaned_data["experience"]}
        for part in self.PARTS:
            data[f"{part}_{lang}"] = self.cleaned_data[part]
        data["photo_description"] = self.cleaned_data["photo_description"]
        return data


class ReviewForm(CleanTextMixin, forms.Form):
    """Accept or decline a proposal; a reason for declining is kept and shown to the person."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for declining (optional)"),
        help_text=_("The person reads it next to what they wrote. Keep it kind and short."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
