"""The dashboards' two small forms: the period (a GET form) and the digest preference."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from atout.dashboards.selectors import PERIODS, Period, period_for

# A custom period longer than this is refused (the figures are per period, not per decade).
MAX_PERIOD_DAYS = 3 * 366


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=list(PERIODS.items()), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("period") != "custom":
            return data
        start, end = data.get("start"), data.get("end")
        if not start and "start" not in self.errors:
            self.add_error("start", _("Give the first day of the period."))
        if not end and "end" not in self.errors:
            self.add_error("end", _("Give the last day of the period."))
        if start and end:
            if end < start:
                self.add_error("end", _("The last day must come after the first day."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", _("Choose a period of three years or less."))
        return data

    def chosen_period(self, today: datetime.date | None = None) -> Period:
        """The chosen period (this month when nothing valid was chosen)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return period_for(
            data.get("period") or "month", today=today, start=data.get("start"), end=data.get("end")
        )


class DigestForm(forms.Form):
    daily = forms.BooleanField(
        label=_("Send me a daily e-mail with the number of reminders (no personal information)"),
        required=False,
    )
