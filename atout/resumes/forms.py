from __future__ import annotations

from django import forms

from atout.resumes.models import Cv


class CvSettingsForm(forms.ModelForm):
    """How the CV is laid out; the content comes from the evidence base."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Cv
        fields = ["layout", "language", "include_interests", "references", "max_pages"]
        widgets = {
            "layout": forms.RadioSelect,
            "language": forms.RadioSelect,
            "references": forms.RadioSelect,
            "max_pages": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" not in self.initial:
            self.initial["version"] = self.instance.version
        # A label after its checkbox takes no colon.
        self.fields["include_interests"].label_suffix = ""

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
