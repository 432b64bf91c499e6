from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pilotage.core.access import org_view, require
from pilotage.core.imports import import_page
from pilotage.core.views import apply_errors
from pilotage.engagements.models import Engagement
from pilotage.lib.charts import compliance_chart
from pilotage.lib.http import posted

from . import selectors, services
from .formats import FIELDS
from .forms import CalendarForm, ImportForm, PolicyForm, PriorityFormSet, hours_text
from .models import BusinessCalendar, Ticket, TicketImport


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    return get_object_or_404(Engagement.objects.visible_to(request.membership).with_people(), pk=pk)


@org_view()
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    policy = selectors.policy_of(engagement)
    months = selectors.months(engagement, policy, language=get_language() or "fr") if policy else []
    latest = months[-1] if months else None
    chart = ""
    if months and policy:
        language = get_language() or "fr"
        chart = compliance_chart(
            [
                (
                    date_format(mo.month, "N Y"),
                    float(mo.compliance) if mo.compliance is not None else None,
                )
                for mo in months
            ],
            target=float(policy.compliance_target),
            y_title=_("Compliance (%)"),
            language=language,
        )
    context = {
        "chart": chart,
        "engagement": engagement,
        "policy": policy,
        "months": months,
        "latest": latest,
        "breaches": selectors.breaches(engagement, month=latest.month if latest else None)[:50],
        "penalty_total": sum((mo.penalty.total for mo in months), Decimal(0)),
        "imports": engagement.ticket_imports.all()[:5],
    }
    return render(request, "sla/overview.html", context)


