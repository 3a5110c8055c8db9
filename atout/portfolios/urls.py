from django.urls import path

from atout.portfolios import views

app_name = "portfolios"
urlpatterns = [
    path("<int:pk>/portfolio/", views.portfolio_page, name="page"),
    path("<int:pk>/portfolio/soumission/", views.portfolio_submit, name="submit"),
    path("<int:pk>/portfolio/approbation/", views.portfolio_approve, name="approve"),
    path(
        "<int:pk>/portfolio/approbation-en-personne/",
        views.portfolio_approve_in_person,
        name="approve_in_person",
    ),
    path("<int:pk>/portfolio/impression/", views.portfolio_printed, name="printed"),
    path("<int:pk>/portfolio/document/", views.draft_document, name="draft_document"),
    path(
        "<int:pk>/portfolio/document/approuve/", views.approved_document, name="approved_document"
    ),
]
