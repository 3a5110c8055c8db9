from django.urls import path

from atout.evidence import views

app_name = "evidence"
urlpatterns = [
    # pk: participant id
    path("dossiers/<int:pk>/", views.evidence_list, name="list"),
    path(
        "dossiers/<int:pk>/experiences/nouvelle/",
        views.experience_create,
        name="experience_create",
    ),
    path(
        "dossiers/<int:pk>/realisations/nouvelle/",
        views.achievement_create,
        name="achievement_create",
    ),
    # pk: experience id
    path("experiences/<int:pk>/", views.experience_edit, name="experience_edit"),
    path("experiences/<int:pk>/supprimer/", views.experience_delete, name="experience_delete"),
    # pk: achievement id
    path("realisations/<int:pk>/", views.achievement_edit, name="achievement_edit"),
    path("realisations/<int:pk>/supprimer/", views.achievement_delete, name="achievement_delete"),
]

urlpatterns += [
    # Education, certificates, references (pk: participant id, then the record's id)
    path(
        "dossiers/<int:pk>/formations/nouvelle/",
        views.record_create,
        {"kind": "education"},
        name="education_create",
    ),
    path("formations/<int:pk>/", views.record_edit, {"kind": "education"}, name="education_edit"),
    path(
        "formations/<int:pk>/supprimer/",
        views.record_delete,
        {"kind": "education"},
        name="education_delete",
    ),
    path(
        "dossiers/<int:pk>/certificats/nouveau/",
        views.record_create,
        {"kind": "certificate"},
        name="certificate_create",
    ),
    path(
        "certificats/<int:pk>/", views.record_edit, {"kind": "certificate"}, name="certificate_edit"
    ),
    path(
        "certificats/<int:pk>/supprimer/",
        views.record_delete,
        {"kind": "certificate"},
        name="certificate_delete",
    ),
    path(
        "dossiers/<int:pk>/references/nouvelle/",
        views.record_create,
        {"kind": "reference"},
        name="reference_create",
    ),
    path("references/<int:pk>/", views.record_edit, {"kind": "reference"}, name="reference_edit"),
    path(
        "references/<int:pk>/supprimer/",
        views.record_delete,
        {"kind": "reference"},
        name="reference_delete",
    ),
    path("dossiers/<int:pk>/interets-valeurs/", views.profile_edit, name="profile_edit"),
    # The participant proposes (pk: participant id, then the proposal's id)
    path(
        "dossiers/<int:pk>/proposer/experience/",
        views.propose_experience,
        name="propose_experience",
    ),
    path(
        "dossiers/<int:pk>/proposer/realisation/",
        views.propose_achievement,
        name="propose_achievement",
    ),
    path(
        "propositions/experiences/<int:pk>/",
        views.proposal_experience_edit,
        name="proposal_experience_edit",
    ),
    path(
        "propositions/realisations/<int:pk>/",
        views.proposal_achievement_edit,
        name="proposal_achievement_edit",
    ),
    # The counsellor reviews a proposal
    path("experiences/<int:pk>/revue/", views.experience_review, name="experience_review"),
    path("realisations/<int:pk>/revue/", views.achievement_review, name="achievement_review"),
]
