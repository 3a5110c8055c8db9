"""E-mails of the recognition service: a first name and a link, nothing about the dossier."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def _first_name(user: Any) -> str:
    return (user.full_name or "").split(" ")[0] if user is not None else ""


def send_activity_check(dossier: Any) -> int:
    """Ask the candidate (if they have a login) and the advisor to confirm the dossier is
    still active; the link opens the one-click confirmation page."""
    link = settings.SITE_URL.rstrip("/") + reverse("recognition:still_active", args=[dossier.pk])
    recipients = [getattr(dossier.participant, "user", None), dossier.advisor]
    sent = 0
    for user in recipients:
        if user is None or not user.email or not user.is_active:
            continue
        language = "en" if getattr(user, "preferred_language", "") == "en" else "fr-ca"
        with translation.override(language):
            body = render_to_string(
                "recognition/email/still_active.txt",
                {"first_name": _first_name(user), "link": link},
            )
            send_mail(
                subject=_("Is your recognition dossier still active?"),
                message=body,
                from_email=None,
                recipient_list=[user.email],
            )
        sent += 1
    return sent


def send_link_request(request: Any) -> bool:
    """Tell the person (if an account uses that e-mail) that Qualifications Québec asks to
    link their files; the link opens their answer page."""
    from atout.accounts.models import User

    user = User.objects.filter(email__iexact=request.email, is_active=True).first()
    if user is None:
        return False
    link = settings.SITE_URL.rstrip("/") + reverse("recognition:my_links")
    language = "en" if getattr(user, "preferred_language", "") == "en" else "fr-ca"
    with translation.override(language):
        body = render_to_string(
            "recognition/email/link_request.txt",
            {"first_name": _first_name(user), "link": link},
        )
        send_mail(
            subject=_("Qualifications Québec asks to link your files"),
            message=body,
            from_email=None,
            recipient_list=[user.email],
        )
    return True
