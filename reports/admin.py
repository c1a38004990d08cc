from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessment, Evidence, ExpectedReport, IndicatorValue, Report


@admin.register(ExpectedReport)
class ExpectedReportAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "campaign", "label", "frequency", "due_date", "last_on_time"]
    list_filter = ["frequency", "level"]
    search_fields = ["unit__search_key", "label"]
    raw_id_fields = ["campaign", "unit", "organisation", "province", "phase"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    raw_id_fields = ["indicator"]
    exclude = ["unit_path", "level", "period_start"]


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["expected", "status", "version", "submitted_at", "on_time"]
    list_filter = ["status", "on_time"]
    search_fields = ["unit__search_key"]
    raw_id_fields = ["expected", "unit", "submitted_by", "reviewed_by"]
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["report", "indicator", "numerator", "denominator", "count", "boolean", "met"]
    raw_id_fields = ["report", "indicator"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "report", "content_type", "size", "uploaded_at"]
    raw_id_fields = ["report", "uploaded_by"]
    readonly_fields = ["file", "sha256"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "campaign", "year", "score", "classification", "safe_recognised"]
    list_filter = ["year", "classification", "safe_recognised", "source"]
    raw_id_fields = ["campaign", "unit", "province", "decided_by"]
