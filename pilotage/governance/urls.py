from django.urls import path

from . import requests_views, views, views_actions

app_name = "governance"

urlpatterns: list = [
    path("", views.home, name="home"),
    path("cadences/<int:cadence>/", views.cadence, name="cadence"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting>/", views.meeting, name="meeting"),
    path("meetings/<int:meeting>/move/", views.meeting_move, name="meeting_move"),
    path("meetings/<int:meeting>/attendees/", views.attendees, name="attendees"),
    path("meetings/<int:meeting>/agenda/", views.agenda_freeze, name="agenda_freeze"),
    path("meetings/<int:meeting>/close/", views.minutes_close, name="minutes_close"),
    path(
        "meetings/<int:meeting>/decisions/", views_actions.meeting_decision, name="meeting_decision"
    ),
    path("meetings/<int:meeting>/actions/", views_actions.meeting_action, name="meeting_action"),
    path("decisions/", views_actions.decisions, name="decisions"),
    path("decisions/<int:decision>/", views_actions.decision, name="decision"),
    path("actions/", views_actions.actions, name="actions"),
    path("actions/<int:action>/", views_actions.action, name="action"),
    path("actions/<int:action>/status/", views_actions.action_status, name="action_status"),
    # Requests, audit, search.
    path("requests/", requests_views.request_list, name="requests"),
    path("requests/new/", requests_views.request_new, name="request_new"),
    path("requests/<int:req>/", requests_views.request_detail, name="request"),
    path("requests/<int:req>/edit/", requests_views.request_edit, name="request_edit"),
    path("requests/<int:req>/answer/", requests_views.request_answer, name="request_answer"),
    path("requests/<int:req>/reopen/", requests_views.request_reopen, name="request_reopen"),
    path("audit/", requests_views.review_history, name="reviews"),
    path("audit/new/", requests_views.review_new, name="review_new"),
    path("audit/<int:review>/", requests_views.review_edit, name="review"),
    path("search/", requests_views.search, name="search"),
]
