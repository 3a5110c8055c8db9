from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "atout.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        user_locked_out.connect(_log_lockout, dispatch_uid="accounts.log_lockout")


def _log_lockout(sender, *, username: str = "", ip_address: str = "", **kwargs) -> None:
    """An operator sees lockouts (a forgotten password, or someone guessing) in the log."""
    import logging

    logging.getLogger("atout.accounts").warning(
        "login locked out",
        extra={"event": "lockout", "username": username, "ip_address": ip_address},
    )
