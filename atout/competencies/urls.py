from atout.competencies.views import coverage, evaluation, languages, reference

app_name = "competencies"
urlpatterns = [
    *reference.urlpatterns,
    *evaluation.urlpatterns,
    *languages.urlpatterns,
    *coverage.urlpatterns,
]
