from django.urls import path

from atout.recognition import views

app_name = "recognition"
urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("nouveau/", views.dossier_create, name="create"),
    path("cle/", views.cle_list, name="cle_list"),
    path("mes-liens/", views.my_links, name="my_links"),
    # pk: recognition dossier id
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/modifier/", views.dossier_edit, name="edit"),
    path("<int:pk>/phase/", views.dossier_move, name="move"),
    path("<int:pk>/rencontres/", views.meeting_add, name="meeting_add"),
    path("<int:pk>/actif/", views.confirm_active, name="confirm_active"),
    path("<int:pk>/inventaire/", views.inventory, name="inventory"),
    path("<int:pk>/inventaire/pdf/", views.inventory_pdf, name="inventory_pdf"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path("<int:pk>/documents/retirer/", views.document_remove, name="document_remove"),
    path("<int:pk>/preuves/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/preuves/retirer/", views.evidence_remove, name="evidence_remove"),
    path("<int:pk>/liaison/", views.link_request, name="link_request"),
    path("<int:pk>/liaison/revoquer/", views.link_revoke, name="link_revoke"),
    path("<int:pk>/toujours-actif/", views.still_active, name="still_active"),
    path("<int:pk>/revenu/", views.income, name="income"),
]
