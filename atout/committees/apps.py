from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "atout.committees"
    verbose_name = _("Sectoral committees")

    def ready(self) -> None:
        from atout.participants.signals import consent_withdrawn

        consent_withdrawn.connect(_withdraw_contact, dispatch_uid="committees.withdraw_contact")

        from atout.committees import selectors
        from atout.documents.kinds import DocumentKind, register

        register(
            DocumentKind(
                key="recognition_result",
                label=_("Letter on the committee's decision"),
                order=70,
                # No `render`: the letter shows no contact detail, and the consent sweep
                # (tests/test_consent_every_document.py) renders every kind on a passport file.
                summaries=selectors.result_letter_summaries,
            )
        )


def _withdraw_contact(sender, *, participant, audience, fields, actor, **kwargs) -> None:
    from atout.committees.services import transmissions_withdraw_contact

    transmissions_withdraw_contact(
        participant=participant, audience=audience, fields=fields, actor=actor
    )
