from atout.passports.views import urlpatterns as builder_urls

app_name = "passports"
urlpatterns = builder_urls
