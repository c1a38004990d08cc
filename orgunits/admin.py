from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import AdminUnit, DocumentSeries, EmulationGroup, Organisation, Succession


@admin.register(AdminUnit)
class AdminUnitAdmin(TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(AdminUnit, exclude=["province"])
    list_display = ["__str__", "code", "level", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["name", "code", "search_key"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "doc_code", "unit", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "search_key"]
    autocomplete_fields = ["unit", "parent"]


@admin.register(Succession)
class SuccessionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "effective_date", "legal_basis"]
    list_filter = ["kind"]
    autocomplete_fields = ["from_unit", "to_unit", "from_organisation", "to_organisation"]


@admin.register(EmulationGroup)
class EmulationGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "unit", "head"]
    autocomplete_fields = ["unit", "head"]
    filter_horizontal = ["members"]


@admin.register(DocumentSeries)
class DocumentSeriesAdmin(admin.ModelAdmin):
    list_display = ["organisation", "type_code", "year", "last_number"]
    list_filter = ["type_code", "year"]
