from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.participations.models import Activity, CleNote, FeedbackReport, Participation, Tool
from atout.participations.services import FEEDBACK_FIELDS, PLAN_FIELDS
from atout.referrals.models import IncomeSupport

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MOMENT_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class IdPrefixMixin:
    """Several forms share the participation page: their ids (not their names) differ."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class AgreementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        label = f"{obj.cle.name} — {obj.get_measure_display()}"
        if obj.reference:
            label += f" ({obj.reference})"
        return f"{label}, {obj.starts_on:%Y-%m-%d} – {obj.ends_on:%Y-%m-%d}"


class StartForm(CleanTextMixin, forms.Form):
    """The organisation offers a tool itself, under one of its current agreements."""

    agreement = AgreementChoice(
        queryset=None,
        label=_("Service agreement"),
        empty_label=_("Choose an agreement"),
        error_messages={"required": _("Choose the agreement the service falls under.")},
    )
    tool = forms.ChoiceField(label=_("Tool chosen"), choices=Tool.choices, initial=Tool.PASSPORT)
    tool_reason = forms.CharField(
        label=_("Why this tool"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why this tool fits the person.")},
    )
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DATE_WIDGET)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DATE_WIDGET)
    first_meeting_at = forms.DateTimeField(
        label=_("First meeting"),
        required=False,
        widget=MOMENT_WIDGET,
        input_formats=MOMENT_FORMATS,
    )

    def __init__(self, *args: Any, agreements: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end comes after the planned start."))
        return data


class PlanForm(IdPrefixMixin, CleanTextMixin, forms.ModelForm):
    id_prefix = "plan"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Participation
        fields = PLAN_FIELDS
        widgets = {
            "planned_start": DATE_WIDGET,
            "planned_end": DATE_WIDGET,
            "first_meeting_at": MOMENT_WIDGET,
            "tool_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["first_meeting_at"].input_formats = MOMENT_FORMATS
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PLAN_FIELDS}


class MoveForm(IdPrefixMixin, CleanTextMixin, forms.Form):
    """One status change: the target comes from the button pressed."""

    id_prefix = "move"

    to = forms.ChoiceField(choices=Participation.Status.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Reason or note"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to record an abandon or an interruption: the CLE reads it."),
    )
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty for today."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActivityForm(IdPrefixMixin, CleanTextMixin, forms.ModelForm):
    id_prefix = "activity"

    class Meta:
        model = Activity
        fields = ["on", "kind", "minutes", "attended", "note"]
        widgets = {"on": DATE_WIDGET}
        help_texts = {
            "note": _("Stays with your organisation: the CLE never reads it."),
            "attended": _("Untick for an absence or a meeting planned ahead."),
        }
        error_messages = {
            "on": {"required": _("Give the date.")},
            "kind": {"required": _("Choose the type of activity.")},
        }

    minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=1440,
        widget=forms.NumberInput(attrs={"min": 1, "max": 1440}),
        error_messages={
            "required": _("Give the duration in minutes."),
            "min_value": _("The duration is at least 1 minute."),
            "max_value": _("The duration is at most 1,440 minutes (one day)."),
            "invalid": _("Give the duration as a whole number of minutes."),
        },
    )

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class CleNoteForm(IdPrefixMixin, CleanTextMixin, forms.Form):
    id_prefix = "cle"
    kind = forms.ChoiceField(label=_("Type"), choices=CleNote.Kind.choices)
    income_support = forms.ChoiceField(
        label=_("Income support"),
        choices=[("", _("—"))] + list(IncomeSupport.choices),
        required=False,
    )
    text = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FeedbackForm(CleanTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FeedbackReport
        fields = FEEDBACK_FIELDS
        widgets = {
            "service_given": forms.Textarea(attrs={"rows": 5}),
            "appropriation": forms.Textarea(attrs={"rows": 5}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "service_given": _("Prefilled from the record: tool, dates, activities, documents."),
            "appropriation": _("Prefilled from the practice cards: how ready the person feels."),
            "outcome": _("Required to send the report."),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("service_given", "appropriation", "next_steps"):
            self.fields[name].strip = True
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in FEEDBACK_FIELDS}
