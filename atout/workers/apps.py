from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkersConfig(AppConfig):
    """Task workers' heartbeats and the reaper that re-queues the jobs of a dead worker."""

    name = "atout.workers"
    label = "workers"
    verbose_name = _("Task workers")
