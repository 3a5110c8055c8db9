from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    """Consents to communicate a file to another organisation (Law 25, s. 13-14 and 17).

    Each consent is a `Disclosure` row with its purpose, parts, date and how it was given; the
    file's `shared_with` / `shared_parts` (what the scoping reads) are only ever the union of
    the active ones, written by `atout.disclosures.services`.
    """

    name = "atout.disclosures"
    label = "disclosures"
    verbose_name = _("Consents to communicate")
