from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "atout.sharing"
    label = "sharing"
    verbose_name = _("Employer share links")
    # No consent_withdrawn receiver: a link freezes nothing; its page reads the passport's
    # latest approved version on every request, which the passports app withdraws.
