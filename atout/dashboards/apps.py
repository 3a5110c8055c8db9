from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "atout.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from atout.dashboards import receivers

        receivers.connect()
