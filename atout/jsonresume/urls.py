from django.urls import path

from atout.jsonresume import views

app_name = "jsonresume"
urlpatterns = [
    # pk: participant id
    path("<int:pk>/json-resume/export/", views.resume_export, name="export"),
    path("<int:pk>/json-resume/importer/", views.resume_upload, name="import"),
    path("<int:pk>/json-resume/importer/apercu/", views.resume_preview, name="preview"),
]
