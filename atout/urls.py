from django.contrib import admin
from django.urls import include, path

from atout import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("compte/", include("atout.accounts.urls")),
    path("dossiers/", include("atout.participants.urls")),
    path("dossiers/", include("atout.resumes.urls")),
    path("dossiers/", include("atout.jsonresume.urls")),
    path("dossiers/", include("atout.letters.urls")),
    path("dossiers/", include("atout.portfolios.urls")),
    path("dossiers/", include("atout.practice.urls")),
    path("dossiers/", include("atout.bundles.urls")),
    path("dossiers/", include("atout.measures.urls")),
    path("competences/", include("atout.competencies.urls")),
    path("passeport/", include("atout.passports.urls")),
    path("preuves/", include("atout.evidence.urls")),
    path("confidentialite/", include("atout.privacy.urls")),
    path("participations/", include("atout.participations.urls")),
    path("demandes/", include("atout.referrals.urls")),
    path("reconnaissance/", include("atout.recognition.urls")),
    path("tableaux/", include("atout.dashboards.urls")),
    path("normes/", include("atout.standards.urls")),
    path("comite/", include("atout.committees.urls")),
    path("communications/", include("atout.disclosures.urls")),
    path("", include("atout.cards.urls")),
    path("", include("atout.sharing.urls")),
    path("", include("atout.certificates.urls")),
    path("incidents/", include("atout.incidents.urls")),
    path("corrections/", include("atout.rectifications.urls")),
    path("conservation/", include("atout.retention.urls")),
    path("donnees/", include("atout.portability.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "atout.views.permission_denied"
handler404 = "atout.views.page_not_found"
