from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "atout.participants"
    label = "participants"
    verbose_name = _("Participant files")

    def ready(self) -> None:
        from atout.participants import receivers

        receivers.connect()
        post_migrate.connect(
            _create_cache_table, sender=self, dispatch_uid="participants.create_cache_table"
        )


def _create_cache_table(sender, *, using: str = "default", verbosity: int = 1, **kwargs) -> None:
    """`migrate` also creates the database cache table (the caseload's filter options and
    their invalidation need it), so every way of building a database (benches, scale and
    load tests, `make run`) has it; `createcachetable` skips a table that exists."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
