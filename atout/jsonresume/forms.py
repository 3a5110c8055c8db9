from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.jsonresume.parsing import MAX_BYTES


class ResumeUploadForm(forms.Form):
    upload = forms.FileField(
        label=_("JSON Resume file (.json, UTF-8)"),
        help_text=_("2 MB at most. The file is checked completely before anything is added."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    lang = forms.ChoiceField(
        label=_("Language of the texts in the file"),
        choices=[
            ("", _("As the file says (meta.language), else French")),
            ("fr", _("French")),
            ("en", _("English")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large; a résumé file holds 2 MB at most.")
            )
        return upload


class ConfirmForm(forms.Form):
    """The confirm step names the file it was shown, so a newer upload is not imported unseen."""

    digest = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
