from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "atout.committees"
    verbose_name = _("Sectoral committees")

    def ready(self) -> None:
        from atout.participants.signals import consent_withdrawn
        from atout.recognition.panels import register_panel

        # The transmissions, follow-up and letters on the advisor's dossier page.
        register_panel("committees/_dossier_panel.html")

        consent_withdrawn.connect(_withdraw_contact, dispatch_uid="committees.withdraw_contact")


def _withdraw_contact(sender, *, participant, audience, fields, actor, **kwargs) -> None:
    from atout.committees.services import transmissions_withdraw_contact

    transmissions_withdraw_contact(
        participant=participant, audience=audience, fields=fields, actor=actor
    )
