from django.urls import path

from atout.bundles import views

app_name = "bundles"
urlpatterns = [
    # pk: participant id; bundle_pk: that file's bundle
    path("<int:pk>/pochette/", views.bundle_page, name="page"),
    path("<int:pk>/pochette/<int:bundle_pk>/", views.bundle_progress, name="progress"),
    path(
        "<int:pk>/pochette/<int:bundle_pk>/telecharger/",
        views.bundle_download,
        name="download",
    ),
]
