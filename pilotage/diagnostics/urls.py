from django.urls import path

from . import views

app_name = "diagnostics"

urlpatterns = [
    path("", views.page, name="page"),
    path("pdf/", views.pdf, name="pdf"),
    path("activity/new/", views.activity_new, name="activity_new"),
    path("activity/<int:activity>/", views.activity_edit, name="activity"),
    path("activity/<int:activity>/delete/", views.activity_delete, name="activity_delete"),
    path("activity/<int:activity>/apply/", views.activity_apply, name="activity_apply"),
    path("usual/", views.add_usual, name="add_usual"),
    path("apply/", views.apply_all, name="apply_all"),
    path("suggest/", views.suggest, name="suggest"),
    path("readiness/", views.readiness, name="readiness"),
    path("risks/", views.risks, name="risks"),
    path("conclude/", views.conclude, name="conclude"),
]
