from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.letters.models import CoverLetter
from atout.letters.services import LETTER_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CoverLetterForm(CleanTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CoverLetter
        fields = LETTER_FIELDS
        widgets = {
            "letter_date": DATE_WIDGET,
            "employer_address": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16}),
        }
        help_texts = {
            "language": _("The letter prints in this language only."),
            "contact_name": _(
                "Optional: the person who hires, as you would write it on the envelope "
                "(“Madame Julie Roy, directrice”)."
            ),
            "employer_address": _("Optional: one line per line of the address."),
            "posting_title": _(
                "Leave empty for an offer of service (the letter is often sent where nothing "
                "is posted)."
            ),
            "place": _("The city written before the date: “Québec, le 30 novembre 2026”."),
            "subject": _("Leave empty for “Offre de services” or the position posted."),
            "salutation": _("Leave empty for “Madame, Monsieur,” (“Dear Hiring Manager,”)."),
            "body": _(
                "Plain text. Leave a blank line between paragraphs. The "
                "“Suggest a text” button drafts one from the passport's objective and key "
                "competencies; the person then makes it their own."
            ),
            "closing": _("Leave empty for the usual closing formula of the letter's language."),
            "signature_name": _("Leave empty to sign with the name in the file."),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version
        for name in ("employer_address", "body"):
            self.fields[name].strip = True

    def field_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
