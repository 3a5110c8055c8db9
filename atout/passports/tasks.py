"""Background work for passports, run by the django-tasks worker (`manage.py db_worker`)."""

import logging

from django_tasks import task

from atout.passports import services

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


@task()
def passport_version_render(version_id: int) -> str:
    """Make and store a frozen version's PDFs; a failure is retried, then shown with its reason."""
    try:
        return services.passport_version_documents_make(version_id=version_id)
    except Exception as error:  # noqa: BLE001 - any failure is counted, logged and shown
        reason = f"{type(error).__name__}: {error}"
        attempts = services.passport_version_documents_failed(version_id=version_id, reason=reason)
        final = attempts >= services.DOCUMENT_ATTEMPTS
        logger.log(
            logging.ERROR if final else logging.WARNING,
            "passport render failed",
            exc_info=final,
            extra={
                "event": "render_failed",
                "version": version_id,
                "attempt": attempts,
                "final": final,
                "reason": reason,
            },
        )
        if not final:
            services.passport_version_documents_enqueue(
                version_id, attempt_after=RETRY_AFTER_SECONDS * attempts
            )
        return "failed" if final else "retrying"
