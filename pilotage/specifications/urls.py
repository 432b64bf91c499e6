from django.urls import path

from . import views

app_name = "specifications"

urlpatterns = [
    path("", views.page, name="page"),
    path("section/<slug:section>/", views.section, name="section"),
    path("publish/", views.publish, name="publish"),
    path("versions/<int:number>/", views.version, name="version"),
    path("versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("versions/<int:number>/docx/", views.version_docx, name="version_docx"),
    path("draft/pdf/", views.draft_pdf, name="draft_pdf"),
    path("draft/docx/", views.draft_docx, name="draft_docx"),
    path("links/new/", views.share_create, name="share_create"),
    path("links/<int:share>/revoke/", views.share_revoke, name="share_revoke"),
]
