from django.urls import path

from atout.cards import views

app_name = "cards"
urlpatterns = [
    # pk: participant id
    path("dossiers/<int:pk>/cartes/", views.participant_cards, name="participant"),
    path("dossiers/<int:pk>/cartes/pdf/", views.cards_pdf, name="pdf"),
    # The active organisation's print settings (org admin)
    path("organisation/impression/", views.print_settings, name="print_settings"),
    path("organisation/impression/page-test/", views.test_page, name="test_page"),
    path("organisation/impression/formats/nouveau/", views.layout_create, name="layout_create"),
    # pk: card stock layout id (the active organisation's)
    path("organisation/impression/formats/<int:pk>/", views.layout_edit, name="layout_edit"),
    path(
        "organisation/impression/formats/<int:pk>/supprimer/",
        views.layout_delete,
        name="layout_delete",
    ),
]
