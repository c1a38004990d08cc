from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assignment,
    BasisReference,
    Campaign,
    ContentItem,
    DistributionTarget,
    Indicator,
    Phase,
    PlanRevision,
    PlanSection,
    Recipient,
    SubjectCategory,
)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["order", "code", "name", "kind", "comparator", "target_value", "frequency"]


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "issuer", "status", "start_date", "end_date"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "search_key"]
    autocomplete_fields = ["issuer", "parent"]
    inlines = [PhaseInline, IndicatorInline, RecipientInline]


for model in (
    Assignment,
    BasisReference,
    ContentItem,
    DistributionTarget,
    Indicator,
    Phase,
    PlanSection,
    Recipient,
    SubjectCategory,
):
    admin.site.register(model, SimpleHistoryAdmin)


@admin.register(PlanRevision)
class PlanRevisionAdmin(admin.ModelAdmin):
    list_display = ["campaign", "revision", "reference", "issued_on"]
    readonly_fields = ["campaign", "revision", "reference", "issued_on", "content"]
