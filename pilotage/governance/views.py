"""Pages of the meetings: the engagement's governance home, cadences, a meeting with its
agenda and minutes. Decisions and actions: views_actions.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core.access import org_view, require
from pilotage.core.permissions import can
from pilotage.core.views import apply_errors
from pilotage.engagements.models import Engagement
from pilotage.lib.http import posted

from . import agenda, selectors, services
from .forms import (
    ActionForm,
    AttendeeForm,
    CadenceForm,
    DecisionForm,
    MeetingForm,
    NotesForm,
    WhenForm,
)
from .models import Cadence, Meeting, MeetingStatus


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    return get_object_or_404(Engagement.objects.visible_to(request.membership).with_people(), pk=pk)


def _meeting(engagement: Engagement, pk: int) -> Meeting:
    meeting = get_object_or_404(engagement.meetings.select_related("cadence"), pk=pk)
    meeting.engagement = engagement
    return meeting


def _zone(engagement: Engagement) -> str:
    return engagement.organisation.timezone


def _to_meeting(request: HttpRequest, meeting: Meeting, anchor: str = "") -> HttpResponse:
    response = redirect(
        "governance:meeting",
        org=request.organisation.slug,
        pk=meeting.engagement_id,
        meeting=meeting.pk,
    )
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _to_home(request: HttpRequest, engagement: Engagement) -> HttpResponse:
    return redirect("governance:home", org=request.organisation.slug, pk=engagement.pk)


@org_view()
def home(request: HttpRequest, pk: int) -> HttpResponse:
    """The governance of an engagement: meetings ahead, cadences, open actions, decisions.
    A POST adds a cadence."""
    engagement = _engagement(request, pk)
    may_manage = can(request.membership, "governance.manage", engagement)
    form = None
    if may_manage:
        form = CadenceForm(posted(request), zone=_zone(engagement), initial={"time": "09:30"})
    elif request.method == "POST":
        require(request.membership, "governance.manage", engagement)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.cadence_create(
                actor=request.user,
                engagement=engagement,
                kind=form.cleaned_data["kind"],
                first_at=form.when(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
            )
        except ValidationError as e:
            if hasattr(e, "error_dict") and "first_at" in e.error_dict:
                e.error_dict["day"] = e.error_dict.pop("first_at")
            apply_errors(form, e)
        else:
            messages.success(request, _("Cadence added: the meetings ahead are in the calendar."))
            return _to_home(request, engagement)
    today = timezone.localdate()
    open_actions = selectors.filter_actions(
        selectors.actions(request.membership).filter(engagement=engagement), "open", "", today
    )
    return render(
        request,
        "governance/home.html",
        {
            "engagement": engagement,
            "today": today,
            "upcoming": selectors.upcoming(engagement),
            "past": selectors.past(engagement, limit=6),
            "cadences": selectors.cadences(engagement),
            "open_actions": list(open_actions[:12]),
            "decisions": list(
                selectors.decisions(request.membership).filter(engagement=engagement)[:5]
            ),
            "form": form,
            "may_manage": may_manage,
        },
    )


@org_view()
def cadence(request: HttpRequest, pk: int, cadence: int) -> HttpResponse:
    """Change a cadence (its planned meetings follow) or stop it."""
    engagement = _engagement(request, pk)
    require(request.membership, "governance.manage", engagement)
    found = get_object_or_404(
        Cadence.objects.filter(engagement=engagement, active=True), pk=cadence
    )
    found.engagement = engagement
    initial = {
        "kind": found.kind,
        "duration_minutes": found.duration_minutes,
        "location": found.location,
        **WhenForm.initial_for(found.first_at, _zone(engagement)),
    }
    form = CadenceForm(posted(request), zone=_zone(engagement), initial=initial)
    form.fields["kind"].disabled = True
    if request.method == "POST" and request.POST.get("stop"):
        services.cadence_stop(actor=request.user, cadence=found)
        messages.success(request, _("Cadence stopped. Meetings already prepared or held stay."))
        return _to_home(request, engagement)
    if request.method == "POST" and form.is_valid():
        try:
            services.cadence_update(
                actor=request.user,
                cadence=found,
                first_at=form.when(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Cadence saved: the planned meetings follow it."))
            return _to_home(request, engagement)
    return render(
        request,
        "governance/cadence_form.html",
        {"engagement": engagement, "cadence": found, "form": form},
    )


@org_view()
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "governance.manage", engagement)
    form = MeetingForm(posted(request), zone=_zone(engagement), initial={"time": "09:30"})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user,
                engagement=engagement,
                kind=form.cleaned_data["kind"],
                scheduled_at=form.when(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Meeting planned."))
            return _to_meeting(request, meeting)
    return render(request, "governance/meeting_new.html", {"engagement": engagement, "form": form})


def _sections(request: HttpRequest, meeting: Meeting) -> tuple[list[agenda.Section], bool]:
    """The agenda: the stored snapshot once taken, else prepared live."""
    if meeting.agenda:
        sections = agenda.from_json(meeting.agenda)
        live = False
    else:
        sections = agenda.prepare(meeting, timezone.localdate())
        live = True
    return agenda.for_reader(sections, request.membership), live


def meeting_page(
    request: HttpRequest, engagement: Engagement, meeting: Meeting, **forms: Any
) -> HttpResponse:
    m = request.membership
    may_manage = can(m, "governance.manage", engagement)
    editable = (
        may_manage
        and meeting.minutes_closed_at is None
        and meeting.status != MeetingStatus.CANCELLED
    )
    if editable:
        forms.setdefault("notes_form", NotesForm(initial={"notes": meeting.notes}))
        forms.setdefault("attendee_form", AttendeeForm(engagement=engagement, meeting=meeting))
        forms.setdefault("decision_form", DecisionForm())
        forms.setdefault("action_form", ActionForm(engagement=engagement))
    sections, live = _sections(request, meeting)
    actions = list(meeting.actions.select_related("owner").order_by("due_on", "pk"))
    for action in actions:
        action.engagement = engagement
        action.may_set_status = selectors.may_set_status(m, action)
    return render(
        request,
        "governance/meeting.html",
        {
            "engagement": engagement,
            "meeting": meeting,
            "sections": sections,
            "live": live,
            "attendees": list(meeting.attendees.order_by("side", "name")),
            "decisions": list(meeting.decisions.all()),
            "actions": actions,
            "may_manage": may_manage,
            "editable": editable,
            "today": timezone.localdate(),
            **forms,
        },
    )


@org_view()
def meeting(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    """A meeting: its agenda, then its minutes. A POST saves the notes."""
    engagement = _engagement(request, pk)
    found = _meeting(engagement, meeting)
    if request.method != "POST":
        return meeting_page(request, engagement, found)
    require(request.membership, "governance.manage", engagement)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            services.notes_save(actor=request.user, meeting=found, notes=form.cleaned_data["notes"])
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Notes saved."))
            return _to_meeting(request, found, "minutes")
    return meeting_page(request, engagement, found, notes_form=form)


@org_view()
def meeting_move(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    """Move a meeting (the cadence then leaves it alone) or cancel it."""
    engagement = _engagement(request, pk)
    require(request.membership, "governance.manage", engagement)
    found = _meeting(engagement, meeting)
    initial = {
        "duration_minutes": found.duration_minutes,
        "location": found.location,
        **WhenForm.initial_for(found.scheduled_at, _zone(engagement)),
    }
    form = WhenForm(posted(request), zone=_zone(engagement), initial=initial)
    if request.method == "POST" and request.POST.get("cancel"):
        try:
            services.meeting_cancel(actor=request.user, meeting=found)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Meeting cancelled."))
            return _to_meeting(request, found)
    elif request.method == "POST" and form.is_valid():
        try:
            services.meeting_move(
                actor=request.user,
                meeting=found,
                scheduled_at=form.when(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
            )
        except ValidationError as e:
            if hasattr(e, "error_dict") and "scheduled_at" in e.error_dict:
                e.error_dict["day"] = e.error_dict.pop("scheduled_at")
            apply_errors(form, e)
        else:
            messages.success(request, _("Meeting moved."))
            return _to_meeting(request, found)
    return render(
        request,
        "governance/meeting_move.html",
        {"engagement": engagement, "meeting": found, "form": form},
    )


def _post_only(
    request: HttpRequest, engagement: Engagement, meeting: Meeting
) -> HttpResponse | None:
    require(request.membership, "governance.manage", engagement)
    if request.method != "POST":
        return _to_meeting(request, meeting)
    return None


@org_view()
def attendees(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    """Add someone, remove someone, or tick who was there."""
    engagement = _engagement(request, pk)
    found = _meeting(engagement, meeting)
    if (answer := _post_only(request, engagement, found)) is not None:
        return answer
    form = AttendeeForm(request.POST, engagement=engagement, meeting=found)
    try:
        if request.POST.get("remove"):
            attendee = get_object_or_404(found.attendees, pk=_int(request.POST["remove"]))
            services.attendee_remove(actor=request.user, attendee=attendee)
            return _to_meeting(request, found, "attendees")
        if request.POST.get("present") is not None:
            ticked = {_int(v) for v in request.POST.getlist("attendee")}
            services.attendees_present(actor=request.user, meeting=found, present=ticked)
            messages.success(request, _("Attendance saved."))
            return _to_meeting(request, found, "attendees")
        if form.is_valid():
            services.attendee_add(
                actor=request.user,
                meeting=found,
                user=form.cleaned_data["user"],
                name=form.cleaned_data["name"],
                side=form.cleaned_data["side"],
            )
            return _to_meeting(request, found, "attendees")
    except ValidationError as e:
        apply_errors(form, e)
    return meeting_page(request, engagement, found, attendee_form=form)


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@org_view()
def agenda_freeze(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    found = _meeting(engagement, meeting)
    if (answer := _post_only(request, engagement, found)) is not None:
        return answer
    try:
        services.agenda_freeze(actor=request.user, meeting=found)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Agenda frozen: it reads as it did now."))
    return _to_meeting(request, found, "agenda")


@org_view()
def minutes_close(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    found = _meeting(engagement, meeting)
    if (answer := _post_only(request, engagement, found)) is not None:
        return answer
    try:
        services.minutes_close(actor=request.user, meeting=found)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Minutes closed: the meeting is recorded as held."))
    return _to_meeting(request, found)
