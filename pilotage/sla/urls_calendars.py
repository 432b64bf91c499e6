from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("", views.calendar_list, name="list"),
    path("new/", views.calendar_create, name="create"),
    path("<int:pk>/", views.calendar_update, name="update"),
]
