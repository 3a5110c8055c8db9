from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "atout.recognition"
    verbose_name = _("Skills recognition")

    def ready(self) -> None:
        from atout.documents.kinds import DocumentKind, register
        from atout.recognition import selectors

        register(
            DocumentKind(
                key="inventory_grid",
                label=_("Competency inventory grid"),
                order=60,
                summaries=selectors.grid_summaries,
                # The grid is a dossier's document, printed from the dossier (it shows no
                # contact detail): no file-level renderer, so the consent sweep of
                # tests/test_consent_every_document.py has nothing to check here.
                render=None,
                formats=("pdf",),
                extra={"render_latest": selectors.render_grid_for_registry},
            )
        )
