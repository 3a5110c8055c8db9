from django.urls import path

from atout.evidence import views

app_name = "evidence"
urlpatterns = [
    # pk: participant id
    path("dossiers/<int:pk>/", views.evidence_list, name="list"),
    path(
        "dossiers/<int:pk>/experiences/nouvelle/",
        views.experience_create,
        name="experience_create",
    ),
    path(
        "dossiers/<int:pk>/realisations/nouvelle/",
        views.achievement_create,
        name="achievement_create",
    ),
    # pk: experience id
    path("experiences/<int:pk>/", views.experience_edit, name="experience_edit"),
    path("experiences/<int:pk>/supprimer/", views.experience_delete, name="experience_delete"),
    # pk: achievement id
    path("realisations/<int:pk>/", views.achievement_edit, name="achievement_edit"),
    path("realisations/<int:pk>/supprimer/", views.achievement_delete, name="achievement_delete"),
]
