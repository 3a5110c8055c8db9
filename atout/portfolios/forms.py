from __future__ import annotations

from typing import Any

from django import forms

from atout.accounts.validators import no_control_characters
from atout.portfolios.models import Portfolio

# POST field per kind of record: one checkbox per id, ticked = included.
INCLUDE_FIELDS = {
    "achievement": "include_achievement",
    "proof": "include_proof",
    "experience": "include_experience",
    "education": "include_education",
    "certificate": "include_certificate",
}


class PortfolioForm(forms.ModelForm):
    """The cover and language; the selection's checkboxes are read by `selection()`."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Portfolio
        fields = ["cover_title", "cover_subtitle", "language"]

    def __init__(self, *args: Any, offered: dict[str, set[int]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.offered = offered or {}
        for name in ("cover_title", "cover_subtitle"):
            self.fields[name].validators.append(no_control_characters)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def selection(self) -> dict[str, list[int]]:
        """What is left out: every offered id whose box was not ticked."""
        left_out = {}
        for kind, field in INCLUDE_FIELDS.items():
            ticked = {
                int(raw)
                for raw in self.data.getlist(field)
                if raw.isascii() and raw.isdigit() and len(raw) <= 18
            }
            left_out[kind] = sorted(self.offered.get(kind, set()) - ticked)
        return left_out
