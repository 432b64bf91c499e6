"""The meetings ahead of each cadence, generated from its rule (see recurrence.py).

``extend_all`` is the daily job "governance.meetings": it creates the meetings missing up to
each cadence's horizon, one per (cadence, sequence), and re-aligns the planned meetings
nobody moved when the cadence itself changed. Moved, held or cancelled meetings are never
touched. Running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from pilotage.core import audit
from pilotage.core.models import AuditAction
from pilotage.engagements.models import Stage

from . import recurrence
from .models import Cadence, Meeting, MeetingKind, MeetingStatus

RULE_OF = {
    MeetingKind.WEEKLY: recurrence.WEEKLY,
    MeetingKind.COMMITTEE: recurrence.MONTHLY,
    MeetingKind.QUARTERLY: recurrence.QUARTERLY,
    MeetingKind.YEARLY: recurrence.YEARLY,
}
HORIZON_DAYS = {
    MeetingKind.WEEKLY: 8 * 7,
    MeetingKind.COMMITTEE: 183,
    MeetingKind.QUARTERLY: 366,
    MeetingKind.YEARLY: 2 * 366,
}


def local_first(cadence: Cadence) -> dt.datetime:
    """The first meeting in the organisation's zone (the wall-clock time the rule keeps)."""
    zone = ZoneInfo(cadence.engagement.organisation.timezone or "Europe/Paris")
    return cadence.first_at.astimezone(zone)


def horizon(kind: str, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=HORIZON_DAYS[kind])


def extend(cadence: Cadence, today: dt.date) -> int:
    """Create the missing meetings of ``cadence`` from today up to its horizon, and put back
    on the rule the planned meetings nobody moved. Returns how many meetings were created."""
    if not cadence.active:
        return 0
    first = local_first(cadence)
    existing = {m.sequence: m for m in Meeting.objects.filter(cadence=cadence)}
    created = 0
    org = cadence.engagement.organisation
    now = timezone.now()
    for index, when in recurrence.occurrences(
        first, RULE_OF[cadence.kind], horizon(cadence.kind, today)
    ):
        sequence = index + 1
        meeting = existing.get(sequence)
        if meeting is None:
            if when.date() < today:
                continue  # the past is not invented
            try:
                with transaction.atomic():
                    meeting = Meeting.objects.create(
                        engagement=cadence.engagement,
                        cadence=cadence,
                        sequence=sequence,
                        kind=cadence.kind,
                        scheduled_at=when,
                        duration_minutes=cadence.duration_minutes,
                        location=cadence.location,
                    )
                    audit.record(
                        action=AuditAction.CREATE,
                        organisation=org,
                        obj=meeting,
                        actor_label="Pilotage",
                        object_repr=f"{cadence.engagement} · {meeting}",
                        changes=audit.created(audit.snapshot(meeting, Meeting.AUDITED)),
                    )
            except IntegrityError:
                continue  # made at the same time by another run
            created += 1
        elif (
            meeting.status == MeetingStatus.PLANNED
            and not meeting.moved
            and meeting.minutes_closed_at is None
            and meeting.scheduled_at >= now
        ):
            values = {
                "scheduled_at": when,
                "duration_minutes": cadence.duration_minutes,
                "location": cadence.location,
            }
            if any(getattr(meeting, k) != v for k, v in values.items()):
                audit.save_changes(
                    meeting,
                    actor=None,
                    organisation=org,
                    fields=Meeting.AUDITED,
                    values=values,
                )
    return created


def extend_all(today: dt.date | None = None) -> int:
    """The daily job: every active cadence of an engagement still running."""
    today = today or timezone.localdate()
    created = 0
    cadences = (
        Cadence.objects.filter(active=True)
        .exclude(engagement__stage=Stage.CLOSED)
        .select_related("engagement__organisation")
    )
    for cadence in cadences:
        created += extend(cadence, today)
    return created
