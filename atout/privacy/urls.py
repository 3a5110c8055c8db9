from django.urls import path

from atout.privacy import views

app_name = "privacy"
urlpatterns = [
    path("mon-dossier/consultations/", views.my_file_reads, name="my_file_reads"),
]
