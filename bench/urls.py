"""Bench-only URLconf: the product's URLs plus a minimal baseline view.

The baseline goes through the same middleware stack as every page (session, user,
memberships, organisation, session save) and the same site layout (`base.html`), but does
the least a real page can: one query for 50 rows of one table.
"""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from atout.participants.models import Participant

MINIMAL_ROWS = 50
_TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<table class="table">'
    "{% for pk, family, given, status in rows %}"
    "<tr><td>{{ pk }}</td><td>{{ family }}</td><td>{{ given }}</td><td>{{ status }}</td></tr>"
    "{% endfor %}</table>{% endblock %}"
)


def minimal(request: HttpRequest) -> HttpResponse:
    rows = Participant.objects.order_by("pk").values_list(
        "pk", "family_name", "given_names", "status"
    )[:MINIMAL_ROWS]
    return HttpResponse(_TEMPLATE.render({"rows": rows}, request))


urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("", include("atout.urls")),
]

handler403 = "atout.views.permission_denied"
handler404 = "atout.views.page_not_found"
