from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path(
        "campaign/<int:pk>/<str:kind>.<str:fmt>",
        views.campaign_document,
        name="campaign_document",
    ),
    path("campaign/<int:pk>/letters/", views.campaign_letters, name="campaign_letters"),
    path("batch/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batch/<int:pk>/download.<str:what>", views.batch_download, name="batch_download"),
]
