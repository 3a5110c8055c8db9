from django.urls import path

from atout.resumes import views

app_name = "resumes"
urlpatterns = [
    # pk: participant id
    path("<int:pk>/cv/", views.cv_page, name="cv"),
    path("<int:pk>/cv/soumission/", views.cv_submit, name="submit"),
    path("<int:pk>/cv/approbation/", views.cv_approve, name="approve"),
    path(
        "<int:pk>/cv/approbation-en-personne/", views.cv_approve_in_person, name="approve_in_person"
    ),
    path("<int:pk>/cv/impression/", views.cv_print, name="print"),
    path("<int:pk>/cv/document/", views.cv_document, name="document"),
    # digest: the page image's sha256 (atout.documents.previews)
    path("<int:pk>/cv/apercu/<str:digest>.png", views.cv_preview_page, name="preview_page"),
]
