from django.urls import path

from atout.certificates import views

app_name = "certificates"
urlpatterns = [
    path("mes-reconnaissances/", views.mine, name="mine"),
    path("certificats/dossier/<int:pk>/", views.record, name="record"),
    path("certificats/dossier/<int:pk>/demande/", views.application, name="application"),
    path("certificats/dossier/<int:pk>/delivrance/", views.issue, name="issue"),
    path("certificats/<int:pk>/releve.pdf", views.credential_pdf, name="credential_pdf"),
]
