from django.urls import path

from atout.portability import views

app_name = "portability"
urlpatterns = [
    path("mes-donnees/", views.my_data, name="mine"),
    path("dossiers/<int:pk>/", views.file_page, name="file"),
    # pk: participant id; export_pk: that file's export
    path("dossiers/<int:pk>/copies/<int:export_pk>/", views.export_status, name="status"),
    path(
        "dossiers/<int:pk>/copies/<int:export_pk>/telecharger/",
        views.export_download,
        name="download",
    ),
]
