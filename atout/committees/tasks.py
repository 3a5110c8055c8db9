"""Background work: the daily reminders to committees, run by the django-tasks worker."""

from django_tasks import task

from atout.committees import services


@task()
def remind_committees() -> int:
    """Remind the committees of the transmissions they have left waiting."""
    return services.committees_remind()
