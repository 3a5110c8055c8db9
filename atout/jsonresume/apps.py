from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JsonResumeConfig(AppConfig):
    name = "atout.jsonresume"
    label = "jsonresume"
    verbose_name = _("JSON Resume")
