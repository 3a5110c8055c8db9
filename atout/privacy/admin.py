"""The whole access log, for the platform's superusers only: read-only.

It is where the rows of deleted files can be read (no organisation scopes them any more)
until the retention issue decides how long they are kept.
"""

from django.contrib import admin

from atout.privacy.models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "participant_label",
        "action",
        "document_format",
        "reader_role",
        "reader_organisation",
        "user",
    ]
    list_filter = ["action", "reader_role"]
    search_fields = ["=participant_ref"]
    list_select_related = ["user", "reader_organisation"]
    date_hierarchy = "at"

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
