from django.urls import path

from atout.disclosures import views

app_name = "disclosures"
urlpatterns = [
    path("mes-consentements/", views.mine, name="mine"),
    # pk: disclosure id
    path("mes-consentements/<int:pk>/retirer/", views.withdraw_mine, name="withdraw_mine"),
    # pk: participant id
    path("dossiers/<int:pk>/", views.file_page, name="file"),
    # pk: disclosure id
    path("consentements/<int:pk>/retirer/", views.withdraw, name="withdraw"),
]
