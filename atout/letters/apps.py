from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "atout.letters"
    label = "letters"
    verbose_name = _("Cover letters")

    def ready(self) -> None:
        from atout.documents.kinds import DocumentKind, register
        from atout.letters import selectors
        from atout.participants.signals import consent_withdrawn

        consent_withdrawn.connect(_withdraw_letters, dispatch_uid="letters.withdraw_letters")
        register(
            DocumentKind(
                key="letter",
                label=_("Cover letters"),
                order=30,
                summaries=selectors.letter_summaries,
                start_url=selectors.start_url,
                render=selectors.render_latest_letter,
                formats=("pdf", "docx"),
            )
        )


def _withdraw_letters(sender, *, participant, audience, fields, actor, **kwargs) -> None:
    from atout.letters.services import letters_withdraw

    letters_withdraw(participant=participant, audience=audience, fields=fields, actor=actor)
