"""Background work for print bundles, run by the django-tasks worker (`manage.py db_worker`)."""

import logging

from django_tasks import task

from atout.bundles import services

logger = logging.getLogger(__name__)


@task()
def bundle_make(bundle_id: int) -> str:
    """Make a bundle; a failure is retried later, then shown on the page with its reason."""
    try:
        return services.bundle_run(bundle_id)
    except Exception as error:  # noqa: BLE001 - any failure is counted, logged and shown
        reason = f"{type(error).__name__}: {error}"
        attempts, final = services.bundle_failed(bundle_id=bundle_id, reason=reason)
        logger.log(
            logging.ERROR if final else logging.WARNING,
            "bundle failed",
            exc_info=final,
            extra={
                "event": "bundle_failed",
                "bundle": bundle_id,
                "attempt": attempts,
                "final": final,
                "reason": reason,
            },
        )
        return "failed" if final else "retrying"


@task()
def bundle_expire(bundle_id: int) -> int:
    """Remove a finished bundle's file once its keeping time is over."""
    return services.bundle_expire_one(bundle_id=bundle_id)
