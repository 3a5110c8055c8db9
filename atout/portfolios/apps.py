from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfoliosConfig(AppConfig):
    name = "atout.portfolios"
    label = "portfolios"
    verbose_name = _("Portfolio")

    def ready(self) -> None:
        from atout.documents.kinds import DocumentKind, register
        from atout.participants.signals import consent_withdrawn
        from atout.portfolios import selectors

        consent_withdrawn.connect(_withdraw, dispatch_uid="portfolios.withdraw_approval")
        register(
            DocumentKind(
                key="portfolio",
                label=_("Portfolio"),
                order=50,
                summaries=selectors.portfolio_summaries,
                start_url=selectors.portfolio_url,
                render=selectors.render_for_registry,
                formats=("pdf",),
            )
        )


def _withdraw(sender, *, participant, audience, fields, actor, **kwargs) -> None:
    from atout.portfolios.services import portfolio_consent_withdrawn

    portfolio_consent_withdrawn(
        participant=participant, audience=audience, fields=fields, actor=actor
    )
