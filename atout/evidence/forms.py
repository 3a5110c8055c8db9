from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.competencies.models import Competency
from atout.evidence.models import TEXT_FIELDS, Achievement, Experience
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


class ExperienceForm(CleanTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Experience
        fields = ["kind", "title", "place", "role", "started_on", "ended_on", "description"]
        widgets = {
            "started_on": DATE_WIDGET,
            "ended_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _(
                "A few words anyone understands: “Cashier”, “Volunteer at the food bank”, "
                "“Caring for my father”."
            ),
            "place": _("The employer, organisation or school, and the city."),
            "role": _("The job title or the part the person played, if it adds something."),
            "ended_on": _("Leave empty if it is still going on."),
            "description": _("Optional: the main tasks, in short sentences."),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date comes before the start date."))
        return cleaned

    def field_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


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
