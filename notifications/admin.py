from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Deadline,
    Notification,
    NotificationPreference,
    OutboxMessage,
    Reminder,
    ReminderRule,
)


@admin.register(Deadline)
class DeadlineAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "organisation", "due_at", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["title"]
    raw_id_fields = ["organisation"]
    date_hierarchy = "due_at"


@admin.register(ReminderRule)
class ReminderRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "kind",
        "province",
        "offsets",
        "overdue_every_days",
        "overdue_repeats",
        "active",
    ]
    list_filter = ["kind", "active"]
    raw_id_fields = ["province"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["deadline", "recipient", "stage", "send_at", "status", "attempts", "sent_at"]
    list_filter = ["status", "stage"]
    raw_id_fields = ["deadline", "recipient", "outbox"]
    list_select_related = ["deadline", "recipient"]
    date_hierarchy = "send_at"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "recipient", "created_at", "sent_at", "transmissions"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient"]
    search_fields = ["key"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    raw_id_fields = ["user", "reminder"]
    list_select_related = ["user"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(SimpleHistoryAdmin):
    list_display = ["user", "kind", "by_email"]
    raw_id_fields = ["user"]
