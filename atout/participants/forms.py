from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from atout.accounts.forms_base import CleanTextMixin
from atout.accounts.validators import normalise_phone, normalise_postal_code
from atout.participants import selectors
from atout.participants.models import (
    Attachment,
    Audience,
    ContactField,
    JournalNote,
    Participant,
)
from atout.participants.selectors import CaseloadFilters


def consent_field_name(field: str, audience: str) -> str:
    return f"consent__{field}__{audience}"


class ParticipantForm(CleanTextMixin, forms.ModelForm):
    """The file's identity, contact details with consent per audience, and follow-up."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A phone is typed with spaces and 'poste 123' but stored as '4185550142 x123' (at most
    # 20 characters, which normalise_phone guarantees): the typed text may be longer.
    home_phone = forms.CharField(
        label=capfirst(Participant._meta.get_field("home_phone").verbose_name),
        max_length=40,
        required=False,
        help_text=_("For example 418 555-0142."),
    )
    mobile_phone = forms.CharField(
        label=capfirst(Participant._meta.get_field("mobile_phone").verbose_name),
        max_length=40,
        required=False,
    )

    class Meta:
        model = Participant
        fields = [
            "given_names",
            "family_name",
            "preferred_name",
            "pronouns",
            "birth_date",
            "preferred_language",
            "street_address",
            "city",
            "province",
            "postal_code",
            "home_phone",
            "mobile_phone",
            "email",
            "objective",
            "status",
            "counsellor",
            "referring_cle",
            "opened_on",
            "closed_on",
        ]
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 4}),
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "given_names": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "preferred_name": _("The name the person wants to be called, if different."),
            "objective": _("A first draft; the passport will word it for an employer."),
        }

    def __init__(self, *args, organisation, consents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = selectors.counsellor_choices(organisation=organisation)
        self.fields["referring_cle"].queryset = selectors.cle_choices()
        self.fields["counsellor"].empty_label = _("(nobody yet)")
        self.fields["referring_cle"].empty_label = _("(none)")
        consents = consents or {}
        for field in ContactField:
            for audience in Audience:
                name = consent_field_name(field.value, audience.value)
                self.fields[name] = forms.BooleanField(
                    required=False,
                    label=audience.label,
                    initial=consents.get((field.value, audience.value), False),
                )
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version

    def clean_home_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("home_phone", ""))

    def clean_mobile_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("mobile_phone", ""))

    def clean_postal_code(self) -> str:
        return normalise_postal_code(self.cleaned_data.get("postal_code", ""))

    def clean_email(self) -> str:
        return self.cleaned_data.get("email", "").strip().lower()

    def clean(self):
        cleaned = super().clean()
        birth = cleaned.get("birth_date")
        if birth and birth >= timezone.localdate():
            self.add_error("birth_date", _("The birth date must be in the past."))
        opened, closed = cleaned.get("opened_on"), cleaned.get("closed_on")
        if opened and closed and closed < opened:
            self.add_error("closed_on", _("The closing date comes before the opening date."))
        return cleaned

    def consent_decisions(self) -> dict[tuple[str, str], bool]:
        return {
            (f.value, a.value): bool(self.cleaned_data.get(consent_field_name(f.value, a.value)))
            for f in ContactField
            for a in Audience
        }

    def consent_grid(self) -> list[dict]:
        """Rows of bound checkboxes, one row per contact detail, for the template."""
        return [
            {
                "label": f.label,
                "fields": [self[consent_field_name(f.value, a.value)] for a in Audience],
            }
            for f in ContactField
        ]

    def field_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NoteForm(CleanTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = JournalNote
        fields = ["text", "working_note"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "text": _("New note"),
            "working_note": _("Working note (not given to the person with a copy of their data)"),
        }
        help_texts = {
            "working_note": _(
                "For your own hypotheses and reminders. Notes on meetings, steps and decisions "
                "are part of what the person may obtain."
            )
        }


class AttachmentForm(CleanTextMixin, forms.ModelForm):
    upload = forms.FileField(label=_("File"))

    class Meta:
        model = Attachment
        fields = ["kind", "description"]


class InvitationForm(CleanTextMixin, forms.Form):
    # The invitation row holds at most 254 characters (the model's EmailField).
    email = forms.EmailField(label=_("Participant's e-mail"), max_length=254)


class CaseloadFilterForm(CleanTextMixin, forms.Form):
    """The caseload's search box and filters, read from the query string."""

    q = forms.CharField(label=_("Search by name or e-mail"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Participant.Status.choices],
    )
    counsellor = forms.TypedChoiceField(
        label=_("Counsellor"), required=False, coerce=int, empty_value=None
    )
    cle = forms.TypedChoiceField(label=_("CLE"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("-updated", _("Recently updated")),
            ("-opened", _("Recently opened")),
            ("opened", _("Oldest first")),
        ],
    )
    scope = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("mine", _("My participants")), ("organisation", _("Whole organisation"))],
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, counsellors, cles, **kwargs):
        super().__init__(*args, **kwargs)
        # (pk, label) pairs (the cached option lists) or model instances
        self.fields["counsellor"].choices = [("", _("All counsellors"))] + [
            (u.pk, str(u)) if hasattr(u, "pk") else tuple(u) for u in counsellors
        ]
        self.fields["cle"].choices = [("", _("All CLEs"))] + [
            (c.pk, str(c)) if hasattr(c, "pk") else tuple(c) for c in cles
        ]

    def filters(self, *, default_scope: str) -> CaseloadFilters:
        """Valid filters; an invalid value is ignored rather than breaking the page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return CaseloadFilters(
            scope=data.get("scope") or default_scope,
            query=data.get("q") or "",
            status=data.get("status") or "",
            counsellor=data.get("counsellor"),
            cle=data.get("cle"),
            sort=data.get("sort") or "name",
            page=data.get("page") or 1,
        )
