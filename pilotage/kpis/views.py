from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pilotage.core.access import org_view, require
from pilotage.core.imports import import_page
from pilotage.core.permissions import can
from pilotage.core.views import apply_errors
from pilotage.engagements.models import Engagement
from pilotage.lib import uploads
from pilotage.lib.charts import indicator_chart
from pilotage.lib.http import posted
from pilotage.lib.pdf import render_pdf

from . import catalogue, imports, periods, selectors, services
from .forms import (
    ImportForm,
    IndicatorForm,
    LeaderTimeForm,
    PeriodForm,
    ReviewForm,
    SettingsForm,
    ValuesForm,
)
from .labels import axis_title, describe_warning, period_label, short_period_label, value_text
from .models import Indicator, KpiImport, Source, Value, ValueStatus
from .templatetags.kpis import state_name, state_sign

PERIODS_OFFERED = 12


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    return get_object_or_404(Engagement.objects.visible_to(request.membership).with_people(), pk=pk)


def _indicator(request: HttpRequest, engagement: Engagement, pk: int) -> Indicator:
    indicator = get_object_or_404(
        Indicator.objects.visible_to(request.membership).filter(engagement=engagement), pk=pk
    )
    indicator.engagement = engagement
    return indicator


def _value(request: HttpRequest, engagement: Engagement, pk: int) -> Value:
    try:
        found = selectors.value_of(request.membership, engagement, pk)
    except Value.DoesNotExist:
        raise Http404 from None
    found.indicator.engagement = engagement
    return found


def _chart(row: selectors.Row, language: str) -> str:
    i = row.indicator
    return indicator_chart(
        [(short_period_label(p.period, i.frequency), p.value, p.state) for p in row.shown],
        y_title=axis_title(i.unit),
        target=None if i.target is None else float(i.target),
        red=None if i.red is None else float(i.red),
        language=language,
    )


def _dashboard_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    """What the dashboard shows, on the page and in its PDF."""
    engagement = _engagement(request, pk)
    today = timezone.localdate()
    board = selectors.dashboard(engagement, today)
    language = get_language() or "fr"
    return {
        "engagement": engagement,
        "board": board,
        "charts": {row.indicator.pk: _chart(row, language) for row in board.rows},
        "warnings": [(row, w, _describe(row, w)) for row, w in board.warnings],
        "today": today,
    }


@org_view()
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "kpis/dashboard.html", _dashboard_context(request, pk))


def _describe(row: selectors.Row, warning: Any) -> str:
    i = row.indicator
    return describe_warning(
        warning,
        i.unit,
        None if i.red is None else float(i.red),
        [p.period for p in row.points],
        i.frequency,
    )


