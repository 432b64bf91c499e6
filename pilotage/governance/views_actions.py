"""Pages of decisions and actions: recorded from a meeting, listed, changed; the vendor marks
the actions it holds."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from pilotage.core.access import org_view, require
from pilotage.core.permissions import can
from pilotage.core.views import apply_errors
from pilotage.lib.http import posted

from . import selectors, services
from .forms import ActionForm, DecisionForm, StatusForm
from .models import Action, Decision
from .views import _engagement, _meeting, _post_only, _to_meeting, meeting_page


@org_view()
def meeting_decision(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    found = _meeting(engagement, meeting)
    if (answer := _post_only(request, engagement, found)) is not None:
        return answer
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decision_create(
                actor=request.user, engagement=engagement, meeting=found, **form.cleaned_data
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Decision recorded."))
            return _to_meeting(request, found, "decisions")
    return meeting_page(request, engagement, found, decision_form=form)


@org_view()
def meeting_action(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    found = _meeting(engagement, meeting)
    if (answer := _post_only(request, engagement, found)) is not None:
        return answer
    form = ActionForm(request.POST, engagement=engagement)
    if form.is_valid():
        try:
            services.action_create(
                actor=request.user, engagement=engagement, meeting=found, **form.service_fields()
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Action recorded."))
            return _to_meeting(request, found, "actions")
    return meeting_page(request, engagement, found, action_form=form)


@org_view()
def decisions(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    found = selectors.decisions(request.membership).filter(engagement=engagement)
    query = (request.GET.get("q") or "").strip()[:100]
    if query:
        found = found.filter(title__icontains=query) | found.filter(reasons__icontains=query)
    return render(
        request,
        "governance/decisions.html",
        {
            "engagement": engagement,
            "decisions": list(found[:200]),
            "query": query,
            "may_manage": can(request.membership, "governance.manage", engagement),
        },
    )


@org_view()
def decision(request: HttpRequest, pk: int, decision: int) -> HttpResponse:
    """Change or remove a decision."""
    engagement = _engagement(request, pk)
    require(request.membership, "governance.manage", engagement)
    found = get_object_or_404(
        Decision.objects.filter(engagement=engagement).select_related("meeting"), pk=decision
    )
    found.engagement = engagement
    form = DecisionForm(posted(request), instance=found)
    back = redirect("governance:decisions", org=request.organisation.slug, pk=engagement.pk)
    if request.method == "POST" and request.POST.get("delete"):
        try:
            services.decision_delete(actor=request.user, decision=found)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Decision removed."))
            return back
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("decided_on") is None:
            data["decided_on"] = found.decided_on
        try:
            services.decision_update(actor=request.user, decision=found, **data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Decision saved."))
            return back
    return render(
        request,
        "governance/decision_form.html",
        {"engagement": engagement, "decision": found, "form": form},
    )


FILTERS = ("open", "overdue", "done", "all")
SIDES = ("", "inside", "vendor")


@org_view()
def actions(request: HttpRequest, pk: int) -> HttpResponse:
    """The actions of the engagement, filtered by state and side, with their status."""
    engagement = _engagement(request, pk)
    today = timezone.localdate()
    state = request.GET.get("state") if request.GET.get("state") in FILTERS else "open"
    side = request.GET.get("side") if request.GET.get("side") in SIDES else ""
    qs = selectors.filter_actions(
        selectors.actions(request.membership).filter(engagement=engagement), state, side, today
    )
    found = list(qs.order_by("status", "due_on", "pk")[:300])
    for action in found:
        action.engagement = engagement
        action.may_set_status = selectors.may_set_status(request.membership, action)
    return render(
        request,
        "governance/actions.html",
        {
            "engagement": engagement,
            "actions": found,
            "state": state,
            "side": side,
            "today": today,
            "states": [
                ("open", _("Open")),
                ("overdue", _("Overdue")),
                ("done", _("Done")),
                ("all", _("All")),
            ],
            "sides": [("", _("Everyone")), ("inside", _("Organisation")), ("vendor", _("Vendor"))],
            "may_manage": can(request.membership, "governance.manage", engagement),
        },
    )


@org_view()
def action(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    """Change an action: what, who, when."""
    engagement = _engagement(request, pk)
    require(request.membership, "governance.manage", engagement)
    found = get_object_or_404(
        Action.objects.filter(engagement=engagement).select_related("owner"), pk=action
    )
    found.engagement = engagement
    form = ActionForm(posted(request), instance=found, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(actor=request.user, action=found, **form.service_fields())
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Action saved."))
            return redirect("governance:actions", org=request.organisation.slug, pk=engagement.pk)
    return render(
        request,
        "governance/action_form.html",
        {"engagement": engagement, "action": found, "form": form},
    )


@org_view()
def action_status(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    """Mark an action done (or open again, or cancelled). The vendor may do so only for the
    actions it holds; any other answers 404."""
    engagement = _engagement(request, pk)
    require(request.membership, "governance.act", engagement)
    found = get_object_or_404(
        selectors.status_actions(request.membership).filter(engagement=engagement), pk=action
    )
    if not selectors.may_set_status(request.membership, found):
        raise Http404
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ) or not back.startswith("/"):
        back = ""
    target = (
        back
        or redirect("governance:actions", org=request.organisation.slug, pk=engagement.pk)[
            "Location"
        ]
    )
    if request.method != "POST":
        return redirect(target)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect(target)
    try:
        services.action_status(actor=request.user, action=found, status=form.cleaned_data["status"])
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Action “%(title)s” updated.") % {"title": found.title})
    return redirect(target)
