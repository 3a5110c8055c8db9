from django.urls import path

from atout.letters import views

app_name = "letters"
urlpatterns = [
    # pk: participant id
    path("<int:pk>/lettres/", views.letter_list, name="list"),
    path("<int:pk>/lettres/nouvelle/", views.letter_create, name="create"),
    # participant_pk: the file; pk: the letter
    path("<int:participant_pk>/lettres/<int:pk>/", views.letter_detail, name="detail"),
    path("<int:participant_pk>/lettres/<int:pk>/modifier/", views.letter_edit, name="edit"),
    path("<int:participant_pk>/lettres/<int:pk>/supprimer/", views.letter_delete, name="delete"),
    path("<int:participant_pk>/lettres/<int:pk>/historique/", views.letter_history, name="history"),
    path("<int:participant_pk>/lettres/<int:pk>/soumission/", views.letter_submit, name="submit"),
    path(
        "<int:participant_pk>/lettres/<int:pk>/approbation/", views.letter_approve, name="approve"
    ),
    path(
        "<int:participant_pk>/lettres/<int:pk>/approbation-en-personne/",
        views.letter_approve_in_person,
        name="approve_in_person",
    ),
    path("<int:participant_pk>/lettres/<int:pk>/imprimee/", views.letter_printed, name="printed"),
    path("<int:participant_pk>/lettres/<int:pk>/document/", views.letter_document, name="document"),
]
