from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BundlesConfig(AppConfig):
    """Print bundles (the *pochette*): everything for a meeting, made by the worker.

    A bundle freezes nothing of its own: it copies the documents as they print when the job
    runs (the approved passport's stored PDFs, the approved letters), so a consent withdrawn
    later reaches it through the clean-up (bundles are kept a few days only) and through
    `bundles_withdraw`, connected here, which deletes the finished files at once.
    """

    name = "atout.bundles"
    label = "bundles"
    verbose_name = _("Print bundles")

    def ready(self) -> None:
        from atout.participants.signals import consent_withdrawn

        consent_withdrawn.connect(_withdraw, dispatch_uid="bundles.withdraw")


def _withdraw(sender, *, participant, audience, fields, actor, **kwargs) -> None:
    from atout.bundles.services import bundles_withdraw

    bundles_withdraw(participant=participant, audience=audience, fields=fields)
