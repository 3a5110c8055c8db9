from django.urls import path

from atout.accounts import views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("double-authentification/", views.otp_setup, name="otp_setup"),
    path("double-authentification/verification/", views.otp_verify, name="otp_verify"),
    path("organisation/", views.organisation_switch, name="organisation_switch"),
]
