from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core.access import org_view, require
from pilotage.core.permissions import can
from pilotage.core.views import apply_errors
from pilotage.engagements.models import Engagement, Stage
from pilotage.lib.http import posted

from . import plan, selectors, services
from .forms import CriterionForm, DecisionForm, MeasureForm, PilotForm, RampForm
from .models import Criterion, Pilot


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    return get_object_or_404(Engagement.objects.visible_to(request.membership).with_people(), pk=pk)


def _pilot_or_none(engagement: Engagement) -> Pilot | None:
    pilot = (
        Pilot.objects.filter(engagement=engagement)
        .select_related("criteria_agreed_by", "decided_by")
        .first()
    )
    if pilot is not None:
        pilot.engagement = engagement
    return pilot


def _pilot(engagement: Engagement) -> Pilot:
    pilot = _pilot_or_none(engagement)
    if pilot is None:
        raise Http404
    return pilot


def _criterion(pilot: Pilot, pk: int) -> Criterion:
    criterion = get_object_or_404(pilot.criteria.select_related("indicator"), pk=pk)
    criterion.pilot = pilot
    return criterion


def _to_page(request: HttpRequest, engagement: Engagement) -> HttpResponse:
    return redirect("pilots:page", org=request.organisation.slug, pk=engagement.pk)


def _setup_initial() -> dict[str, Any]:
    today = timezone.localdate()
    start = plan.add_months(today.replace(day=1), 1)
    return {
        "start_date": start,
        "end_date": plan.default_end(start),
        "ramp_up_months": plan.DEFAULT_RAMP_MONTHS,
    }


@org_view()
def page(request: HttpRequest, pk: int) -> HttpResponse:
    """The pilot of an engagement: its set-up when there is none yet, else where it stands."""
    engagement = _engagement(request, pk)
    may_manage = can(request.membership, "pilot.manage", engagement)
    if request.method == "POST" and not may_manage:
        raise Http404
    pilot = _pilot_or_none(engagement)
    if pilot is not None:
        if request.method == "POST":
            messages.info(request, _("This engagement already has its pilot."))
            return _to_page(request, engagement)
        today = timezone.localdate()
        return render(
            request,
            "pilots/page.html",
            {
                "engagement": engagement,
                "pilot": pilot,
                "view": selectors.pilot_page(pilot, today),
                "today": today,
            },
        )
    form = PilotForm(posted(request), initial=_setup_initial()) if may_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.pilot_create(actor=request.user, engagement=engagement, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("Pilot set up. Now write the go/no-go criteria and agree on them.")
            )
            return _to_page(request, engagement)
    return render(request, "pilots/page.html", {"engagement": engagement, "form": form})


