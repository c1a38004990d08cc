from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Event,
    EventTask,
    Invitation,
    InviteeGroup,
    ProgrammeItem,
    Registration,
    RolloutPlan,
)


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0
    fields = ["order", "part", "title", "performer", "planned_time"]


class InviteeGroupInline(admin.TabularInline):
    model = InviteeGroup
    extra = 0
    fields = ["order", "description", "convening_note", "expected_count", "protocol_rank"]


class EventTaskInline(admin.TabularInline):
    model = EventTask
    extra = 0
    fields = ["order", "assignee", "text", "deadline", "status"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "organiser", "starts_at", "status"]
    list_filter = ["kind", "status", "point_category"]
    search_fields = ["title", "venue"]
    raw_id_fields = ["organiser", "host", "campaign", "plan", "rollout"]
    inlines = [ProgrammeItemInline, InviteeGroupInline, EventTaskInline]


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(SimpleHistoryAdmin):
    list_display = ["event", "order", "title"]
    raw_id_fields = ["event", "performer_organisation", "performer_person"]


@admin.register(InviteeGroup)
class InviteeGroupAdmin(SimpleHistoryAdmin):
    list_display = ["event", "description", "expected_count", "protocol_rank"]
    raw_id_fields = ["event", "convening_organisation"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "event", "rsvp_status", "attended_at"]
    list_filter = ["rsvp_status"]
    search_fields = ["full_name"]
    raw_id_fields = ["event", "group", "person"]
    # Tokens are keys to the RSVP page: never shown in the admin.
    exclude = ["rsvp_token", "checkin_token"]


@admin.register(EventTask)
class EventTaskAdmin(SimpleHistoryAdmin):
    list_display = ["event", "assignee", "deadline", "status"]
    raw_id_fields = ["event", "assignee"]


@admin.register(RolloutPlan)
class RolloutPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organiser", "window_start", "window_end"]
    raw_id_fields = ["campaign", "organiser", "unit"]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["host", "rollout", "category", "planned_date", "registered_at", "reported_at"]
    list_filter = ["category"]
    raw_id_fields = ["rollout", "host", "event"]
