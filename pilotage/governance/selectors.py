"""Reads of meetings, decisions and actions that the pages, the home page and the
engagement page share. Everything starts from what the membership may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from pilotage.core.models import Membership
from pilotage.core.permissions import can
from pilotage.engagements.models import Engagement

from .models import Action, ActionStatus, Cadence, Decision, Meeting, MeetingStatus

NEXT_DAYS = 7


def meetings(membership: Membership) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(membership).select_related("engagement", "cadence")


def actions(membership: Membership) -> QuerySet[Action]:
    return Action.objects.visible_to(membership).select_related(
        "engagement__vendor", "owner", "meeting"
    )


def decisions(membership: Membership) -> QuerySet[Decision]:
    return Decision.objects.visible_to(membership).select_related("engagement", "meeting")


def may_set_status(membership: Membership, action: Action) -> bool:
    """The people running the engagement change any action; the vendor only those it holds."""
    engagement = action.engagement
    if can(membership, "governance.manage", engagement):
        return True
    return (
        membership.is_vendor
        and action.held_by_vendor
        and can(membership, "governance.act", engagement)
    )


def status_actions(membership: Membership) -> QuerySet[Action]:
    """The actions whose status ``membership`` may change (others answer 404)."""
    qs = actions(membership)
    if membership.is_vendor:
        return qs.filter(held_by_vendor=True, engagement__vendor_id=membership.vendor_id)
    from pilotage.core.models import Role

    if membership.role == Role.OWNER:
        return qs
    if membership.role == Role.REFERENT:
        return qs.filter(engagement__referent_id=membership.user_id)
    return qs.none()


def upcoming(engagement: Engagement, *, limit: int = 6) -> list[Meeting]:
    since = timezone.now() - dt.timedelta(hours=12)
    return list(
        engagement.meetings.filter(status=MeetingStatus.PLANNED, scheduled_at__gte=since)
        .select_related("cadence")
        .order_by("scheduled_at")[:limit]
    )


def next_committee(engagement: Engagement) -> Meeting | None:
    meetings = upcoming(engagement, limit=20)
    return next((m for m in meetings if m.kind == "committee"), meetings[0] if meetings else None)


def past(engagement: Engagement, *, limit: int = 12) -> list[Meeting]:
    return list(
        engagement.meetings.filter(
            Q(scheduled_at__lt=timezone.now() - dt.timedelta(hours=12))
            | ~Q(status=MeetingStatus.PLANNED)
        )
        .annotate(
            n_decisions=Count("decisions", distinct=True), n_actions=Count("actions", distinct=True)
        )
        .order_by("-scheduled_at")[:limit]
    )


def cadences(engagement: Engagement) -> list[Cadence]:
    return list(engagement.cadences.filter(active=True).order_by("kind"))


def filter_actions(qs: QuerySet[Action], state: str, side: str, today: dt.date) -> QuerySet[Action]:
    if state == "open":
        qs = qs.filter(status=ActionStatus.OPEN)
    elif state == "overdue":
        qs = qs.filter(status=ActionStatus.OPEN, due_on__lt=today)
    elif state == "done":
        qs = qs.filter(status=ActionStatus.DONE)
    if side == "vendor":
        qs = qs.filter(held_by_vendor=True)
    elif side == "inside":
        qs = qs.filter(held_by_vendor=False)
    return qs


@dataclass
class EngagementCard:
    next_meeting: Meeting | None
    overdue: int
    open: int


def engagement_card(engagement: Engagement, today: dt.date) -> EngagementCard:
    counts = engagement.actions.filter(status=ActionStatus.OPEN).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    found = upcoming(engagement, limit=1)
    return EngagementCard(found[0] if found else None, counts["overdue"], counts["open"])


def vendor_held(membership: Membership, today: dt.date) -> list[Action]:
    """Open actions held by the membership's vendor, overdue first."""
    if not membership.is_vendor or not membership.vendor_id:
        return []
    found = list(
        actions(membership).filter(
            status=ActionStatus.OPEN,
            held_by_vendor=True,
            engagement__vendor_id=membership.vendor_id,
        )
    )
    return sorted(found, key=lambda a: (a.due_on >= today, a.due_on, a.pk))


def overdue_for(membership: Membership, today: dt.date) -> list[Action]:
    """Overdue open actions of the engagements the membership runs."""
    return list(
        actions(membership)
        .filter(status=ActionStatus.OPEN, due_on__lt=today)
        .order_by("due_on", "pk")[:20]
    )


def next_meetings_for(membership: Membership, days: int = NEXT_DAYS) -> list[Meeting]:
    now = timezone.now()
    return list(
        meetings(membership)
        .filter(
            status=MeetingStatus.PLANNED,
            scheduled_at__gte=now - dt.timedelta(hours=2),
            scheduled_at__lte=now + dt.timedelta(days=days),
        )
        .order_by("scheduled_at")[:10]
    )
