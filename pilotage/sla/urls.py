from django.urls import path

from . import views

app_name = "sla"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("tickets/", views.tickets, name="tickets"),
    path("policy/", views.policy_edit, name="policy"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:job>/", views.import_detail, name="import"),
]
