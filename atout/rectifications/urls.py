from django.urls import path

from atout.rectifications import views

app_name = "rectifications"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("a-traiter/", views.pending, name="pending"),
    path("<int:pk>/", views.decide, name="decide"),
]
