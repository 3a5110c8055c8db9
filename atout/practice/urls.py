from django.urls import path

from atout.practice import views

app_name = "practice"
urlpatterns = [
    # pk: participant id
    path("<int:pk>/pratique/", views.practice_page, name="cards"),
    path("<int:pk>/pratique/carte/", views.card_save, name="save"),
    path("<int:pk>/pratique/note/", views.coach_note, name="coach"),
    path("<int:pk>/pratique/fiche/", views.practice_sheet, name="sheet"),
    path("<int:pk>/pratique/historique/", views.practice_history, name="history"),
]
