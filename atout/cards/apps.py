from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "atout.cards"
    label = "cards"
    verbose_name = _("Business cards")

    def ready(self) -> None:
        # The cards print from the passport's frozen versions, which the passports app
        # withdraws when a consent is withdrawn; the card itself freezes nothing.
        from atout.cards.documents import register_kind

        register_kind()
