from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from notifications.models import DeadlineKind
from notifications.services import deadline_close, deadlines_orphans_close

from .deadlines import (
    event_rsvp_deadline_sync,
    event_task_deadline_sync,
    registration_deadlines_sync,
    rollout_deadlines_sync,
)
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

    # Edits here bypass the services: keep the deadlines in step as they do.
    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        event = form.instance
        for task in event.tasks.select_related("event", "assignee"):
            event_task_deadline_sync(task)
        event_rsvp_deadline_sync(event)

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)
        deadlines_orphans_close()  # its tasks and answer deadline went with it


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

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        event_rsvp_deadline_sync(obj.event)

    def delete_model(self, request: Any, obj: Any) -> None:
        event = obj.event
        super().delete_model(request, obj)
        event_rsvp_deadline_sync(event)


@admin.register(EventTask)
class EventTaskAdmin(SimpleHistoryAdmin):
    list_display = ["event", "assignee", "deadline", "status"]
    raw_id_fields = ["event", "assignee"]

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        event_task_deadline_sync(obj)

    def delete_model(self, request: Any, obj: Any) -> None:
        pk = obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        deadline_close(obj, DeadlineKind.EVENT_TASK)


@admin.register(RolloutPlan)
class RolloutPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organiser", "window_start", "window_end", "published_at"]
    raw_id_fields = ["campaign", "organiser", "unit"]

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        rollout_deadlines_sync(obj)

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)
        deadlines_orphans_close()  # its registrations went with it


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["host", "rollout", "category", "planned_date", "registered_at", "reported_at"]
    list_filter = ["category"]
    raw_id_fields = ["rollout", "host", "event"]

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        registration_deadlines_sync(obj)

    def delete_model(self, request: Any, obj: Any) -> None:
        pk = obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        for kind in (DeadlineKind.EVENT_REGISTRATION, DeadlineKind.EVENT_REPORT):
            deadline_close(obj, kind)
