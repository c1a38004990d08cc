from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("rsvp/<str:token>/", views.rsvp, name="rsvp"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_update, name="event_update"),
    path("<int:pk>/transition/", views.event_transition, name="event_transition"),
    path("<int:pk>/counts/", views.event_counts_partial, name="event_counts"),
    path("<int:pk>/programme/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/programme/order/", views.programme_reorder, name="programme_reorder"),
    path(
        "<int:pk>/programme/<int:item_pk>/", views.programme_item_edit, name="programme_item_edit"
    ),
    path(
        "<int:pk>/programme/<int:item_pk>/<slug:direction>/",
        views.programme_move,
        name="programme_move",
    ),
    path("<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("<int:pk>/groups/<int:group_pk>/", views.group_detail, name="group_detail"),
    path("<int:pk>/groups/<int:group_pk>/expand/", views.group_expand, name="group_expand"),
    path("<int:pk>/groups/<int:group_pk>/delete/", views.group_delete, name="group_delete"),
    path("<int:pk>/groups/<int:group_pk>/import/", views.group_import, name="group_import"),
    path("<int:pk>/groups/<int:group_pk>/add/", views.invitation_add, name="invitation_add"),
    path("<int:pk>/invitations/", views.invitation_list, name="invitation_list"),
    path("<int:pk>/invitations/<int:inv_pk>/", views.invitation_card, name="invitation_card"),
    path(
        "<int:pk>/invitations/<int:inv_pk>/delete/",
        views.invitation_delete,
        name="invitation_delete",
    ),
    path("<int:pk>/checkin/", views.checkin, name="checkin"),
    path("<int:pk>/invitations/print/", views.invitations_print, name="invitations_print"),
    path("<int:pk>/documents/<str:kind>.<str:fmt>", views.event_document, name="event_document"),
    path("<int:pk>/tasks/", views.task_edit, name="task_edit"),
    path("rollouts/<int:pk>/", views.rollout_detail, name="rollout_detail"),
    path("rollouts/<int:pk>/publish/", views.rollout_publish, name="rollout_publish"),
    path("rollouts/<int:pk>/export.xlsx", views.rollout_export, name="rollout_export"),
    path("rollouts/<int:pk>/register/", views.registration_new, name="registration_new"),
    path(
        "rollouts/<int:pk>/registrations/<int:reg_pk>/",
        views.registration_edit,
        name="registration_edit",
    ),
    path(
        "rollouts/<int:pk>/registrations/<int:reg_pk>/report/",
        views.registration_report,
        name="registration_report",
    ),
    path(
        "rollouts/<int:pk>/registrations/<int:reg_pk>/plan/",
        views.registration_file,
        name="registration_file",
    ),
]
