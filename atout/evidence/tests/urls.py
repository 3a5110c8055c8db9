"""Root URLs plus the evidence pages, until the project's urls.py includes them."""

from django.urls import include, path

from atout.urls import handler403, handler404  # noqa: F401
from atout.urls import urlpatterns as root_patterns

urlpatterns = list(root_patterns)
if not any(getattr(p, "namespace", None) == "evidence" for p in urlpatterns):
    urlpatterns.append(path("preuves/", include("atout.evidence.urls")))
