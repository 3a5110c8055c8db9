from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.practice.models import COACH_NOTE_MAX, OWN_WORDS_MAX, Readiness


class CardForm(CleanTextMixin, forms.Form):
    """The person's part of a card. `key` names the competency; `version` the page's copy."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    own_words = forms.CharField(
        label=_("In my own words"),
        required=False,
        max_length=OWN_WORDS_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Tell it as you would to an employer: the situation, what you did, the result."
        ),
    )
    readiness = forms.ChoiceField(
        label=_("How ready do I feel to answer?"),
        choices=Readiness.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Each card's fields get their own ids: several cards share one page.
        key = (self.initial.get("key") or self.data.get("key") or "")[:64]
        self.auto_id = f"card-{key}-%s" if key.isascii() and key.isalnum() else "card-%s"

    def values(self) -> dict[str, Any]:
        return {
            "own_words": self.cleaned_data["own_words"],
            "readiness": self.cleaned_data["readiness"],
        }


class CoachNoteForm(CleanTextMixin, forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    coach_note = forms.CharField(
        label=_("Coaching note"),
        required=False,
        max_length=COACH_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person reads this note on their card."),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        key = (self.initial.get("key") or self.data.get("key") or "")[:64]
        self.auto_id = f"note-{key}-%s" if key.isascii() and key.isalnum() else "note-%s"