@org_view()
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "pilot.manage", engagement)
    pilot = _pilot(engagement)
    form = PilotForm(posted(request), instance=pilot)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not form.fields[k].disabled}
        try:
            services.pilot_update(actor=request.user, pilot=_pilot(engagement), **data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Pilot saved."))
            return _to_page(request, engagement)
    return render(
        request, "pilots/pilot_form.html", {"engagement": engagement, "pilot": pilot, "form": form}
    )


@org_view()
def ramp(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "pilot.manage", engagement)
    pilot = _pilot(engagement)
    form = RampForm(posted(request), pilot=pilot, steps=list(pilot.steps.all()))
    if request.method == "POST" and form.is_valid():
        steps = [
            services.StepData(form.cleaned_data[f"share_{m}"], form.cleaned_data[f"note_{m}"])
            for m in form.months
        ]
        try:
            services.ramp_save(actor=request.user, pilot=pilot, steps=steps)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Ramp-up plan saved."))
            return _to_page(request, engagement)
    return render(
        request, "pilots/ramp.html", {"engagement": engagement, "pilot": pilot, "form": form}
    )


def _open(form: CriterionForm, pilot: Pilot) -> bool:
    """Whether the criteria may still change; if not, the form says why."""
    try:
        services.check_criteria_open(pilot)
    except ValidationError as e:
        apply_errors(form, e)
        return False
    return True


def _save_criterion(
    request: HttpRequest, form: CriterionForm, pilot: Pilot, criterion: Criterion | None
) -> bool:
    data = form.cleaned_data
    try:
        services.criterion_save(
            actor=request.user,
            pilot=pilot,
            criterion=criterion,
            indicator=data["indicator"],
            label=data["label"],
            comparator=data["comparator"],
            threshold=data["threshold"],
            rule=data["rule"],
            unit=data["unit"],
        )
    except ValidationError as e:
        apply_errors(form, e)
        return False
    return True


@org_view()
def criteria(request: HttpRequest, pk: int) -> HttpResponse:
    """The criteria of the pilot, and a form to add one while they are not agreed."""
    engagement = _engagement(request, pk)
    require(request.membership, "pilot.manage", engagement)
    pilot = _pilot(engagement)
    form = CriterionForm(posted(request), engagement=engagement)
    posted_ok = request.method == "POST" and _open(form, pilot) and form.is_valid()
    if posted_ok and _save_criterion(request, form, pilot, None):
        messages.success(request, _("Criterion added."))
        return redirect("pilots:criteria", org=request.organisation.slug, pk=engagement.pk)
    return render(
        request,
        "pilots/criteria.html",
        {
            "engagement": engagement,
            "pilot": pilot,
            "form": form,
            "criteria": list(pilot.criteria.select_related("indicator")),
            "indicators": list(
                engagement.indicators.filter(active=True).order_by("position", "id")
            ),
        },
    )


@org_view()
def criterion(request: HttpRequest, pk: int, criterion: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "pilot.manage", engagement)
    pilot = _pilot(engagement)
    found = _criterion(pilot, criterion)
    to_list = redirect("pilots:criteria", org=request.organisation.slug, pk=engagement.pk)
    if request.method == "POST" and "delete" in request.POST:
        form = CriterionForm(None, engagement=engagement, instance=found)
        form.cleaned_data = {}  # an unbound form takes errors only with this
        try:
            services.criterion_delete(actor=request.user, criterion=found)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Criterion removed."))
            return to_list
    else:
        form = CriterionForm(posted(request), engagement=engagement, instance=found)
        posted_ok = request.method == "POST" and _open(form, pilot) and form.is_valid()
        if posted_ok and _save_criterion(request, form, pilot, found):
            messages.success(request, _("Criterion saved."))
            return to_list
    return render(
        request,
        "pilots/criterion_form.html",
        {"engagement": engagement, "pilot": pilot, "criterion": found, "form": form},
    )


@org_view()
def agree(request: HttpRequest, pk: int) -> HttpResponse:
    """Freeze the criteria (POST); a GET goes back to the page."""
    engagement = _engagement(request, pk)
    require(request.membership, "pilot.manage", engagement)
    pilot = _pilot(engagement)
    if request.method == "POST":
        try:
            services.criteria_agree(actor=request.user, pilot=pilot)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(
                request, _("Criteria agreed: the go/no-go will be judged on them as they stand.")
            )
    return _to_page(request, engagement)


@org_view()
def measure(request: HttpRequest, pk: int, criterion: int) -> HttpResponse:
    """The measure of a criterion that no indicator follows."""
    engagement = _engagement(request, pk)
    require(request.membership, "pilot.manage", engagement)
    pilot = _pilot(engagement)
    found = _criterion(pilot, criterion)
    if found.indicator_id is not None:
        raise Http404
    initial = {"note": found.manual_note}
    if found.manual_value is not None:
        from .forms import plain_number

        initial["value"] = plain_number(found.manual_value)
    form = MeasureForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_measure(
                actor=request.user,
                criterion=found,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Measure recorded."))
            return _to_page(request, engagement)
    return render(
        request,
        "pilots/measure.html",
        {"engagement": engagement, "pilot": pilot, "criterion": found, "form": form},
    )


@org_view()
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Go, no-go or extend: the owner decides, against the agreed criteria."""
    engagement = _engagement(request, pk)
    require(request.membership, "pilot.decide", engagement)
    pilot = _pilot(engagement)
    today = timezone.localdate()
    form = DecisionForm(posted(request), initial={"back_to": Stage.SELECTION})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide(
                actor=request.user,
                pilot=pilot,
                decision=data["decision"],
                reasons=data["reasons"],
                new_end_date=data["new_end_date"],
                early=data["early"],
                back_to=data["back_to"] or Stage.SELECTION,
                today=today,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Decision recorded."))
            return _to_page(request, engagement)
    return render(
        request,
        "pilots/decide.html",
        {
            "engagement": engagement,
            "pilot": pilot,
            "form": form,
            "view": selectors.pilot_page(pilot, today),
            "today": today,
        },
    )
