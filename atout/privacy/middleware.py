"""One access-log mechanism for every read of a person's file.

The scoping notes, for the current request, each file whose rows were loaded through
`visible_to()` (accounts.scoping.files_read). After the view has answered, this middleware
writes one row per file read, with the kind of read named by the URL (atout.privacy.reads),
in one INSERT. A new view that loads personal data through the scoping is logged without
doing anything; a download is recognised by its Content-Disposition (document_response and
FileResponse both set it) and keeps its format.

Only GET and HEAD answered with 2xx are reads. A redirect shows nothing (the page it leads to
logs its own read); an error or a 404 showed nothing either. A POST is a write, which the
file's history records with who and when; the form it may show again holds what was just
typed on a page whose GET was logged.
"""

from __future__ import annotations

import logging
import re

from atout.accounts.scoping import files_read
from atout.privacy import reads
from atout.privacy.services import reads_record

logger = logging.getLogger(__name__)

_FILENAME = re.compile(r"filename\*?=(?:utf-8'')?\"?([^\";]+)", re.IGNORECASE)


def _document(response) -> tuple[str, bool]:
    """(format, sent as attachment) of a document response; ("", False) for a page."""
    disposition = response.get("Content-Disposition", "")
    if not disposition:
        return "", False
    match = _FILENAME.search(disposition)
    name = match.group(1) if match else ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return extension[:10] or "file", disposition.strip().lower().startswith("attachment")


def _kind(request, response) -> tuple[str | None, str, int | None]:
    """(kind or None if not logged, document format, attachment id)."""
    match = request.resolver_match
    name = match.view_name if match is not None else ""
    if name in reads.NOT_LOGGED:
        return None, "", None
    kind = reads.READS.get(name)
    if kind is None:
        logger.error("A read of personal data at %r has no kind in atout.privacy.reads", name)
        kind = reads.Kind.UNCLASSIFIED
    document_format, downloaded = _document(response)
    if downloaded:
        kind = reads.DOWNLOADS.get(kind, kind)
    attachment_id = None
    if kind in reads.ATTACHMENT_KINDS:
        attachment_id = match.kwargs.get("pk")
    return kind, document_format, attachment_id


class AccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        noted: set[int] = set()
        token = files_read.set(noted)
        try:
            response = self.get_response(request)
        finally:
            files_read.reset(token)
        if noted and request.method in ("GET", "HEAD") and 200 <= response.status_code < 300:
            kind, document_format, attachment_id = _kind(request, response)
            if kind is not None:
                reads_record(
                    user=request.user,
                    organisation=getattr(request, "organisation", None),
                    participant_ids=noted,
                    action=kind,
                    attachment_id=attachment_id,
                    document_format=document_format,
                    ip_address=request.META.get("REMOTE_ADDR"),
                )
        return response
