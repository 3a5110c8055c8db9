from django.urls import path

from atout.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("nouvelle/", views.request_create, name="create"),
    path("recues/", views.inbox, name="inbox"),
    path("ententes/", views.agreement_list, name="agreements"),
    path("ententes/nouvelle/", views.agreement_create, name="agreement_create"),
    # pk: agreement id
    path("ententes/<int:pk>/", views.agreement_edit, name="agreement_edit"),
    # pk: service request id
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/modifier/", views.request_edit, name="edit"),
    path("<int:pk>/pdf/", views.request_pdf, name="pdf"),
    path("<int:pk>/envoyer/", views.request_send, name="send"),
    path("<int:pk>/retirer/", views.request_withdraw, name="withdraw"),
    path("<int:pk>/rediriger/", views.request_redirect, name="redirect"),
    path("<int:pk>/accepter/", views.request_accept, name="accept"),
    path("<int:pk>/refuser/", views.request_decline, name="decline"),
]
