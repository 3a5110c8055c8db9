"""Background work for copies of personal data, run by the django-tasks worker."""

import logging

from django_tasks import task

from atout.portability import services

logger = logging.getLogger(__name__)


@task()
def export_make(export_id: int) -> str:
    """Build a copy; a failure is shown on the page with an invitation to try again."""
    try:
        return services.export_run(export_id)
    except Exception as error:  # noqa: BLE001 - any failure is logged and shown
        services.export_failed(export_id, reason=type(error).__name__)
        logger.exception(
            "personal data export failed",
            extra={"event": "export_failed", "export": export_id},
        )
        return "failed"
