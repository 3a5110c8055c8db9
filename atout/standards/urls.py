from django.urls import path

from atout.standards import views

app_name = "standards"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("gestion/", views.manage, name="manage"),
    path("gestion/nouvelle/", views.create, name="create"),
    path("gestion/<int:pk>/", views.edit, name="edit"),
    path("gestion/<int:pk>/competences/", views.competency_add, name="competency_add"),
    path("gestion/<int:pk>/import/", views.import_tree, name="import"),
    path("gestion/<int:pk>/norme.json", views.export_json, name="export_json"),
    path("gestion/<int:pk>/norme.csv", views.export_csv, name="export_csv"),
    path("gestion/competence/<int:pk>/", views.competency_edit, name="competency_edit"),
    path(
        "gestion/competence/<int:pk>/supprimer/",
        views.competency_delete,
        name="competency_delete",
    ),
    path("gestion/competence/<int:pk>/elements/", views.element_add, name="element_add"),
    path("gestion/element/<int:pk>/", views.element_edit, name="element_edit"),
    path("gestion/element/<int:pk>/supprimer/", views.element_delete, name="element_delete"),
    path("gestion/element/<int:pk>/criteres/", views.criterion_add, name="criterion_add"),
    path("gestion/critere/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("gestion/critere/<int:pk>/supprimer/", views.criterion_delete, name="criterion_delete"),
]
