from django.urls import path

from . import views

app_name = "orgunits"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("import/", views.unit_import, name="unit_import"),
    path("import/confirm/", views.unit_import_confirm, name="unit_import_confirm"),
    path("import/template/", views.unit_import_template, name="unit_import_template"),
    path("export/", views.unit_export, name="unit_export"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
