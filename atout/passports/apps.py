from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassportsConfig(AppConfig):
    name = "atout.passports"
    label = "passports"
    verbose_name = _("Passeport-emploi")

    def ready(self) -> None:
        from atout.participants.signals import consent_withdrawn

        consent_withdrawn.connect(_withdraw_versions, dispatch_uid="passports.withdraw_versions")

        from django.urls import reverse

        from atout.documents.kinds import DocumentKind, register
        from atout.passports import selectors

        register(
            DocumentKind(
                key="passport",
                label=_("Passeport-emploi"),
                order=10,
                summaries=selectors.document_summaries,
                start_url=lambda participant: reverse("passports:home", args=[participant.pk]),
                render=selectors.passport_render,
                formats=("pdf", "docx"),
            )
        )


def _withdraw_versions(sender, *, participant, audience, fields, actor, **kwargs) -> None:
    from atout.passports.services import passport_versions_withdraw

    passport_versions_withdraw(
        participant=participant, audience=audience, fields=fields, actor=actor
    )
