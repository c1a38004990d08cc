from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("badge/", views.notification_badge, name="badge"),
    path("read-all/", views.notification_mark_all_read, name="mark_all_read"),
    path("<int:pk>/open/", views.notification_open, name="notification_open"),
    path("<int:pk>/read/", views.notification_mark_read, name="notification_read"),
    path("settings/", views.preferences, name="preferences"),
    path("reminders/", views.reminder_admin, name="reminder_admin"),
    path("reminders/<int:pk>/resend/", views.reminder_resend, name="reminder_resend"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/<slug:kind>/", views.rule_edit, name="rule_edit"),
]
