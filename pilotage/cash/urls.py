from django.urls import path

from . import views

app_name = "cash"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("invoices/", views.documents, name="documents"),
    path("customers/", views.customers, name="customers"),
    path("customers/<int:customer>/", views.customer_edit, name="customer"),
    path("settings/", views.settings_edit, name="settings"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:job>/", views.import_detail, name="import"),
    path("data/delete/", views.data_delete, name="data_delete"),
    path("log/", views.events, name="events"),
    path("log/<int:event>/delete/", views.event_delete, name="event_delete"),
]
