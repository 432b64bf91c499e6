from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from pilotage.core.access import org_view, require
from pilotage.core.imports import import_page
from pilotage.core.permissions import can
from pilotage.core.views import apply_errors
from pilotage.engagements.models import Engagement
from pilotage.lib.charts import trend_chart
from pilotage.lib.http import posted

from . import selectors, services
from .files import FIELDS
from .forms import CustomerTermsForm, EventForm, ImportForm, SettingsForm
from .models import CashEvent, CashImport, Customer, Document, DocumentKind, ImportKind


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    return get_object_or_404(Engagement.objects.visible_to(request.membership).with_people(), pk=pk)


def _as_of(request: HttpRequest, engagement: Engagement) -> tuple[dt.date | None, bool]:
    """The date asked for (``?as_of=``), else the default; and whether it was asked."""
    asked = selectors.as_of_from(request.GET.get("as_of"))
    if asked:
        return asked, True
    return selectors.default_as_of(engagement, timezone.localdate()), False


def _charts(result: dict[str, Any], settings: Any, language: str) -> dict[str, str]:
    months = [
        (date_format(dt.date.fromisoformat(m["month"] + "-01"), "M y"), m)
        for m in result["monthly"]
    ]

    def chart(series: dict[str, str], **kw: Any) -> str:
        return trend_chart(
            [(label, {name: m[key] for name, key in series.items()}) for label, m in months],
            language=language,
            **kw,
        )

    def target(value: Any, scale: float = 1) -> float | None:
        return None if value is None else float(value) * scale

    return {
        "dso": chart(
            {_("standard"): "dso_standard_days", _("countback"): "dso_countback_days"},
            y_title=_("DSO (days)"),
            target=target(settings.dso_target_days),
        ),
        "on_time": chart(
            {_("by count"): "paid_on_time_share", _("by amount"): "paid_on_time_amount_share"},
            y_title=_("Paid on time"),
            percent=True,
            target=target(settings.on_time_target, 0.01),
        ),
        "late": chart(
            {_("plain"): "avg_days_late", _("weighted by amount"): "avg_days_late_weighted"},
            y_title=_("Days late"),
            target=target(settings.days_late_target),
        ),
        "receivables": chart({_("receivables"): "receivables"}, y_title=_("Receivables (€)")),
    }


@org_view()
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    settings = services.settings_of(engagement)
    as_of, asked = _as_of(request, engagement)
    result = selectors.cash_report(engagement, as_of) if as_of else None
    language = get_language() or "fr"
    context = {
        "engagement": engagement,
        "settings": settings,
        "as_of": as_of,
        "asked": asked,
        "r": result,
        "charts": _charts(result, settings, language) if result and result["invoices"] else {},
        "imports": engagement.cash_imports.all()[:5],
        "today": timezone.localdate(),
        "period": (
            dt.date.fromisoformat(result["period_start"]),
            dt.date.fromisoformat(result["period_end"]),
        )
        if result
        else None,
    }
    return render(request, "cash/overview.html", context)


@org_view()
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    qs = Document.objects.filter(engagement=engagement).select_related("customer")
    show = request.GET.get("show", "")
    today = timezone.localdate()
    if show == "open":
        qs = qs.filter(paid_on__isnull=True, amount__gt=0)
    elif show == "overdue":
        qs = qs.filter(paid_on__isnull=True, amount__gt=0, due__lt=today)
    customer = request.GET.get("customer", "")
    if customer.isdigit():
        qs = qs.filter(customer_id=int(customer))
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(customer__name__icontains=q))
    page = Paginator(qs.order_by("-issued", "-pk"), 50).get_page(request.GET.get("page"))
    for doc in page:
        doc.late_days = (
            ((doc.paid_on or today) - doc.due).days
            if doc.amount > 0 and doc.kind in (DocumentKind.INVOICE, DocumentKind.OPENING)
            else None
        )
    return render(
        request,
        "cash/documents.html",
        {
            "engagement": engagement,
            "page": page,
            "show": show,
            "q": q,
            "customers": Customer.objects.filter(engagement=engagement).order_by("name"),
            "customer": customer,
            "query": _query(request),
        },
    )


