from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationsConfig(AppConfig):
    name = "atout.participations"
    label = "participations"
    verbose_name = _("Participations")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from atout.passports.models import PassportVersion

        # The passports app offers no hook of its own: a new approved version is the sign.
        post_save.connect(
            _passport_version_saved,
            sender=PassportVersion,
            dispatch_uid="participations.passport_produced",
        )


def _passport_version_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """A passport version approved by the person moves the participation to « passport
    produced » (a version frozen for printing is not a new approval)."""
    if not created or raw or instance.reason != instance.Reason.APPROVED:
        return
    from atout.participations.services import passport_approved

    passport_approved(
        participant_id=instance.participant_id, actor=instance.created_by, number=instance.number
    )
