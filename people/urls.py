from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_update, name="person_update"),
    path("<int:pk>/holds/new/", views.hold_create, name="hold_create"),
    path("holds/", views.hold_list, name="hold_list"),
    path("holds/<int:pk>/", views.hold_update, name="hold_update"),
]
