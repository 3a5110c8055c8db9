from django.urls import path

from atout.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("cle/", views.cle, name="cle"),
    path("cle/demandes.csv", views.cle_requests_csv, name="cle_requests_csv"),
    path("cle/participations.csv", views.cle_participations_csv, name="cle_participations_csv"),
    path("organisme/", views.organisation, name="organisation"),
    path("organisme/participations.csv", views.organisation_csv, name="organisation_csv"),
]

# The recognition report (atout.dashboards.recognition_views).
from atout.dashboards import recognition_views  # noqa: E402

urlpatterns += [
    path("reconnaissance/", recognition_views.recognition, name="recognition"),
    path("reconnaissance/rapport.csv", recognition_views.recognition_csv, name="recognition_csv"),
]
