from django.urls import path

from atout.sharing import views

app_name = "sharing"
urlpatterns = [
    # pk: participant id
    path("dossiers/<int:pk>/liens-employeurs/", views.share_links, name="links"),
    # pk: share link id
    path("liens-employeurs/<int:pk>/revoquer/", views.share_link_revoke, name="revoke"),
    # The employer's page: the URL carries the token only.
    path("p/<str:token>/", views.public, name="public"),
    path("p/<str:token>/<slug:what>.pdf", views.public_document, name="public_document"),
]
