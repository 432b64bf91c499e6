"""Thin API views: resolve the membership, call the same selectors and services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pilotage.cash import selectors as cash_selectors
from pilotage.core import selectors as core_selectors
from pilotage.core.access import membership_for
from pilotage.core.models import User
from pilotage.core.permissions import can
from pilotage.engagements import selectors, services
from pilotage.engagements.models import Engagement, Vendor
from pilotage.kpis import periods as kpi_periods
from pilotage.kpis import selectors as kpi_selectors
from pilotage.kpis import services as kpi_services

from . import serializers as s


class OrgMixin:
    """Resolve ``org`` from the URL into ``self.membership``; refusals answer 404."""

    perm: str | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self.membership = membership_for(request, kwargs["org"])
        if self.perm and not can(self.membership, self.perm):
            raise Http404

    def require(self, perm: str, obj: Any = None) -> None:
        if not can(self.membership, perm, obj):
            raise Http404


def _vendor(membership, pk: int | None) -> Vendor | None:
    if pk is None:
        return None
    vendor = Vendor.objects.filter(organisation=membership.organisation, pk=pk).first()
    if vendor is None:
        from rest_framework.exceptions import ValidationError

        raise ValidationError({"vendor": [_("Unknown vendor.")]})
    return vendor


def _referent(pk: int | None) -> User | None:
    if pk is None:
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None:
        from rest_framework.exceptions import ValidationError

        raise ValidationError({"referent": [_("Unknown person.")]})
    return user


class EngagementList(OrgMixin, APIView):
    @extend_schema(responses=s.EngagementOut(many=True))
    def get(self, request: Request, org: str) -> Response:
        return Response(s.EngagementOut(selectors.engagement_list(self.membership), many=True).data)

    @extend_schema(request=s.EngagementIn, responses={201: s.EngagementOut})
    def post(self, request: Request, org: str) -> Response:
        self.require("engagement.create")
        data = s.EngagementIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v["vendor"] = _vendor(self.membership, v.get("vendor"))
        v["referent"] = _referent(v.get("referent"))
        engagement = services.engagement_create(
            actor=request.user, org=self.membership.organisation, **v
        )
        return Response(s.EngagementOut(engagement).data, status=status.HTTP_201_CREATED)


class EngagementMixin(OrgMixin):
    def get_object(self, pk: int) -> Engagement:
        obj = Engagement.objects.visible_to(self.membership).with_people().filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj


class EngagementDetail(EngagementMixin, APIView):
    @extend_schema(responses=s.EngagementOut)
    def get(self, request: Request, org: str, pk: int) -> Response:
        return Response(s.EngagementOut(self.get_object(pk)).data)

    @extend_schema(request=s.EngagementPatch, responses=s.EngagementOut)
    def patch(self, request: Request, org: str, pk: int) -> Response:
        engagement = self.get_object(pk)
        self.require("engagement.change", engagement)
        data = s.EngagementPatch(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        if "vendor" in v:
            v["vendor"] = _vendor(self.membership, v["vendor"])
        if "referent" in v:
            v["referent"] = _referent(v["referent"])
        engagement = services.engagement_update(actor=request.user, engagement=engagement, **v)
        return Response(s.EngagementOut(engagement).data)


class EngagementStage(EngagementMixin, APIView):
    @extend_schema(request=s.StageIn, responses=s.EngagementOut)
    def post(self, request: Request, org: str, pk: int) -> Response:
        engagement = self.get_object(pk)
        self.require("engagement.change_stage", engagement)
        data = s.StageIn(data=request.data)
        data.is_valid(raise_exception=True)
        engagement = services.engagement_change_stage(
            actor=request.user, engagement=engagement, **data.validated_data
        )
        return Response(s.EngagementOut(engagement).data)


class VendorList(OrgMixin, APIView):
    @extend_schema(responses=s.VendorOut(many=True))
    def get(self, request: Request, org: str) -> Response:
        return Response(s.VendorOut(selectors.vendor_list(self.membership), many=True).data)

    @extend_schema(request=s.VendorIn, responses={201: s.VendorOut})
    def post(self, request: Request, org: str) -> Response:
        self.require("vendor.create")
        data = s.VendorIn(data=request.data)
        data.is_valid(raise_exception=True)
        vendor = services.vendor_create(
            actor=request.user, org=self.membership.organisation, **data.validated_data
        )
        return Response(s.VendorOut(vendor).data, status=status.HTTP_201_CREATED)


class VendorDetail(OrgMixin, APIView):
    @extend_schema(responses=s.VendorOut)
    def get(self, request: Request, org: str, pk: int) -> Response:
        vendor = selectors.vendor_list(self.membership).filter(pk=pk).first()
        if vendor is None:
            raise Http404
        return Response(s.VendorOut(vendor).data)


class AuditList(OrgMixin, generics.ListAPIView):
    perm = "audit.view"
    serializer_class = s.AuditOut

    def get_queryset(self):
        return core_selectors.audit_entries(self.membership)


class CashReport(EngagementMixin, APIView):
    """Every cash indicator of an engagement at a date (``?as_of=YYYY-MM-DD``, default
    today or the data's last day): the keys of ``pilotage cash report --format json``."""

    @extend_schema(responses=dict)
    def get(self, request: Request, org: str, pk: int) -> Response:
        engagement = self.get_object(pk)
        raw = request.query_params.get("as_of")
        if raw:
            as_of = cash_selectors.as_of_from(raw)
            if as_of is None:
                return Response(
                    {"as_of": [_("Write the date as YYYY-MM-DD.")]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        else:
            found = cash_selectors.default_as_of(engagement, timezone.localdate())
            if found is None:
                return Response(
                    {"detail": _("No cash data yet.")}, status=status.HTTP_404_NOT_FOUND
                )
            as_of = found
        return Response(cash_selectors.cash_report(engagement, as_of))


class IndicatorBoard(EngagementMixin, APIView):
    """The engagement's indicators as on its dashboard (latest value and state, the values of
    the last 36 periods, what is missing, drift warnings). POST gives values of one period,
    through the same rules as the form: ``{"period": "2026-10", "values": [{"indicator": id,
    "value": "2", "comment": ""}]}``; all are stored or none."""

    @extend_schema(responses=dict)
    def get(self, request: Request, org: str, pk: int) -> Response:
        engagement = self.get_object(pk)
        board = kpi_selectors.dashboard(engagement, timezone.localdate())
        return Response(kpi_selectors.as_dict(board))

    @extend_schema(request=s.ValuesIn, responses=dict)
    def post(self, request: Request, org: str, pk: int) -> Response:
        engagement = self.get_object(pk)
        self.require("kpis.submit", engagement)
        data = s.ValuesIn(data=request.data)
        data.is_valid(raise_exception=True)
        indicators = {i.pk: i for i in engagement.indicators.all()}
        entries = []
        for k, item in enumerate(data.validated_data["values"]):
            indicator = indicators.get(item["indicator"])
            if indicator is None:
                return Response(
                    {f"values.{k}.indicator": [_("No such indicator in this engagement.")]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            indicator.engagement = engagement
            period = kpi_periods.parse(data.validated_data["period"], indicator.frequency)
            if period is None:
                return Response(
                    {"period": [_("Write the period as YYYY-MM, YYYY-Qn or YYYY-Wnn.")]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            entries.append(
                kpi_services.Entry(
                    indicator,
                    period,
                    item["value"],
                    comment=item.get("comment", ""),
                    field=f"values.{k}.value",
                )
            )
        try:
            saved = kpi_services.values_submit(
                actor=request.user, membership=self.membership, entries=entries
            )
        except DjangoValidationError as e:
            return Response(e.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {
                "saved": [
                    {"id": v.pk, "indicator": v.indicator_id, "status": v.status} for v in saved
                ]
            },
            status=status.HTTP_201_CREATED,
        )
