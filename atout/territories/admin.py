"""Platform admins keep the FSA → CLE table here (or load it with `manage.py import_fsa`)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from atout.territories.models import FsaArea


@admin.register(FsaArea)
class FsaAreaAdmin(SimpleHistoryAdmin):
    list_display = ["fsa", "cle", "updated_at"]
    list_filter = ["cle"]
    search_fields = ["fsa", "cle__name"]
    autocomplete_fields = ["cle"]
    ordering = ["fsa"]
