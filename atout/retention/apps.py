from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    """Retention and destruction (Law 25): rules, the daily job, the destruction log, holds."""

    name = "atout.retention"
    label = "retention"
    verbose_name = _("Retention and destruction")

    def ready(self) -> None:
        from atout.retention import rules

        rules.register_defaults()
