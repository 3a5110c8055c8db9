from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortabilityConfig(AppConfig):
    """The right of access and portability: a copy of everything Atout holds about a person."""

    name = "atout.portability"
    label = "portability"
    verbose_name = _("Copies of personal data")
