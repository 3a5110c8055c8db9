from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationsConfig(AppConfig):
    name = "atout.rectifications"
    label = "rectifications"
    verbose_name = _("Correction requests")
