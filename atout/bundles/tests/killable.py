"""Helper run as a separate process by test_worker_killed.py (not a test module).

    python killable.py setup     # schema (no migrations: faster) + a file with an approved
                                 # passport + a bundle asked for (queued in the database)
    python killable.py worker    # the real db_worker, whose bundle job waits at step 2
    python killable.py worker-normal

DATABASE_URL and ATOUT_PRIVATE_MEDIA_ROOT point at the test's own temporary directory.
"""

import sys
import time

import django


def setup() -> None:
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)

    from atout.accounts.models import Role
    from atout.accounts.tests.factories import OrganisationFactory, member
    from atout.bundles import services
    from atout.letters.tests.factories import make_passport_with_evidence
    from atout.participants.tests.factories import ParticipantFactory
    from atout.passports import services as passport_services

    organisation = OrganisationFactory(name="Carrefour emploi Limoilou")
    counsellor = member(organisation, Role.COUNSELLOR, full_name="Geneviève Tremblay")
    participant = ParticipantFactory(
        organisation=organisation,
        counsellor=counsellor,
        given_names="Émilie",
        family_name="Gagnon",
    )
    passport = make_passport_with_evidence(participant)
    version = passport_services.passport_approve(
        passport=passport, actor=counsellor, in_person=True
    )
    passport_services.passport_version_documents_make(version_id=version.pk)
    bundle, _created = services.bundle_request(
        participant=participant,
        actor=counsellor,
        options={"colour": True, "copies": 2, "cards": True},
        fmt="pdf",
        lang="fr",
    )
    sys.stdout.write(f"{bundle.pk}\n")


def worker(*, pause: bool) -> None:
    from django.core.management import call_command

    from atout.bundles import services

    if pause:

        def wait_at_step_two(bundle, step):
            if step == 2:
                time.sleep(120)  # the test kills this process here

        services._pause = wait_at_step_two
    call_command("db_worker", "--no-reload", "--no-startup-delay", "--batch", verbosity=0)


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1]
    if command == "setup":
        setup()
    else:
        worker(pause=command == "worker")
