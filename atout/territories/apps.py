from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    """Which CLE serves which territory: the first three characters of a postal code (FSA)."""

    name = "atout.territories"
    label = "territories"
    verbose_name = _("CLE territories")
