from django.urls import path

from . import views
from .views import councils

app_name = "awards"
urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("queue/<slug:stage>/", views.batch_list, name="queue"),
    path("queue/appraisal/appraise/", views.queue_appraise, name="queue_appraise"),
    path("new/", views.batch_create, name="batch_create"),
    path("<int:pk>/", views.batch_detail_view, name="batch_detail"),
    path("<int:pk>/counters/", views.batch_counters, name="batch_counters"),
    path("<int:pk>/search/", views.nominee_search, name="nominee_search"),
    path("<int:pk>/nominees/add/", views.nominee_add, name="nominee_add"),
    path("<int:pk>/documents/upload/", views.document_upload, name="document_upload"),
    path("<int:pk>/transition/", views.batch_transition, name="batch_transition"),
    path("<int:pk>/appraise/", views.nominations_appraise, name="nominations_appraise"),
    path("<int:pk>/vote/", views.batch_vote, name="batch_vote"),
    path("<int:pk>/print/<slug:kind>/", views.batch_print, name="batch_print"),
    path("<int:pk>/post/", views.batch_post, name="batch_post"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("public/", views.public_list, name="public_list"),
    path("public/<uuid:token>/", views.public_batch, name="public_batch"),
    path("nominations/<int:pk>/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/remove/", views.nomination_remove, name="nomination_remove"),
    path("nominations/<int:pk>/strike/", views.nomination_strike, name="nomination_strike"),
    path(
        "nominations/<int:pk>/report.<slug:fmt>",
        views.nomination_report,
        name="nomination_report",
    ),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("forms/", views.form_list, name="form_list"),
    path("forms/new/", views.form_edit, name="form_create"),
    path("forms/<int:pk>/", views.form_edit, name="form_edit"),
    path("councils/", councils.council_list, name="council_list"),
    path("councils/new/", councils.council_edit, name="council_create"),
    path("councils/<int:pk>/", councils.council_edit, name="council_edit"),
    path("campaigns/<int:pk>/rules/", views.campaign_rules, name="campaign_rules"),
    path("campaigns/<int:pk>/quotas/new/", views.quota_edit, name="quota_create"),
    path("campaigns/<int:pk>/quotas/<int:quota_pk>/", views.quota_edit, name="quota_edit"),
    path("quotas/<int:pk>/", views.quota_detail, name="quota_detail"),
    path("history/", views.history, name="history"),
    path("history/people/<int:pk>/", views.person_history, name="person_history"),
    path(
        "history/organisations/<int:pk>/", views.organisation_history, name="organisation_history"
    ),
]
