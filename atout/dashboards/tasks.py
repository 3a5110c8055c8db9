"""Background work: the daily reminder digest, run by the django-tasks worker."""

from django_tasks import task

from atout.dashboards import services


@task()
def send_digests() -> int:
    """Send today's digest to every user who asked for it (idempotent per user and day)."""
    return services.digests_send_all()
