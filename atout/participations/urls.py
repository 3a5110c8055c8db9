from django.urls import path

from atout.participations import views

app_name = "participations"
urlpatterns = [
    path("suivies/", views.followed, name="followed"),
    # pk: the participant file
    path("dossier/<int:pk>/demarrer/", views.participation_start, name="start"),
    # pk: the participation
    path("<int:pk>/", views.participation_detail, name="detail"),
    path("<int:pk>/plan/", views.participation_plan, name="plan"),
    path("<int:pk>/statut/", views.participation_move, name="move"),
    path("<int:pk>/activites/", views.activity_add, name="activity_add"),
    path("<int:pk>/etapes-presentees/", views.steps_presented, name="steps_presented"),
    path("<int:pk>/suivi-cle/", views.cle_note_add, name="cle_note_add"),
    path("<int:pk>/mobilisation/", views.mobilisation, name="mobilisation"),
    path("<int:pk>/mobilisation/lettre/", views.mobilisation_letter, name="mobilisation_letter"),
    path("<int:pk>/retroinformation/", views.feedback, name="feedback"),
    path("<int:pk>/retroinformation/envoi/", views.feedback_send, name="feedback_send"),
    path(
        "<int:pk>/retroinformation/accuse-reception/",
        views.feedback_acknowledge,
        name="feedback_acknowledge",
    ),
    path("<int:pk>/retroinformation/pdf/", views.feedback_document, name="feedback_document"),
]
