from __future__ import annotations

import base64
import io

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from atout.accounts import services
from atout.accounts.forms import LoginForm, TokenForm
from atout.accounts.middleware import ACTIVE_ORG_SESSION_KEY


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("accounts:login")


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    device = services.totp_device_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = services.totp_device_confirm(
            user=request.user, token=form.cleaned_data["token"]
        )
        if confirmed:
            otp_login(request, confirmed)
            messages.success(request, _("Two-step verification is on for your account."))
            return redirect("home")
        form.add_error("token", _("This code does not match. Check the time on your phone."))
    svg = io.BytesIO()
    # A standalone SVG (with its namespace), so the browser draws it as an image.
    segno.make(device.config_url, error="m").save(svg, kind="svg", scale=5, dark="#1b1f3b")
    qr_data_uri = "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode()
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_data_uri": qr_data_uri,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_safe_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("This code does not match or has expired. Try the new one."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
@require_POST
def organisation_switch(request: HttpRequest) -> HttpResponse:
    try:
        wanted = int(request.POST.get("organisation", ""))
    except ValueError:
        wanted = None
    if wanted in {org.pk for org in request.organisations}:
        request.session[ACTIVE_ORG_SESSION_KEY] = wanted
    return redirect("home")
