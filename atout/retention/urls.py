from django.urls import path

from atout.retention import views

app_name = "retention"

urlpatterns = [
    path("", views.rules_page, name="rules"),
    path("destructions/", views.destruction_log, name="destructions"),
    path("destructions.csv", views.destruction_log_csv, name="destructions_csv"),
    path("dossiers/<int:pk>/garde/", views.hold, name="hold"),
]
