"""Base form behaviour shared by every Atout form."""

from django import forms

from atout.accounts.validators import no_control_characters


class CleanTextMixin:
    """Add the control-character check to every text field of the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and no_control_characters not in field.validators:
                field.validators.append(no_control_characters)
