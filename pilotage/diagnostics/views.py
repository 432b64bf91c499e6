from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pilotage.core.access import org_view, require
from pilotage.core.views import apply_errors
from pilotage.engagements.models import Engagement
from pilotage.lib.http import posted
from pilotage.lib.pdf import render_pdf

from . import advice, labels, selectors, services
from .forms import ActivityForm, ReadinessForm, RisksForm
from .models import Activity
from .usual import usual_activities

SUGGEST_LIMIT = 2000  # characters of a name or description looked at by the live suggestion


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    engagement = get_object_or_404(
        Engagement.objects.visible_to(request.membership).with_people(), pk=pk
    )
    require(request.membership, "preparation.view", engagement)
    return engagement


def _managed(request: HttpRequest, pk: int) -> Engagement:
    engagement = _engagement(request, pk)
    require(request.membership, "preparation.manage", engagement)
    return engagement


def _activity(engagement: Engagement, pk: int) -> Activity:
    found = get_object_or_404(Activity.objects.filter(engagement=engagement), pk=pk)
    found.engagement = engagement
    return found


def _to_page(request: HttpRequest, engagement: Engagement, anchor: str = "") -> HttpResponse:
    url = reverse(
        "diagnostics:page", kwargs={"org": request.organisation.slug, "pk": engagement.pk}
    )
    return redirect(url + (f"#{anchor}" if anchor else ""))


@org_view("preparation.view")
def page(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    context = selectors.diagnostic_context(engagement)
    context["function_name"] = engagement.get_function_display()
    context["usual_count"] = len(usual_activities(engagement.function))
    return render(request, "diagnostics/page.html", context)


@org_view("preparation.view")
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The result of the diagnostic as a PDF, to keep or to hand to whoever writes the
    specification."""
    engagement = _engagement(request, pk)
    context = selectors.diagnostic_context(engagement)
    context.update(organisation=request.organisation, now=timezone.localtime())
    name = f"diagnostic-{slugify(engagement.title)}-{timezone.localdate().isoformat()}.pdf"
    return render_pdf(request, "diagnostics/pdf.html", context, name)


@org_view("preparation.view")
def activity_new(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _managed(request, pk)
    form = ActivityForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=request.user, engagement=engagement, **form.cleaned_data
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("“%(name)s” added.") % {"name": activity.name})
            if "another" in request.POST:
                return redirect(
                    "diagnostics:activity_new", org=request.organisation.slug, pk=engagement.pk
                )
            return _to_page(request, engagement, "activities")
    return render(
        request,
        "diagnostics/activity_form.html",
        {"engagement": engagement, "form": form, "suggestion": _live(form, engagement)},
    )


@org_view("preparation.view")
def activity_edit(request: HttpRequest, pk: int, activity: int) -> HttpResponse:
    engagement = _managed(request, pk)
    found = _activity(engagement, activity)
    title = found.name  # the form below writes what is typed on ``found``
    form = ActivityForm(posted(request), instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(actor=request.user, activity=found, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("“%(name)s” saved.") % {"name": form.cleaned_data["name"]})
            return _to_page(request, engagement, "activities")
    return render(
        request,
        "diagnostics/activity_form.html",
        {
            "engagement": engagement,
            "form": form,
            "activity": found,
            "title": title,
            "suggestion": _live(form, engagement),
        },
    )


@org_view("preparation.view")
def activity_delete(request: HttpRequest, pk: int, activity: int) -> HttpResponse:
    engagement = _managed(request, pk)
    found = _activity(engagement, activity)
    if request.method != "POST":
        return _to_page(request, engagement)
    services.activity_delete(actor=request.user, activity=found)
    messages.success(request, _("“%(name)s” removed.") % {"name": found.name})
    return _to_page(request, engagement, "activities")


@org_view("preparation.view")
def activity_apply(request: HttpRequest, pk: int, activity: int) -> HttpResponse:
    """Give one activity the class its name suggests (one click from the table)."""
    engagement = _managed(request, pk)
    found = _activity(engagement, activity)
    if request.method != "POST":
        return _to_page(request, engagement)
    try:
        services.activity_apply_suggestion(actor=request.user, activity=found)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return _to_page(request, engagement, f"activity-{found.pk}")


@org_view("preparation.view")
def apply_all(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _managed(request, pk)
    if request.method != "POST":
        return _to_page(request, engagement)
    changed = services.activities_apply_suggestions(actor=request.user, engagement=engagement)
    messages.success(
        request,
        ngettext(
            "%(n)s activity classed as suggested: check each one.",
            "%(n)s activities classed as suggested: check each one.",
            len(changed),
        )
        % {"n": len(changed)},
    )
    return _to_page(request, engagement, "activities")


@org_view("preparation.view")
def add_usual(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _managed(request, pk)
    if request.method != "POST":
        return _to_page(request, engagement)
    try:
        added = services.activities_add_usual(actor=request.user, engagement=engagement)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s usual activity added: give each its hours, remove those you do not do.",
                "%(n)s usual activities added: give each its hours, remove those you do not do.",
                len(added),
            )
            % {"n": len(added)},
        )
    return _to_page(request, engagement, "activities")


@org_view("preparation.view")
def readiness(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _managed(request, pk)
    diagnostic = selectors.diagnostic_of(engagement)
    form = ReadinessForm(posted(request), instance=diagnostic)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_update(
                actor=request.user, engagement=engagement, answers=form.cleaned_data
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Readiness check saved."))
            return _to_page(request, engagement, "readiness")
    return render(request, "diagnostics/readiness.html", {"engagement": engagement, "form": form})


@org_view("preparation.view")
def risks(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _managed(request, pk)
    diagnostic = selectors.diagnostic_of(engagement)
    form = RisksForm(posted(request), instance=diagnostic)
    if request.method == "POST" and form.is_valid():
        try:
            services.risks_update(actor=request.user, engagement=engagement, data=form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Risks saved."))
            return _to_page(request, engagement, "risks")
    return render(request, "diagnostics/risks.html", {"engagement": engagement, "form": form})


@org_view("preparation.view")
def conclude(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _managed(request, pk)
    if request.method != "POST":
        return _to_page(request, engagement)
    try:
        services.diagnostic_conclude(actor=request.user, engagement=engagement)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return _to_page(request, engagement, "result")
    messages.success(
        request, _("Diagnostic concluded. Now write the specification: the why before the how.")
    )
    return redirect("specifications:page", org=request.organisation.slug, pk=engagement.pk)


def _live(form: ActivityForm, engagement: Engagement) -> dict[str, object]:
    """The suggestion for what the form holds (the page works without JavaScript)."""
    if form.is_bound:
        name, description = form.data.get("name", ""), form.data.get("description", "")
    else:
        name, description = form.initial.get("name", ""), form.initial.get("description", "")
    return _suggestion_context(str(name or ""), str(description or ""), engagement.function)


def _suggestion_context(name: str, description: str, function: str) -> dict[str, object]:
    name, description = name[:SUGGEST_LIMIT], description[:SUGGEST_LIMIT]
    found = advice.suggest(name, description, function)
    return {
        "typed": bool(name.strip() or description.strip()),
        "found": found,
        "text": labels.suggestion_text(found) if found else "",
    }


@org_view("preparation.view")
def suggest(request: HttpRequest, pk: int) -> HttpResponse:
    """The suggestion for a name being typed, as an HTML fragment (htmx)."""
    engagement = _engagement(request, pk)
    context = _suggestion_context(
        request.GET.get("name", ""), request.GET.get("description", ""), engagement.function
    )
    return render(request, "diagnostics/_suggestion.html", {"suggestion": context})
