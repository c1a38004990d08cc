from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.my_reports, name="my_reports"),
    path("due/<int:pk>/", views.report_edit, name="report_edit"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/review/", views.report_review, name="report_review"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/accept/", views.review_accept_many, name="review_accept_many"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/missing/", views.missing, name="missing"),
    path("dashboard/missing/remind/", views.missing_nudge, name="missing_nudge"),
    path("dashboard/ranking/", views.ranking, name="ranking"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/<int:pk>/", views.assessment_edit, name="assessment_edit"),
]
