from django.urls import path

from atout.measures import views

app_name = "measures"

urlpatterns = [
    path("<int:pk>/mesures/", views.measures_page, name="page"),
    path("mesures/<int:pk>/retirer/", views.measure_withdraw, name="withdraw"),
    path("mesures/<int:pk>/lettre/", views.measure_letter, name="letter"),
]
