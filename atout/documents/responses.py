"""Serving a rendered document: the one place that sets its download headers."""

from django.http import HttpResponse

from atout.documents.rendering import RenderedDocument


def document_response(document: RenderedDocument, *, as_attachment: bool = False) -> HttpResponse:
    """Personal documents are never cached by browsers or proxies.

    The Content-Disposition set here is what marks the request as a document read in the
    access log (atout.privacy.middleware), with the format taken from the file name.
    """
    response = HttpResponse(document.content, content_type=document.content_type)
    disposition = "attachment" if as_attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{document.name}"'
    response["Cache-Control"] = "private, no-store"
    return response
