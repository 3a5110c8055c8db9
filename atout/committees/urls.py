from django.urls import path

from atout.committees import views

app_name = "committees"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    # pk: recognition dossier id (the advisor's side)
    path("dossiers/<int:pk>/envoi/", views.package, name="package"),
    path("dossiers/<int:pk>/lettre-resultat/", views.result_letter, name="result_letter"),
    # pk: transmission id
    path("envois/<int:pk>/", views.transmission_detail, name="transmission"),
    path("envois/<int:pk>/reception/", views.acknowledge, name="acknowledge"),
    path("envois/<int:pk>/documents/<int:attachment_pk>/", views.document, name="document"),
    path("envois/<int:pk>/evaluer/", views.evaluate, name="evaluate"),
    path("envois/<int:pk>/retour/", views.return_for_more, name="return"),
    path("envois/<int:pk>/decision/", views.decide, name="decide"),
    path("envois/<int:pk>/confirmation/", views.confirmation_pdf, name="confirmation"),
    path("envois/<int:pk>/confirmation/envoyer/", views.confirm, name="confirm"),
    path("envois/<int:pk>/notes/", views.note_add, name="note_add"),
]
