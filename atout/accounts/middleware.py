"""Per-request organisation context and the two-factor gate."""

from __future__ import annotations

from operator import attrgetter
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from atout.accounts.models import Organisation, Role
from atout.accounts.permissions import organisation_capabilities
from atout.accounts.scoping import memberships_remembered, remember_memberships, user_memberships

ACTIVE_ORG_SESSION_KEY = "atout_active_organisation"
NO_DEVICE_SESSION_KEY = "atout_no_otp_device"


def _organisations(user) -> list[Organisation]:
    """The user's active organisations by name, and their memberships, in one query.

    Fills the per-request cache `scoping.user_memberships` keeps on the user (the same
    (organisation id, role) pairs it would read, in membership order), so every request of
    a member costs one query here instead of two (issue 14).
    """
    if memberships_remembered(user):  # already read this request
        org_ids = {org_id for org_id, _role in user_memberships(user)}
        return list(Organisation.objects.filter(pk__in=org_ids)) if org_ids else []
    rows = list(
        user.memberships.filter(organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id", "pk")
    )
    by_pk = sorted(rows, key=attrgetter("pk"))
    remember_memberships(user, [(m.organisation_id, m.role) for m in by_pk])
    return list({m.organisation_id: m.organisation for m in rows}.values())


class OrganisationMiddleware:
    """Sets request.organisation (the active one) and request.capabilities held there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = None
        request.organisations = []
        request.capabilities = frozenset()
        user = request.user
        if user.is_authenticated:
            request.organisations = _organisations(user)
            if request.organisations:
                wanted = request.session.get(ACTIVE_ORG_SESSION_KEY)
                by_id = {org.pk: org for org in request.organisations}
                request.organisation = by_id.get(wanted) or request.organisations[0]
                request.capabilities = organisation_capabilities(user, request.organisation.pk)
        return self.get_response(request)


def _is_exempt(path: str, *, has_device: bool) -> bool:
    exempt = [
        reverse("accounts:logout"),
        reverse("accounts:otp_verify"),
        reverse("set_language"),
        reverse("healthz"),
        settings.STATIC_URL,
    ]
    # Enrolling replaces the confirmed device: only open to someone who has none yet, or who
    # has already passed the second factor (else the password alone would bypass it).
    if not has_device:
        exempt.append(reverse("accounts:otp_setup"))
    return any(path.startswith(prefix) for prefix in exempt)


class TwoFactorMiddleware:
    """Asks for the second factor of users who have one; makes admins enrol when required."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        # Who had no authenticator when the session began is not asked again on every page
        # (two queries per request); enrolling verifies the session anyway.
        has_device = False
        setup = request.path.startswith(reverse("accounts:otp_setup"))
        # The set-up page always checks afresh: an authenticator added from another browser
        # must not be replaceable from a session that never passed it.
        if setup or not request.session.get(NO_DEVICE_SESSION_KEY):
            has_device = user_has_device(user, confirmed=True)
            if not has_device:
                request.session[NO_DEVICE_SESSION_KEY] = True
        if not _is_exempt(request.path, has_device=has_device):
            if has_device:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:otp_verify')}?{query}")
            if settings.ATOUT_REQUIRE_2FA and (
                user.is_superuser
                or any(role == Role.ORG_ADMIN for _org, role in user_memberships(user))
            ):
                return redirect("accounts:otp_setup")
        return self.get_response(request)
