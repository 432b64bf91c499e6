from django.urls import path

from . import views

app_name = "engagements"

urlpatterns = [
    path("", views.engagement_list, name="list"),
    path("new/", views.engagement_create, name="create"),
    path("start/", views.engagement_start, name="start"),
    path("<int:pk>/", views.engagement_detail, name="detail"),
    path("<int:pk>/edit/", views.engagement_update, name="update"),
    path("<int:pk>/stage/", views.engagement_stage, name="stage"),
]