@org_view()
def dashboard_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard as a PDF, to send or to hand out at the steering committee."""
    context = _dashboard_context(request, pk)
    context.update(organisation=request.organisation, now=timezone.localtime())
    engagement, today = context["engagement"], context["today"]
    name = f"indicateurs-{slugify(engagement.title)}-{today.isoformat()}.pdf"
    return render_pdf(request, "kpis/dashboard_pdf.html", context, name)


@org_view("organisation.overview")
def organisation_board(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    lines = selectors.board_for(request.membership, today)
    names = {s: state_name(s) for s in ("green", "amber", "red", None)}
    for line in lines:
        # Worked out here once: the board may hold hundreds of them.
        line.chips = [
            {
                "pk": row.indicator.pk,
                "name": row.indicator.name,
                "state": row.state or "none",
                "title": f"{row.indicator.name} · {names[row.state]}",
                "sign": state_sign(row.state),
                "value": value_text(row.latest.value, row.indicator.unit) if row.latest else "—",
                "warned": bool(row.warnings),
            }
            for row in line.rows
        ]
    return render(request, "kpis/board.html", {"lines": lines, "today": today})


@org_view()
def indicators(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "kpis.manage", engagement)
    followed = list(engagement.indicators.select_related("owner").order_by("-active", "position"))
    taken = {i.template for i in followed if i.template}
    offered = [t for t in catalogue.for_function(engagement.function) if t.code not in taken]
    active = [i for i in followed if i.active]
    return render(
        request,
        "kpis/indicators.html",
        {
            "engagement": engagement,
            "followed": followed,
            "offered": offered,
            "advice": catalogue.advice([i.aspect for i in active]),
            "active_count": len(active),
            "recommended": catalogue.RECOMMENDED,
        },
    )


@org_view()
def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "kpis.manage", engagement)
    if request.method != "POST":
        return redirect("kpis:indicators", org=request.organisation.slug, pk=pk)
    try:
        indicator = services.template_add(
            actor=request.user, engagement=engagement, code=request.POST.get("code", "")
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("“%(name)s” added.") % {"name": indicator.name})
    return redirect("kpis:indicators", org=request.organisation.slug, pk=pk)


@org_view()
def indicator_new(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "kpis.manage", engagement)
    form = IndicatorForm(posted(request), engagement=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(
                actor=request.user, engagement=engagement, data=_without_empty_since(form)
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Indicator created."))
            return redirect("kpis:indicators", org=request.organisation.slug, pk=pk)
    return render(request, "kpis/indicator_form.html", {"engagement": engagement, "form": form})


def _without_empty_since(form: IndicatorForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if not data.get("since"):
        data.pop("since", None)
    return data


@org_view()
def indicator_edit(request: HttpRequest, pk: int, indicator: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "kpis.manage", engagement)
    found = _indicator(request, engagement, indicator)
    if request.method == "POST" and request.POST.get("active") in ("0", "1"):
        try:
            services.indicator_update(
                actor=request.user, indicator=found, data={"active": request.POST["active"] == "1"}
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        return redirect("kpis:indicators", org=request.organisation.slug, pk=pk)
    form = IndicatorForm(posted(request), instance=found, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in _without_empty_since(form).items() if not form.fields[k].disabled}
        try:
            services.indicator_update(actor=request.user, indicator=found, data=data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("kpis:indicators", org=request.organisation.slug, pk=pk)
    return render(
        request,
        "kpis/indicator_form.html",
        {"engagement": engagement, "form": form, "indicator": found},
    )


@org_view()
def settings_edit(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "kpis.manage", engagement)
    current = services.settings_of(engagement)
    form = SettingsForm(posted(request), instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(
                actor=request.user, engagement=engagement, data=form.cleaned_data
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("kpis:dashboard", org=request.organisation.slug, pk=pk)
    return render(request, "kpis/settings.html", {"engagement": engagement, "form": form})


def _enterable(request: HttpRequest, engagement: Engagement) -> list[Indicator]:
    found = list(
        engagement.indicators.filter(active=True)
        .exclude(source=Source.COMPUTED)
        .order_by("position")
    )
    for indicator in found:
        indicator.engagement = engagement
    return [i for i in found if services.may_enter(request.membership, i)]


def _default_period(
    indicators: list[Indicator], frequency: str, today: dt.date, due_days: int
) -> dt.date:
    """The oldest period still owed among the recent ones, else the last one ended."""
    recent = periods.last_n(today, frequency, PERIODS_OFFERED)
    given = set(
        Value.objects.filter(indicator__in=indicators, period__in=recent)
        .exclude(status=ValueStatus.CONTESTED)
        .values_list("indicator_id", "period")
    )
    for period in recent:
        if periods.due_on(period, frequency, due_days) > today + dt.timedelta(days=due_days):
            continue
        if any(
            i.since <= period
            and (i.pk, period) not in given
            and not services.period_problem(i, period, today)
            for i in indicators
        ):
            return period
    return recent[-2] if len(recent) > 1 else recent[-1]


@org_view()
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "kpis.submit", engagement)
    today = timezone.localdate()
    enterable = _enterable(request, engagement)
    frequencies = [f for f in periods.FREQUENCIES if any(i.frequency == f for i in enterable)]
    if not frequencies:
        return render(request, "kpis/submit.html", {"engagement": engagement, "nothing": True})
    frequency = request.GET.get("frequency")
    frequency = frequency if frequency in frequencies else frequencies[0]
    indicators = [i for i in enterable if i.frequency == frequency]
    due_days = services.settings_of(engagement).due_days
    asked = periods.parse(request.GET.get("period", ""), frequency)
    period = asked or _default_period(indicators, frequency, today, due_days)
    period = min(period, periods.start_of(today, frequency))
    starts = periods.last_n(today, frequency, PERIODS_OFFERED)
    if period not in starts:
        starts = sorted({*starts, period})
    existing = {
        v.indicator_id: v
        for v in Value.objects.filter(indicator__in=indicators, period=period).select_related(
            "submitted_by"
        )
    }
    vendor = request.membership.is_vendor
    open_ = [
        i
        for i in indicators
        if i.pk not in existing or not vendor or existing[i.pk].status == ValueStatus.CONTESTED
    ]
    current = {
        pk_: value_text(v.value, v.indicator.unit).replace("\u00a0", " ")
        for pk_, v in existing.items()
        if not vendor
    }
    form = ValuesForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        indicators=open_,
        current=current,
    )
    problem = next(
        (p for i in indicators if (p := services.period_problem(i, period, today))), None
    )
    if request.method == "POST" and form.is_valid() and not problem:
        entries = [
            services.Entry(
                indicator=i,
                period=period,
                value=form.cleaned_data[f"value_{i.pk}"],
                comment=form.cleaned_data[f"comment_{i.pk}"],
                evidence=form.cleaned_data[f"evidence_{i.pk}"],
                field=f"value_{i.pk}",
            )
            for i in open_
            if (form.cleaned_data[f"value_{i.pk}"] or "").strip()
            and not (
                i.pk in existing
                and not vendor
                and form.cleaned_data[f"value_{i.pk}"] == current.get(i.pk)
                and not form.cleaned_data[f"comment_{i.pk}"]
                and not form.cleaned_data[f"evidence_{i.pk}"]
            )
        ]
        if not entries:
            form.add_error(None, _("Give at least one value."))
        else:
            try:
                saved = services.values_submit(
                    actor=request.user, membership=request.membership, entries=entries, today=today
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request,
                    _("%(count)s value(s) for %(period)s saved.")
                    % {"count": len(saved), "period": period_label(period, frequency)},
                )
                return redirect("kpis:dashboard", org=request.organisation.slug, pk=pk)
    return render(
        request,
        "kpis/submit.html",
        {
            "engagement": engagement,
            "form": form,
            "frequency": frequency,
            "frequencies": frequencies,
            "period": period,
            "period_name": period_label(period, frequency),
            "period_form": PeriodForm(
                initial={"period": period.isoformat()}, starts=starts, frequency=frequency
            ),
            "due": periods.due_on(period, frequency, due_days),
            "problem": problem,
            "done": [
                (i, existing[i.pk]) for i in indicators if i.pk in existing and i not in open_
            ],
            "contested": {
                pk_: v for pk_, v in existing.items() if v.status == ValueStatus.CONTESTED
            },
            "today": today,
        },
    )


@org_view()
def value_detail(request: HttpRequest, pk: int, value: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    found = _value(request, engagement, value)
    may_review = found.status == ValueStatus.SUBMITTED and services.may_review(
        request.membership, found
    )
    form = ReviewForm(posted(request) if may_review else None)
    if request.method == "POST":
        if not may_review:
            raise Http404
        if form.is_valid():
            try:
                services.value_review(
                    actor=request.user,
                    value=found,
                    accept=form.cleaned_data["decision"] == "validate",
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request,
                    _("Value validated.")
                    if form.cleaned_data["decision"] == "validate"
                    else _("Value contested: the vendor is asked to give it again."),
                )
                return redirect("kpis:dashboard", org=request.organisation.slug, pk=pk)
    return render(
        request,
        "kpis/value_detail.html",
        {
            "engagement": engagement,
            "value": found,
            "indicator": found.indicator,
            "period_name": period_label(found.period, found.indicator.frequency),
            "events": found.events.select_related("by"),
            "form": form if may_review else None,
        },
    )


@org_view()
def evidence(request: HttpRequest, pk: int, value: int) -> FileResponse:
    found = _value(request, _engagement(request, pk), value)
    if not found.evidence:
        raise Http404
    try:
        handle = found.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = found.evidence_name or found.evidence.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=uploads.content_type(name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@org_view()
def leader_time(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "kpis.leader_time", engagement)
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    target = back or f"/o/{request.organisation.slug}/"
    if request.method != "POST":
        return redirect(target)
    form = LeaderTimeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the time as a number of hours, for example 1,5."))
        return redirect(target)
    try:
        value = services.leader_time_add(
            actor=request.user,
            membership=request.membership,
            engagement=engagement,
            hours=form.cleaned_data["hours"],
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            _("%(engagement)s: %(total)s spent steering in %(month)s.")
            % {
                "engagement": engagement.title,
                "total": value_text(value.value, "hours"),
                "month": period_label(value.period, periods.MONTHLY),
            },
        )
    return redirect(target)


@org_view()
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "kpis.submit", engagement)
    form = ImportForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.upload(
                actor=request.user, engagement=engagement, file=form.cleaned_data["file"]
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return redirect(
                "kpis:import", org=request.organisation.slug, pk=engagement.pk, job=job.pk
            )
    return render(
        request,
        "kpis/import_upload.html",
        {
            "engagement": engagement,
            "form": form,
            "imports": KpiImport.objects.filter(engagement=engagement, uploaded_by=request.user)[
                :10
            ],
            "indicators": _enterable(request, engagement),
        },
    )


@org_view()
def import_detail(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    from pilotage.lib.tabular import open_table

    engagement = _engagement(request, pk)
    require(request.membership, "kpis.submit", engagement)
    jobs = KpiImport.objects.filter(engagement=engagement)
    if not can(request.membership, "kpis.manage", engagement):
        jobs = jobs.filter(uploaded_by=request.user)  # a vendor sees its own files only
    found = get_object_or_404(jobs, pk=job)
    return import_page(
        request,
        job=found,
        fields=(imports.FIELDS, imports.REQUIRED),
        start=lambda mapping: imports.start(
            actor=request.user, membership=request.membership, job=found, mapping=mapping
        ),
        read=open_table,
        here=request.path,
        templates=("kpis/import_detail.html", "kpis/_import_status.html"),
        context={"engagement": engagement},
    )
