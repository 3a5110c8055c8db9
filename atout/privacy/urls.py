from django.urls import path

from atout.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.notice, name="notice"),
    path("responsable/", views.officer, name="officer"),
    path("dossiers/<int:pk>/consultations.csv", views.access_log_csv, name="access_log_csv"),
    path("mon-dossier/consultations/", views.my_file_reads, name="my_file_reads"),
]
