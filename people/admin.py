from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Person, PersonHold, TeamMembership


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["team"]


class PersonHoldInline(admin.TabularInline):
    model = PersonHold
    extra = 0
    fields = ["kind", "started_on", "ended_on", "note"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "gender", "birth_year", "position", "organisation"]
    list_filter = ["gender", "position_rank"]
    search_fields = ["full_name", "search_key"]
    autocomplete_fields = ["organisation", "unit"]
    inlines = [TeamMembershipInline, PersonHoldInline]


@admin.register(TeamMembership)
class TeamMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "team", "role", "started_on", "ended_on"]
    autocomplete_fields = ["person", "team"]


@admin.register(PersonHold)
class PersonHoldAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "started_on", "ended_on"]
    list_filter = ["kind"]
    search_fields = ["person__search_key", "person__full_name"]
    autocomplete_fields = ["person"]
