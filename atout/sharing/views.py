"""Share links: the management page (participant or counsellor) and the employer's page.

The employer's page answers one polite 404 page, byte for byte the same, for an unknown,
expired or revoked link, a wrong or throttled access code and a passport with nothing
approved: the answer tells a visitor nothing about which case it was. It sets no cookie
(no session, no CSRF cookie: the code form is exempt, since it acts for no logged-in user
and its guesses are throttled), and says noindex and no-referrer.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from atout.accounts import permissions as perms
from atout.common.views import INVALID
from atout.documents.responses import document_response
from atout.participants import selectors as participant_selectors
from atout.sharing import selectors, services
from atout.sharing.forms import AccessCodeForm, ShareLinkForm
from atout.sharing.models import ShareLink, ShareLinkView

# --- Management ---------------------------------------------------------------------------


def _links_page(request: HttpRequest, participant: Any, form: ShareLinkForm, status: int = 200):
    is_owner = participant.user_id == request.user.pk
    context = {
        "participant": participant,
        "form": form,
        "rows": selectors.links_for(user=request.user, participant=participant),
        "approved": selectors.shared_version(participant) is not None,
        "is_owner": is_owner,
    }
    return render(request, "sharing/links.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def share_links(request: HttpRequest, pk: int) -> HttpResponse:
    """The file's employer links: list with status and views, create one."""
    participant = participant_selectors.participant_for_user(user=request.user, pk=pk)
    perms.require(request.user, perms.SHARE_LINK_MANAGE, participant)
    if request.method != "POST":
        return _links_page(request, participant, ShareLinkForm())
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        return _links_page(request, participant, form, status=INVALID)
    from django.core.exceptions import ValidationError

    try:
        link, _token = services.share_link_create(
            participant=participant, actor=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _links_page(request, participant, form, status=INVALID)
    messages.success(request, _("Link created. Copy its address and give it to the employer."))
    url = reverse("sharing:links", kwargs={"pk": participant.pk})
    return redirect(f"{url}#link-{link.pk}")


@login_required
@require_POST
def share_link_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    link = ShareLink.objects.select_related("participant").get_visible_or_404(request.user, pk=pk)
    perms.require(request.user, perms.SHARE_LINK_MANAGE, link.participant)
    services.share_link_revoke(link=link, actor=request.user)
    messages.success(request, _("Link revoked: it no longer opens."))
    return redirect("sharing:links", pk=link.participant_id)


# --- The employer's page ------------------------------------------------------------------

ACCESS_MAX_AGE = 30 * 60


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


def unavailable(request: HttpRequest) -> HttpResponse:
    """The one answer for every link that does not open (see the module docstring)."""
    body = render_to_string("sharing/unavailable.html", request=None)
    response = HttpResponse(body, status=404)
    # Django logs every 404 with its path; this path holds a link's token (perhaps a live one
    # with a wrong code), which must not reach the logs.
    response._has_been_logged = True
    return _private(response)


def _access_token(link: ShareLink) -> str:
    return signing.dumps(link.pk, salt=f"atout.sharing.access.{link.token_hash}")


def _access_ok(link: ShareLink, value: str) -> bool:
    try:
        pk = signing.loads(
            value or "", salt=f"atout.sharing.access.{link.token_hash}", max_age=ACCESS_MAX_AGE
        )
    except signing.BadSignature:
        return False
    return pk == link.pk


def _lang(request: HttpRequest) -> str | None:
    value = request.POST.get("lang") if request.method == "POST" else request.GET.get("lang")
    if value in ("fr", "en"):
        return value
    return "en" if translation.get_language() == "en" else None


def _record(request: HttpRequest, link: ShareLink, what: str) -> None:
    # A HEAD (link checkers, some chat previews) reads nothing: it is not counted.
    if request.method != "HEAD":
        services.share_link_view_record(
            link=link, user_agent=request.META.get("HTTP_USER_AGENT", ""), what=what
        )


def _page(request: HttpRequest, view: Any, *, access: str = "") -> HttpResponse:
    _record(request, view.link, ShareLinkView.What.PAGE)
    # The page speaks the visitor's language; the document keeps its own (marked with lang).
    body = render_to_string(
        "sharing/public.html", {"view": view, "p": view.passport, "access": access}
    )
    return _private(HttpResponse(body))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def public(request: HttpRequest, token: str) -> HttpResponse:
    """The employer's page; with an access code, GET asks for it and POST checks it."""
    link = selectors.link_for_token(token)
    view = selectors.shared_view(link, lang=_lang(request))
    if request.method == "POST":
        access = request.POST.get("access", "")
        if view is not None and link.has_code and _access_ok(link, access):
            return _page(request, view, access=access)
        code = request.POST.get("code", "")
        right = services.code_check(
            link=link if view is not None else None,
            code=code,
            address=request.META.get("REMOTE_ADDR"),
        )
        if not right:
            return unavailable(request)
        return _page(request, view, access=_access_token(link))
    if view is None:
        return unavailable(request)
    if link.has_code:
        body = render_to_string("sharing/code.html", {"form": AccessCodeForm(), "view": view})
        return _private(HttpResponse(body))
    return _page(request, view)


DOCUMENTS = {
    "passport": ShareLinkView.What.PASSPORT,
    "cv": ShareLinkView.What.CV,
    "portfolio": ShareLinkView.What.PORTFOLIO,
}


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def public_document(request: HttpRequest, token: str, what: str) -> HttpResponse:
    """A PDF of the shared page: GET without a code, POST with the page's access token."""
    link = selectors.link_for_token(token)
    view = selectors.shared_view(link, lang=_lang(request))
    if view is None or what not in DOCUMENTS:
        return unavailable(request)
    if link.has_code and not (
        request.method == "POST" and _access_ok(link, request.POST.get("access", ""))
    ):
        return unavailable(request)
    document = selectors.shared_document(view, what)
    if document is None:
        return unavailable(request)
    _record(request, link, DOCUMENTS[what])
    return _private(document_response(document, as_attachment=False))
