"""Platform admins publish the employer text of the passport's last page here.

A published version is never edited nor deleted (frozen passports point to it): a change is
a new version, which new approvals print from then on.
"""

from django.contrib import admin

from atout.measures.models import EmployerNotice


@admin.register(EmployerNotice)
class EmployerNoticeAdmin(admin.ModelAdmin):
    list_display = ["number", "published_at", "published_by", "note"]
    readonly_fields = ["number", "published_at", "published_by"]
    fields = ["text_fr", "text_en", "note", "number", "published_at", "published_by"]
    ordering = ["-number"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return
        obj.published_by = request.user
        obj.save()

    def get_changeform_initial_data(self, request) -> dict:
        """A new version starts from the current words."""
        latest = EmployerNotice.objects.order_by("-number").first()
        if latest is None:
            return super().get_changeform_initial_data(request)
        return {"text_fr": latest.text_fr, "text_en": latest.text_en}
