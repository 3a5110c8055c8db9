from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationsConfig(AppConfig):
    name = "atout.participations"
    label = "participations"
    verbose_name = _("Participations")
