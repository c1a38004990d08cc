from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Role, User


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Organisation and roles"), {"fields": ("organisation", "person", "roles")}),
    )
    list_display = ["username", "get_full_name", "organisation", "is_active"]
    list_filter = ["roles", "is_active", "is_staff"]
    autocomplete_fields = ["organisation", "person"]
    filter_horizontal = ["roles", "groups", "user_permissions"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__"]