def _query(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@org_view()
def customers(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    today = timezone.localdate()
    rows = (
        Customer.objects.filter(engagement=engagement)
        .annotate(
            invoices=Count("documents", filter=Q(documents__kind=DocumentKind.INVOICE)),
            open_count=Count(
                "documents", filter=Q(documents__paid_on__isnull=True, documents__amount__gt=0)
            ),
            overdue_count=Count(
                "documents",
                filter=Q(
                    documents__paid_on__isnull=True,
                    documents__amount__gt=0,
                    documents__due__lt=today,
                ),
            ),
            billed=Sum("documents__amount", filter=Q(documents__kind=DocumentKind.INVOICE)),
        )
        .order_by("name")
    )
    return render(
        request,
        "cash/customers.html",
        {"engagement": engagement, "rows": rows, "settings": services.settings_of(engagement)},
    )


@org_view()
def customer_edit(request: HttpRequest, pk: int, customer: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "cash.manage", engagement)
    obj = get_object_or_404(Customer, engagement=engagement, pk=customer)
    form = CustomerTermsForm(posted(request), instance=Customer.objects.get(pk=obj.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_terms_update(
                actor=request.user,
                customer=obj,
                terms_days=form.cleaned_data["terms_days"],
                terms_rule=form.cleaned_data["terms_rule"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Payment terms of %(name)s saved.") % {"name": obj.name})
            return redirect("cash:customers", org=request.organisation.slug, pk=engagement.pk)
    return render(
        request,
        "cash/customer_form.html",
        {"engagement": engagement, "customer": obj, "form": form},
    )


@org_view()
def settings_edit(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "cash.manage", engagement)
    current = services.settings_of(engagement)
    form = SettingsForm(posted(request), instance=type(current).objects.get(pk=current.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(
                actor=request.user, engagement=engagement, data=form.cleaned_data
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Cash settings saved."))
            return redirect("cash:overview", org=request.organisation.slug, pk=engagement.pk)
    return render(request, "cash/settings_form.html", {"engagement": engagement, "form": form})


@org_view()
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "cash.manage", engagement)
    form = ImportForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_upload(
                actor=request.user,
                engagement=engagement,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return redirect(
                "cash:import", org=request.organisation.slug, pk=engagement.pk, job=job.pk
            )
    return render(
        request,
        "cash/import_upload.html",
        {"engagement": engagement, "form": form, "imports": engagement.cash_imports.all()[:20]},
    )


@org_view()
def import_detail(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    from pilotage.lib.tabular import open_table

    engagement = _engagement(request, pk)
    require(request.membership, "cash.manage", engagement)
    job_obj = get_object_or_404(CashImport, engagement=engagement, pk=job)
    return import_page(
        request,
        job=job_obj,
        fields=FIELDS.get(job_obj.kind),
        start=lambda mapping: services.import_start(
            actor=request.user, job=job_obj, mapping=mapping
        ),
        read=open_table,
        here=request.path,
        templates=("cash/import_detail.html", "cash/_import_status.html"),
        context={"engagement": engagement},
    )


@org_view()
def data_delete(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "cash.manage", engagement)
    if request.method != "POST":
        raise Http404
    count = services.data_delete(actor=request.user, engagement=engagement)
    messages.success(
        request,
        ngettext(
            "%(n)s document forgotten: import the data again.",
            "%(n)s documents forgotten: import the data again.",
            count,
        )
        % {"n": count},
    )
    return redirect("cash:import_upload", org=request.organisation.slug, pk=engagement.pk)


@org_view()
def events(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    may_log = can(request.membership, "cash.log", engagement)
    form = EventForm(
        posted(request) if may_log else None,
        initial={"date": timezone.localdate(), "kind": "reminder"},
    )
    if request.method == "POST":
        if not may_log:
            raise Http404
        if form.is_valid():
            try:
                services.event_create(
                    actor=request.user, engagement=engagement, data=form.cleaned_data
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("Added to the log."))
                return redirect("cash:events", org=request.organisation.slug, pk=engagement.pk)
    page = Paginator(
        CashEvent.objects.filter(engagement=engagement).select_related("created_by"), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "cash/events.html",
        {"engagement": engagement, "page": page, "form": form if may_log else None},
    )


@org_view()
def event_delete(request: HttpRequest, pk: int, event: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "cash.log", engagement)
    obj = get_object_or_404(CashEvent, engagement=engagement, pk=event)
    if request.method != "POST":
        raise Http404
    services.event_delete(actor=request.user, event=obj)
    messages.success(request, _("Removed from the log."))
    return redirect("cash:events", org=request.organisation.slug, pk=engagement.pk)


@org_view()
def help_page(request: HttpRequest) -> HttpResponse:
    from .terms import ECB_RATES

    return render(
        request,
        "cash/help.html",
        {"ecb_rates": sorted(ECB_RATES.items(), reverse=True), "kinds": ImportKind},
    )
