"""Load the shipped, versioned reference data: the generic-skills framework and the
workforce-profile library. Idempotent; `seed_demo` and deployments run it."""

from django.core.management.base import BaseCommand
from django.db import transaction

from atout.competencies import importing, reference, services


class Command(BaseCommand):
    help = "Load or refresh Atout's generic-skills framework and workforce profiles."

    @transaction.atomic
    def handle(self, *args, **options):
        parsed = importing.parse_json(reference.GENERIC_SKILLS.read_bytes())
        if not parsed.ok:
            for problem in parsed.problems:
                self.stderr.write(str(problem))
            raise SystemExit(1)
        framework = services.framework_import(parsed=parsed)
        profile_data = reference.load_json(reference.WORKFORCE_PROFILES)
        profiles = services.profiles_import(data=profile_data, framework=framework)
        self.stdout.write(
            f"Reference data: {framework} ({parsed.competency_count} competencies), "
            f"{profiles} workforce profiles."
        )
