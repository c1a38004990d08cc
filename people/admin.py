from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Person, TeamMembership


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["team"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "gender", "birth_year", "position", "organisation"]
    list_filter = ["gender", "position_rank"]
    search_fields = ["full_name", "search_key"]
    autocomplete_fields = ["organisation", "unit"]
    inlines = [TeamMembershipInline]


@admin.register(TeamMembership)
class TeamMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "team", "role", "started_on", "ended_on"]
    autocomplete_fields = ["person", "team"]
