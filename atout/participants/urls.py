from django.urls import path

from atout.participants import views

app_name = "participants"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("references/", views.referred, name="referred"),
    path("nouveau/", views.participant_create, name="create"),
    path("mon-dossier/", views.my_file, name="my_file"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<int:pk>/", views.participant_detail, name="detail"),
    path("<int:pk>/modifier/", views.participant_edit, name="edit"),
    path("<int:pk>/historique/", views.participant_history, name="history"),
    path("<int:pk>/journal/", views.note_add, name="note_add"),
    path("<int:pk>/documents/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/invitation/", views.participant_invite, name="invite"),
    path("notes/<int:pk>/modifier/", views.note_edit, name="note_edit"),
    path("documents/<int:pk>/", views.attachment_download, name="attachment_download"),
]
