from django.conf import settings


def atout(request) -> dict:
    return {
        "active_organisation": getattr(request, "organisation", None),
        "user_organisations": getattr(request, "organisations", []),
        "capabilities": getattr(request, "capabilities", frozenset()),
        "require_2fa": settings.ATOUT_REQUIRE_2FA,
    }
