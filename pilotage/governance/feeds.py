"""Each person's calendar feed (ICS): meetings, notice deadlines and contract ends, and the
due dates of their open actions, at a secret address a calendar application reads without
signing in. Making a new address revokes the former one."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from pilotage.core import notify
from pilotage.core.access import org_view
from pilotage.core.models import AuditAction, AuditEntry, Membership, Role
from pilotage.core.permissions import contract_scope
from pilotage.engagements.models import Engagement

from . import requests_services as services
from .models import Action, ActionStatus, CalendarFeed, Meeting, MeetingStatus

PAST_DAYS = 180  # meetings further back are left out of the feed
DEADLINE_DAYS = 730
PRODID = "-//Pilotage//Calendar feed//FR"
# What moves a meeting in a calendar: each recorded change of these bumps its SEQUENCE.
MOVING = ("scheduled_at", "duration_minutes", "location", "status")


def feed_url(feed: CalendarFeed) -> str:
    return notify.absolute(reverse("calendar_ics", args=[feed.token]))


@org_view()
def manage(request: HttpRequest) -> HttpResponse:
    """Show the person's secret address; a POST makes a new one (the old one stops)."""
    feed = CalendarFeed.objects.filter(user=request.user, organisation=request.organisation).first()
    if request.method == "POST":
        renewed = feed is not None
        services.calendar_feed_renew(actor=request.user, organisation=request.organisation)
        if renewed:
            messages.success(
                request, _("New address made: the former one no longer works. Subscribe again.")
            )
        else:
            messages.success(request, _("Your calendar address is ready."))
        return redirect("calendar_feed", org=request.organisation.slug)
    return render(
        request,
        "governance/feed.html",
        {"feed": feed, "url": feed_url(feed) if feed else ""},
    )


# --- the feed itself --------------------------------------------------------------------


def _sequences(organisation_id: int, meeting_ids: list[int]) -> Counter:
    """How many times each meeting was moved, changed or cancelled (from the audit trail)."""
    if not meeting_ids:
        return Counter()
    moved = Q()
    for key in MOVING:
        moved |= Q(changes__has_key=key)
    rows = (
        AuditEntry.objects.filter(
            organisation_id=organisation_id,
            object_type=Meeting._meta.label_lower,
            action=AuditAction.UPDATE,
            object_id__in=[str(pk) for pk in meeting_ids],
        )
        .filter(moved)
        .values_list("object_id", flat=True)
    )
    return Counter(int(pk) for pk in rows)


def _event(uid: str, summary: str, now: dt.datetime, link: str, **fields: Any) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("summary", summary)
    if link:
        event.add("url", link)
    for name, value in fields.items():
        if value not in (None, ""):
            event.add(name.replace("_", "-"), value)
    return event


def _all_day(uid: str, summary: str, day: dt.date, now: dt.datetime, link: str, **fields):
    return _event(
        uid,
        summary,
        now,
        link,
        dtstart=day,
        dtend=day + dt.timedelta(days=1),
        transp="TRANSPARENT",
        **fields,
    )


def _meetings(m: Membership, engagements, now: dt.datetime, host: str) -> list[Event]:
    since = now - dt.timedelta(days=PAST_DAYS)
    meetings = list(
        Meeting.objects.visible_to(m)
        .filter(engagement__in=engagements, scheduled_at__gte=since)
        .select_related("engagement")
    )
    sequences = _sequences(m.organisation_id, [x.pk for x in meetings])
    slug = m.organisation.slug
    out = []
    for x in meetings:
        link = notify.absolute(
            reverse(
                "governance:meeting", kwargs={"org": slug, "pk": x.engagement_id, "meeting": x.pk}
            )
        )
        out.append(
            _event(
                f"meeting-{x.pk}@{host}",
                f"{x.get_kind_display()} · {x.engagement.title}",
                now,
                link,
                dtstart=x.scheduled_at.astimezone(dt.UTC),
                dtend=(x.scheduled_at + dt.timedelta(minutes=x.duration_minutes)).astimezone(
                    dt.UTC
                ),
                location=x.location,
                sequence=sequences.get(x.pk, 0),
                status="CANCELLED" if x.status == MeetingStatus.CANCELLED else "CONFIRMED",
                description=link,
            )
        )
    return out


def _actions(m: Membership, engagements, now: dt.datetime, host: str) -> list[Event]:
    actions = Action.objects.visible_to(m).filter(
        engagement__in=engagements, status=ActionStatus.OPEN
    )
    if m.role == Role.VENDOR:
        actions = actions.filter(held_by_vendor=True)
    else:
        actions = actions.filter(owner=m.user)
    slug = m.organisation.slug
    out = []
    for a in actions.select_related("engagement"):
        link = notify.absolute(
            reverse(
                "governance:action", kwargs={"org": slug, "pk": a.engagement_id, "action": a.pk}
            )
        )
        out.append(
            _all_day(
                f"action-{a.pk}@{host}",
                _("Due: %(action)s · %(engagement)s")
                % {"action": a.title, "engagement": a.engagement.title},
                a.due_on,
                now,
                link,
                description=a.details or link,
            )
        )
    return out


def _deadlines(m: Membership, engagements, now: dt.datetime, host: str) -> list[Event]:
    """Notice deadlines and contract ends of the contracts the person may see (a vendor's
    people: only those shared with it)."""
    from pilotage.contracts import selectors as contract_selectors
    from pilotage.contracts.models import Contract

    today = timezone.localdate()
    visible = set(Contract.objects.filter(contract_scope(m)).values_list("pk", flat=True))
    out = []
    deadlines = contract_selectors.deadlines_for_engagements(engagements, today, DEADLINE_DAYS)
    for d in deadlines:
        contract = d.contract
        if contract.pk not in visible:
            continue
        label, kind = d.label, d.kind
        out.append(
            _all_day(
                f"contract-{contract.pk}-{kind}-{d.deadline:%Y%m%d}@{host}",
                f"{label} · {contract}",
                d.deadline,
                now,
                "",
            )
        )
    return out


def calendar_for(m: Membership, *, host: str) -> bytes:
    """The ICS text of ``m``'s feed, in the person's language."""
    now = timezone.now().replace(microsecond=0)
    engagements = Engagement.objects.visible_to(m)
    with translation.override(m.user.language or settings.LANGUAGE_CODE):
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", f"Pilotage · {m.organisation.name}")
        cal.add("x-wr-timezone", m.organisation.timezone or "Europe/Paris")
        for event in (
            _meetings(m, engagements, now, host)
            + _deadlines(m, engagements, now, host)
            + _actions(m, engagements, now, host)
        ):
            cal.add_component(event)
    return cal.to_ical()


@csrf_exempt
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed at its secret address: no session, 404 for an unknown or revoked token or a
    person who no longer has access."""
    entry = CalendarFeed.objects.filter(token=token).select_related("user", "organisation").first()
    if entry is None or not entry.user.is_active:
        raise Http404
    membership = (
        Membership.objects.active()
        .select_related("organisation", "user", "vendor")
        .filter(user=entry.user, organisation=entry.organisation)
        .first()
    )
    if membership is None:
        raise Http404
    host = urlsplit(settings.PILOTAGE_BASE_URL).hostname or "pilotage"
    body = calendar_for(membership, host=host)
    CalendarFeed.objects.filter(pk=entry.pk).update(last_read_at=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="pilotage.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
