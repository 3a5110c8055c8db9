from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "atout.standards"
    verbose_name = _("Occupational standards")
