"""Mounted at /shared/specification/<token>/: a candidate vendor's secret read link."""

from django.urls import path

from . import views_shared

app_name = "specification_shared"

urlpatterns = [
    path("", views_shared.page, name="page"),
    path("pdf/", views_shared.pdf, name="pdf"),
    path("docx/", views_shared.docx, name="docx"),
]
