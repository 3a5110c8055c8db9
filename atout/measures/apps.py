from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    """The employer's part of the passport's last page: the measures the CLE found the person
    eligible for, with its letter, and the fixed employer text in published versions.

    The text lives here rather than in `passports` because it belongs with the measures it
    introduces, is administered by platform admins (not built per passport) and the passport
    only keeps a frozen copy of it; `documents` reads it from that copy.
    """

    name = "atout.measures"
    label = "measures"
    verbose_name = _("Measures for employers")
