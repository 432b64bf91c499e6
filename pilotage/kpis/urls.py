from django.urls import path

from . import views

app_name = "kpis"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("pdf/", views.dashboard_pdf, name="pdf"),
    path("manage/", views.indicators, name="indicators"),
    path("manage/add/", views.indicator_add, name="indicator_add"),
    path("manage/new/", views.indicator_new, name="indicator_new"),
    path("manage/<int:indicator>/", views.indicator_edit, name="indicator"),
    path("values/", views.submit, name="submit"),
    path("values/<int:value>/", views.value_detail, name="value"),
    path("values/<int:value>/evidence/", views.evidence, name="evidence"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:job>/", views.import_detail, name="import"),
    path("settings/", views.settings_edit, name="settings"),
    path("time/", views.leader_time, name="leader_time"),
]
