from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets inline styles: allowed on this page only.
    path(
        "docs/",
        csp_update({"style-src": [SELF, UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("v1/o/<slug:org>/engagements/", views.EngagementList.as_view(), name="api-engagements"),
    path(
        "v1/o/<slug:org>/engagements/<int:pk>/",
        views.EngagementDetail.as_view(),
        name="api-engagement",
    ),
    path(
        "v1/o/<slug:org>/engagements/<int:pk>/stage/",
        views.EngagementStage.as_view(),
        name="api-engagement-stage",
    ),
    path(
        "v1/o/<slug:org>/engagements/<int:pk>/cash/",
        views.CashReport.as_view(),
        name="api-engagement-cash",
    ),
    path(
        "v1/o/<slug:org>/engagements/<int:pk>/indicators/",
        views.IndicatorBoard.as_view(),
        name="api-engagement-indicators",
    ),
    path("v1/o/<slug:org>/vendors/", views.VendorList.as_view(), name="api-vendors"),
    path("v1/o/<slug:org>/vendors/<int:pk>/", views.VendorDetail.as_view(), name="api-vendor"),
    path("v1/o/<slug:org>/audit/", views.AuditList.as_view(), name="api-audit"),
]
