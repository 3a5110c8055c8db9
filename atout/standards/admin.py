"""Platform staff maintain every committee's standards here; committees use their own pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from atout.standards.models import Competency, Criterion, Element, OtherRoute, Standard


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 0
    fields = ["number", "kind", "title_fr", "title_en", "to_be_completed"]
    show_change_link = True


class ElementInline(admin.TabularInline):
    model = Element
    extra = 0
    fields = ["number", "title_fr", "title_en"]
    show_change_link = True


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["number", "text_fr", "text_en"]


@admin.register(Standard)
class StandardAdmin(SimpleHistoryAdmin):
    list_display = ["title_fr", "noc_code", "committee", "status", "is_complete", "published"]
    list_filter = ["status", "is_complete", "published", "committee"]
    search_fields = ["title_fr", "title_en", "noc_code"]
    inlines = [CompetencyInline]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(Competency)
class CompetencyAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "standard", "kind", "to_be_completed"]
    list_filter = ["kind", "to_be_completed", "standard"]
    inlines = [ElementInline]


@admin.register(Element)
class ElementAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "competency"]
    inlines = [CriterionInline]


@admin.register(OtherRoute)
class OtherRouteAdmin(SimpleHistoryAdmin):
    list_display = ["trade_fr", "kind", "body", "noc_code"]
    list_filter = ["kind"]
    search_fields = ["trade_fr", "trade_en", "noc_code", "body"]