@org_view()
def tickets(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    qs = Ticket.objects.filter(engagement=engagement).select_related("priority")
    month = request.GET.get("month", "")
    try:
        if month:
            qs = qs.filter(month=dt.date.fromisoformat(month + "-01" if len(month) == 7 else month))
    except ValueError:
        month = ""
    if request.GET.get("breached") == "1":
        qs = qs.filter(Q(intervene_breached=True) | Q(restore_breached=True))
    page = Paginator(qs.order_by("-opened_at"), 50).get_page(request.GET.get("page"))
    months = (
        Ticket.objects.filter(engagement=engagement)
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "sla/tickets.html",
        {
            "engagement": engagement,
            "page": page,
            "months": months,
            "month": month,
            "query": query.urlencode(),
        },
    )


def _priority_initial(policy) -> list[dict]:
    return [
        {
            "code": p.code,
            "name": p.name,
            "gti_minutes": p.gti_minutes,
            "gtr_minutes": p.gtr_minutes,
            "calendar": p.calendar_id,
            "aliases": ", ".join(p.aliases),
        }
        for p in policy.priorities.all()
    ]


@org_view()
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "sla.manage", engagement)
    org = request.organisation
    policy = selectors.policy_of(engagement)
    calendars = list(BusinessCalendar.objects.filter(organisation=org))
    if policy:
        initial = {
            "compliance_target": policy.compliance_target,
            "pause_statuses": ", ".join(policy.pause_statuses),
            "penalty_mode": policy.penalty_mode,
            "amount_per_ticket": policy.amount_per_ticket,
            "amount_per_hour": policy.amount_per_hour,
            "monthly_fee": policy.monthly_fee,
            "cap_percent": policy.cap_percent,
            "credit_tiers": ", ".join(f"{t['below']} → {t['credit']}" for t in policy.credit_tiers),
        }
        priority_initial = _priority_initial(policy)
    else:
        initial = {
            "compliance_target": 95,
            "pause_statuses": ", ".join(services.DEFAULT_PAUSES),
            "penalty_mode": "none",
            "credit_tiers": "95 → 5, 90 → 10",
        }
        priority_initial = [
            {
                "code": p.code,
                "name": p.name,
                "gti_minutes": p.gti_minutes,
                "gtr_minutes": p.gtr_minutes,
                "calendar": p.calendar.pk,
                "aliases": ", ".join(p.aliases),
            }
            for p in (services.default_priorities(calendars[0]) if calendars else [])
        ]
    form = PolicyForm(posted(request), initial=initial)
    formset = PriorityFormSet(
        posted(request), initial=priority_initial, prefix="p", form_kwargs={"organisation": org}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        priorities = [
            services.PriorityData(rank=i + 1, **f.cleaned_data)
            for i, f in enumerate(formset.forms)
            if f.cleaned_data
        ]
        values = dict(form.cleaned_data)
        for k in ("amount_per_ticket", "amount_per_hour", "monthly_fee"):
            values[k] = values[k] or Decimal(0)
        try:
            services.policy_save(
                actor=request.user, engagement=engagement, priorities=priorities, **values
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Service level saved; the tickets are measured again."))
            return redirect("sla:overview", org=org.slug, pk=engagement.pk)
    return render(
        request,
        "sla/policy_form.html",
        {
            "engagement": engagement,
            "form": form,
            "formset": formset,
            "has_calendars": bool(calendars),
        },
    )


@org_view()
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "sla.manage", engagement)
    form = ImportForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_upload(
                actor=request.user,
                engagement=engagement,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                tz=form.cleaned_data["timezone"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return redirect(
                "sla:import", org=request.organisation.slug, pk=engagement.pk, job=job.pk
            )
    return render(request, "sla/import_upload.html", {"engagement": engagement, "form": form})


@org_view()
def import_detail(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    from .formats import read_table

    engagement = _engagement(request, pk)
    require(request.membership, "sla.manage", engagement)
    job_obj = get_object_or_404(TicketImport, engagement=engagement, pk=job)
    return import_page(
        request,
        job=job_obj,
        fields=FIELDS[job_obj.mapping.get("_kind", "tickets")],
        start=lambda mapping: services.import_start(
            actor=request.user, job=job_obj, mapping=mapping
        ),
        read=read_table,
        here=request.path,
        templates=("sla/import_detail.html", "sla/_import_status.html"),
        context={"engagement": engagement},
    )


# -- calendars -------------------------------------------------------------------------


@org_view("calendar.view")
def calendar_list(request: HttpRequest) -> HttpResponse:
    cals = selectors.calendars(request.membership)
    rows = [
        (c, [(label, hours_text(c.weekly_hours.get(str(d), []))) for d, label in _weekdays()])
        for c in cals
    ]
    return render(request, "sla/calendar_list.html", {"rows": rows})


def _weekdays():
    from .models import WEEKDAYS

    return WEEKDAYS


def _preview_days(
    calendar: BusinessCalendar, days: int = 14
) -> list[tuple[dt.date, list[tuple[dt.datetime, dt.datetime]], bool]]:
    from zoneinfo import ZoneInfo

    engine = calendar.engine()
    zone = ZoneInfo(calendar.timezone)
    today = timezone.localdate()
    out = []
    for i in range(days):
        day = today + dt.timedelta(days=i)
        spans = [
            (dt.datetime.fromtimestamp(a, zone), dt.datetime.fromtimestamp(b, zone))
            for a, b in engine.open_intervals(day, day)
        ]
        out.append((day, spans, engine.is_open_day(day)))
    return out


def _calendar_form(request: HttpRequest, calendar: BusinessCalendar | None) -> HttpResponse:
    form = CalendarForm(posted(request), calendar=calendar)
    if request.method == "POST" and form.is_valid():
        try:
            calendar = services.calendar_save(
                actor=request.user, org=request.organisation, calendar=calendar, **form.values()
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Calendar saved."))
            return redirect("calendars:update", org=request.organisation.slug, pk=calendar.pk)
    preview = _preview_days(calendar) if calendar else []
    return render(
        request, "sla/calendar_form.html", {"form": form, "calendar": calendar, "preview": preview}
    )


@org_view("calendar.manage")
def calendar_create(request: HttpRequest) -> HttpResponse:
    return _calendar_form(request, None)


@org_view("calendar.view")
def calendar_update(request: HttpRequest, pk: int) -> HttpResponse:
    calendar = get_object_or_404(selectors.calendars(request.membership), pk=pk)
    if request.method == "POST":
        require(request.membership, "calendar.manage")
    return _calendar_form(request, calendar)
