"""Project-wide views: the role-aware home page, the health check and error pages."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from atout.accounts import permissions as perms
from atout.accounts.models import Role
from atout.accounts.scoping import user_memberships


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the page their role starts from."""
    user = request.user
    if not user_memberships(user) and hasattr(user, "participant_file"):
        return redirect("participants:my_file")
    # Qualifications Québec's advisors start from their recognition dossiers (they also hold
    # the caseload of their own files), committee evaluators from the dossiers received.
    if perms.RECOGNITION_MANAGE in request.capabilities:
        return redirect("recognition:list")
    if perms.COMMITTEE_EVALUATE in request.capabilities:
        return redirect("committees:inbox")
    if perms.CASELOAD_ORGANISATION in request.capabilities:
        return redirect("participants:caseload")
    if perms.CASELOAD_REFERRED in request.capabilities:
        return redirect("participants:referred")
    roles = {role for _org, role in user_memberships(user)}
    return render(
        request,
        "home_upcoming.html",
        {
            "is_recognition_advisor": Role.RECOGNITION_ADVISOR in roles,
            "is_committee_evaluator": Role.COMMITTEE_EVALUATOR in roles,
            # Platform staff (the superuser) work in Django's admin, which only they can open.
            "is_platform_staff": user.is_staff,
        },
    )


def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
