from django.urls import path

from . import views

app_name = "selection"

urlpatterns = [
    path("", views.page, name="page"),
    path("criteria/", views.criteria, name="criteria"),
    path("criteria/<int:criterion>/", views.criterion, name="criterion"),
    path("candidates/", views.candidates, name="candidates"),
    path("candidates/<int:candidate>/", views.candidate, name="candidate"),
    path("candidates/<int:candidate>/flags/", views.candidate_flags, name="candidate_flags"),
    path(
        "candidates/<int:candidate>/exchanges/",
        views.candidate_interactions,
        name="candidate_interactions",
    ),
    path("reviewers/", views.reviewers, name="reviewers"),
    path("sheet/", views.sheet, name="sheet"),
    path("decide/", views.decide, name="decide"),
]
