from django.urls import path

from . import views

app_name = "pilots"

urlpatterns = [
    path("", views.page, name="page"),
    path("edit/", views.edit, name="edit"),
    path("ramp-up/", views.ramp, name="ramp"),
    path("criteria/", views.criteria, name="criteria"),
    path("criteria/<int:criterion>/", views.criterion, name="criterion"),
    path("criteria/<int:criterion>/measure/", views.measure, name="measure"),
    path("agree/", views.agree, name="agree"),
    path("decision/", views.decide, name="decide"),
]
