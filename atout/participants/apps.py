from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "atout.participants"
    label = "participants"
    verbose_name = _("Participant files")

    def ready(self) -> None:
        from atout.participants import receivers

        receivers.connect()
