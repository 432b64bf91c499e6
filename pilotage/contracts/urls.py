from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:contract>/", views.detail, name="detail"),
    path("<int:contract>/edit/", views.edit, name="edit"),
    path("<int:contract>/clauses/", views.clauses_save, name="clauses"),
    path("<int:contract>/amend/", views.amend, name="amend"),
    path("<int:contract>/document/", views.upload, name="upload"),
    path("<int:contract>/document/download/", views.download, name="download"),
    path("<int:contract>/share/", views.share, name="share"),
    path("<int:contract>/notice/", views.notice, name="notice"),
    path("<int:contract>/delete/", views.delete, name="delete"),
]
