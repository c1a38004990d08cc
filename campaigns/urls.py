from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", views.campaign_update, name="campaign_update"),
    path("<int:pk>/edit/<slug:relation>/", views.campaign_children_edit, name="campaign_children"),
    path("<int:pk>/edit/<slug:relation>/row/", views.campaign_child_row, name="campaign_child_row"),
    path("<int:pk>/transition/", views.campaign_transition, name="campaign_transition"),
    path("<int:pk>/revise/", views.campaign_revise, name="campaign_revise"),
    path("<int:pk>/implement/", views.campaign_create_child, name="campaign_create_child"),
    path("<int:pk>/export.xlsx", views.campaign_export, name="campaign_export"),
]
