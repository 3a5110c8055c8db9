"""Background work of the recognition service, run by the django-tasks worker."""

from django_tasks import task

from atout.recognition import services


@task()
def check_dossier_activity() -> list[int]:
    """Daily: ask about idle dossiers and lapse those left unanswered (idempotent)."""
    asked, lapsed = services.check_dossier_activity()
    return [asked, lapsed]
