from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AwardForm,
    AwardRecord,
    BatchEvent,
    Council,
    CouncilVote,
    Criterion,
    CriterionAnswer,
    Decision,
    DossierDocument,
    Nomination,
    NominationBatch,
    Objection,
    Quota,
    QuotaAllocation,
)
from .selectors import council_voting_batches
from .services.deadlines import quota_deadlines_sync


@admin.register(AwardForm)
class AwardFormAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "level", "subject", "owner_unit", "active")
    list_filter = ("level", "subject", "active", "service_rule")
    raw_id_fields = ("owner_unit",)
    search_fields = ("code", "name", "authority")


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ("campaign", "category_code", "subject", "order", "auto_check")
    list_filter = ("subject", "auto_check")
    raw_id_fields = ("campaign", "category")


class QuotaAllocationInline(admin.TabularInline):
    model = QuotaAllocation
    raw_id_fields = ("organisation",)
    extra = 0


@admin.register(Quota)
class QuotaAdmin(SimpleHistoryAdmin):
    list_display = (
        "campaign",
        "form",
        "max_collectives",
        "max_individuals",
        "leader_cap_percent",
        "submission_deadline",
    )
    raw_id_fields = ("campaign",)
    inlines = [QuotaAllocationInline]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        # Deadlines edited here reach the reminders too (after the inline allocations).
        quota_deadlines_sync(form.instance)


@admin.register(QuotaAllocation)
class QuotaAllocationAdmin(SimpleHistoryAdmin):
    list_display = ("quota", "organisation", "collectives", "individuals", "submission_deadline")
    raw_id_fields = ("quota", "organisation")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        quota_deadlines_sync(obj.quota)


class NominationInline(admin.TabularInline):
    model = Nomination
    fields = ("kind", "person", "organisation", "admin_unit", "appraisal_status", "struck")
    raw_id_fields = ("person", "organisation", "admin_unit")
    extra = 0


@admin.register(NominationBatch)
class NominationBatchAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "campaign", "form", "proposer", "status", "year")
    list_filter = ("status", "form")
    raw_id_fields = ("campaign", "proposer", "council", "created_by")
    inlines = [NominationInline]


@admin.register(Nomination)
class NominationAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "batch", "kind", "appraisal_status", "council_result", "struck")
    list_filter = ("kind", "appraisal_status", "council_result", "struck")
    raw_id_fields = ("batch", "person", "organisation", "admin_unit", "category")


@admin.register(CriterionAnswer)
class CriterionAnswerAdmin(SimpleHistoryAdmin):
    list_display = ("nomination", "criterion", "met")
    raw_id_fields = ("nomination", "criterion")


@admin.register(DossierDocument)
class DossierDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("batch", "kind", "original_name", "content_type", "size", "uploaded_at")
    list_filter = ("kind",)
    raw_id_fields = ("batch", "nomination", "uploaded_by")


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organisation", "threshold_percent", "strictly_more", "posting_days")
    raw_id_fields = ("organisation",)
    filter_horizontal = ("members",)

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # As services.council_save: the pass mark counts all members, so they stay put
        # while a proposal is at this council's vote.
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and council_voting_batches(obj).exists():
            fields += ("members", "threshold_percent", "strictly_more")
        return fields


@admin.register(CouncilVote)
class CouncilVoteAdmin(SimpleHistoryAdmin):
    # The ballot is secret: the admin list shows who voted on what, not how.
    list_display = ("nomination", "member", "cast_at")
    raw_id_fields = ("nomination", "member")
    exclude = ("approve",)


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "issuer", "issued_on", "signer_name")
    raw_id_fields = ("batch", "issuer")


@admin.register(AwardRecord)
class AwardRecordAdmin(SimpleHistoryAdmin):
    list_display = ("nominee_name", "form", "year", "reference")
    list_filter = ("form", "year")
    search_fields = ("search_key", "nominee_name")
    raw_id_fields = ("person", "organisation", "admin_unit", "campaign", "decision", "nomination")


@admin.register(BatchEvent)
class BatchEventAdmin(SimpleHistoryAdmin):
    list_display = ("batch", "action", "from_status", "to_status", "actor", "at")
    list_filter = ("action",)
    raw_id_fields = ("batch", "nomination", "actor")


@admin.register(Objection)
class ObjectionAdmin(SimpleHistoryAdmin):
    list_display = ("batch", "name", "status", "created_at", "resolved_at")
    list_filter = ("status",)
    raw_id_fields = ("batch", "nomination", "resolved_by")
