from django.contrib.auth import views as auth_views
from django.urls import include, path

from pilotage.cash import views as cash_views
from pilotage.core import views as core_views
from pilotage.core.context_processors import security_figures
from pilotage.governance import feeds as governance_feeds
from pilotage.kpis import views as kpi_views

handler404 = "pilotage.core.views.page_not_found"
handler500 = "pilotage.core.views.server_error"

account_patterns = [
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            extra_email_context=security_figures(),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", core_views.account, name="account"),
]

org_patterns = [
    path("", core_views.org_home, name="org_home"),
    path("engagements/", include("pilotage.engagements.urls")),
    path("engagements/<int:pk>/sla/", include("pilotage.sla.urls")),
    path("engagements/<int:pk>/cash/", include("pilotage.cash.urls")),
    path("engagements/<int:pk>/indicators/", include("pilotage.kpis.urls")),
    path("engagements/<int:pk>/diagnostic/", include("pilotage.diagnostics.urls")),
    path("engagements/<int:pk>/specification/", include("pilotage.specifications.urls")),
    path("engagements/<int:pk>/selection/", include("pilotage.selection.urls")),
    path("engagements/<int:pk>/pilot/", include("pilotage.pilots.urls")),
    path("engagements/<int:pk>/contracts/", include("pilotage.contracts.urls")),
    path("engagements/<int:pk>/governance/", include("pilotage.governance.urls")),
    path("calendar-feed/", governance_feeds.manage, name="calendar_feed"),
    path("indicators/", kpi_views.organisation_board, name="kpi_board"),
    path("help/cash/", cash_views.help_page, name="cash_help"),
    path("calendars/", include("pilotage.sla.urls_calendars")),
    path("vendors/", include("pilotage.engagements.urls_vendors")),
    path("members/", include("pilotage.core.urls")),
    path("audit/", include("pilotage.core.urls_audit")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("account/", include(account_patterns)),
    path("language/", core_views.set_language, name="set_language"),
    # Links sent by e-mail and to calendar applications: no session, a signed or secret token.
    path("unsubscribe/<str:token>/", core_views.unsubscribe, name="unsubscribe"),
    path("calendar/<str:token>.ics", governance_feeds.feed, name="calendar_ics"),
    path("o/<slug:org>/", include(org_patterns)),
    path("api/", include("pilotage.api.urls")),
    # A candidate invited to read a specification: a secret link, no account, nothing else.
    path("shared/specification/<str:token>/", include("pilotage.specifications.urls_shared")),
]
