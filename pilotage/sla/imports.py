"""Ticket and pause imports: read → map columns → validate every row → write all or nothing.

Known exports (GLPI, Zammad, Jira Service Management) are recognised by their headers;
any other file is mapped by the user in a preview, and the mapping is remembered per
vendor. Errors name the row, the column and the reason; if there is one, nothing is
stored. Re-importing the same or an overlapping file updates tickets by their id.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core import audit
from pilotage.core.models import AuditAction, ImportStatus
from pilotage.kpis.tasks import refresh_soon
from pilotage.lib import bulk
from pilotage.lib.dates import BadDate, parse_instant
from pilotage.lib.tabular import UnreadableFile

from . import measure as m
from .engine import NAT
from .formats import PAUSE_REASON, RESOLVED_STATUSES, read_table
from .models import (
    ColumnMapping,
    PriorityLevel,
    SlaPolicy,
    Ticket,
    TicketImport,
    TicketPause,
)
from .services import epoch, measure_arrays

MAX_ERRORS_SHOWN = 100
PROGRESS_EVERY = 5000


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Parsed:
    """Validated tickets (or pauses), column by column."""

    ids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    priorities: list[PriorityLevel] = field(default_factory=list)
    opened: list[int] = field(default_factory=list)  # UTC epoch seconds
    taken: list[int] = field(default_factory=list)  # NAT when empty
    resolved: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0

    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(RowError(row, column, message))


def _cell(row: list[Any], index: dict[str, int], key: str) -> Any:
    i = index.get(key)
    if i is None or i >= len(row):
        return None
    value = row[i]
    return value.strip() if isinstance(value, str) else value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_SPACED_NUMBER = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+$")


def _ticket_id(value: Any) -> str:
    """GLPI writes its ids with thousands separators (5 732 943): the id is 5732943."""
    text = _text(value)
    if _SPACED_NUMBER.match(text):
        return re.sub(r"[ \u00a0\u202f]", "", text)
    return text


def _epoch(value: dt.datetime | None) -> int:
    return NAT if value is None else int(value.timestamp())


def validate_tickets(
    rows: Iterator[tuple[int, list[Any]]],
    *,
    headers: list[str],
    mapping: dict[str, str],
    policy: SlaPolicy,
    zone: ZoneInfo,
    progress: Any = None,
) -> Parsed:
    index = {key: headers.index(col) for key, col in mapping.items() if col in headers}
    levels = list(policy.priorities.select_related("calendar"))
    level_of: dict[str, PriorityLevel | None] = {}
    out = Parsed()
    seen: dict[str, tuple[int, int]] = {}
    for number, row in rows:
        out.rows += 1
        if progress and out.rows % PROGRESS_EVERY == 0:
            progress(out.rows)
        ok = True
        ticket_id = _ticket_id(_cell(row, index, "id"))
        if not ticket_id:
            out.error(number, mapping.get("id", "id"), _("The ticket id is missing."))
            ok = False
        raw_priority = _text(_cell(row, index, "priority"))
        if raw_priority not in level_of:
            level_of[raw_priority] = next((lv for lv in levels if lv.matches(raw_priority)), None)
        level = level_of[raw_priority]
        if level is None:
            out.error(
                number,
                mapping.get("priority", "priority"),
                _(
                    "Unknown priority “%(value)s”: add it to a priority's names in the service level."
                )
                % {"value": raw_priority},
            )
            ok = False
        times: dict[str, dt.datetime | None] = {}
        for key in ("opened", "taken", "resolved"):
            raw = _cell(row, index, key)
            try:
                times[key] = parse_instant(raw, zone)
            except BadDate:
                out.error(
                    number,
                    mapping.get(key, key),
                    _("Unreadable date “%(value)s”.") % {"value": raw},
                )
                ok = False
                times[key] = None
        if ok and times["opened"] is None:
            out.error(number, mapping.get("opened", "opened"), _("The opening date is missing."))
            ok = False
        if ok:
            opened = times["opened"]
            for key, label in (("taken", _("taken in charge")), ("resolved", _("resolved"))):
                when = times[key]
                if when is not None and opened is not None and when < opened:
                    # In the autumn hour that happens twice, a local time written after the
                    # opening may be the second occurrence.
                    second = parse_instant(_cell(row, index, key), zone, fold=1)
                    if second is not None and second >= opened:
                        times[key] = when = second
                if when is not None and opened is not None and when < opened:
                    out.error(
                        number,
                        mapping.get(key, key),
                        _("The ticket was %(what)s before it was opened.") % {"what": label},
                    )
                    ok = False
        if not ok:
            continue
        record = hash((raw_priority.casefold(), times["opened"], times["taken"], times["resolved"]))
        if ticket_id in seen:
            first_row, first_record = seen[ticket_id]
            if first_record != record:
                out.error(
                    number,
                    mapping.get("id", "id"),
                    _("Ticket %(id)s already appears on row %(row)s with other values.")
                    % {"id": ticket_id, "row": first_row},
                )
            continue
        seen[ticket_id] = (number, record)
        out.ids.append(ticket_id)
        out.titles.append(_text(_cell(row, index, "title"))[:300])
        out.statuses.append(_text(_cell(row, index, "status"))[:60])
        out.priorities.append(level)  # type: ignore[arg-type]
        out.opened.append(_epoch(times["opened"]))
        out.taken.append(_epoch(times["taken"]))
        out.resolved.append(_epoch(times["resolved"]))
    return out


TICKET_COLUMNS = (
    "title",
    "status",
    "priority_id",
    "opened_at",
    "taken_at",
    "resolved_at",
    "month",
    "intervene_seconds",
    "restore_seconds",
    "intervene_breached",
    "restore_breached",
    "late_seconds",
    "measured_at",
)


def write_tickets(job: TicketImport, parsed: Parsed, *, now: dt.datetime) -> tuple[int, int]:
    """Create or update the tickets in one transaction, measured before they are written.

    Works on columns, not model instances, and writes by chunks with prepared statements,
    so that a million tickets stay within time and memory."""
    engagement = job.engagement
    known = dict(Ticket.objects.filter(engagement=engagement).values_list("external_id", "pk"))
    row_of_pk = {known[t]: i for i, t in enumerate(parsed.ids) if t in known}
    pause_rows = list(
        TicketPause.objects.filter(ticket__engagement=engagement).values_list(
            "ticket_id", "start", "end"
        )
    )
    pause_rows = [p for p in pause_rows if p[0] in row_of_pk]
    pauses = m.Pauses(
        np.array([row_of_pk[p] for p, _s, _e in pause_rows], dtype=np.int64),
        epoch([s for _p, s, _e in pause_rows]),
        epoch([e for _p, _s, e in pause_rows]),
    )
    levels = {p.pk: p for p in parsed.priorities}
    level_rows = np.array([p.pk for p in parsed.priorities], dtype=np.int64)
    cal_of_level = {pk: lv.calendar_id for pk, lv in levels.items()}
    opened, taken, resolved = (
        np.array(a, dtype=np.int64) for a in (parsed.opened, parsed.taken, parsed.resolved)
    )
    result = measure_arrays(
        calendars={lv.calendar_id: lv.calendar.engine() for lv in levels.values()},
        calendar_of=np.vectorize(cal_of_level.get, otypes=[np.int64])(level_rows)
        if len(level_rows)
        else level_rows,
        opened=opened,
        taken=taken,
        resolved=resolved,
        gti=np.array([parsed.priorities[i].gti_minutes * 60.0 for i in range(len(parsed.ids))]),
        gtr=np.array([parsed.priorities[i].gtr_minutes * 60.0 for i in range(len(parsed.ids))]),
        pauses=pauses,
        now=int(now.timestamp()),
        taking_is_recorded=bool(job.mapping.get("taken")),
    )
    connection = connections[router.db_for_write(Ticket)]
    adapt = connection.ops.adapt_datetimefield_value
    adapt_date = connection.ops.adapt_datefield_value
    zones = {pk: ZoneInfo(lv.calendar.timezone) for pk, lv in levels.items()}
    utc = dt.UTC
    measured_at = adapt(now)

    def instant(x: int) -> Any:
        return None if x == NAT else adapt(dt.datetime.fromtimestamp(int(x), utc))

    def values(i: int) -> list[Any]:
        level = parsed.priorities[i]
        local = dt.datetime.fromtimestamp(int(opened[i]), zones[level.pk])
        restore = result.restore[i]
        intervene = result.intervene[i]
        return [
            parsed.titles[i],
            parsed.statuses[i],
            level.pk,
            instant(opened[i]),
            instant(taken[i]),
            instant(resolved[i]),
            adapt_date(dt.date(local.year, local.month, 1)),
            None if np.isnan(intervene) else float(intervene),
            None if np.isnan(restore) else float(restore),
            bool(result.intervene_breached[i]),
            bool(result.restore_breached[i]),
            float(result.late[i]),
            measured_at,
        ]

    inserts, updates = [], []
    for i in range(len(parsed.ids)):
        pk = known.get(parsed.ids[i])
        if pk is None:
            inserts.append(i)
        else:
            updates.append((i, pk))
    created = bulk.insert(
        Ticket,
        ("organisation_id", "engagement_id", "external_id", *TICKET_COLUMNS),
        ([job.organisation_id, engagement.pk, parsed.ids[i], *values(i)] for i in inserts),
    )
    updated = bulk.update(Ticket, TICKET_COLUMNS, ([*values(i), pk] for i, pk in updates))
    return created, updated


def validate_pauses(
    rows: Iterator[tuple[int, list[Any]]],
    *,
    headers: list[str],
    mapping: dict[str, str],
    engagement_id: int,
    zone: ZoneInfo,
) -> tuple[list[tuple[int, dt.datetime, dt.datetime | None]], Parsed]:
    index = {key: headers.index(col) for key, col in mapping.items() if col in headers}
    out = Parsed()
    wanted: list[tuple[int, str, dt.datetime, dt.datetime | None]] = []
    for number, row in rows:
        out.rows += 1
        ticket_id = _ticket_id(_cell(row, index, "id"))
        try:
            start = parse_instant(_cell(row, index, "paused_from"), zone)
            end = parse_instant(_cell(row, index, "paused_until"), zone)
        except BadDate as e:
            out.error(
                number,
                mapping.get("paused_from", ""),
                _("Unreadable date “%(value)s”.") % {"value": e},
            )
            continue
        if not ticket_id:
            out.error(number, mapping.get("id", "id"), _("The ticket id is missing."))
            continue
        if start is None:
            out.error(
                number, mapping.get("paused_from", ""), _("The start of the pause is missing.")
            )
            continue
        if end is not None and end < start:
            out.error(
                number, mapping.get("paused_until", ""), _("The pause ends before it starts.")
            )
            continue
        wanted.append((number, ticket_id, start, end))
    ids = {ticket_id for _n, ticket_id, _s, _e in wanted}
    known = dict(
        Ticket.objects.filter(engagement_id=engagement_id, external_id__in=ids).values_list(
            "external_id", "pk"
        )
    )
    pauses = []
    for number, ticket_id, start, end in wanted:
        if ticket_id not in known:
            out.error(
                number,
                mapping.get("id", "id"),
                _("No ticket %(id)s: import the tickets first.") % {"id": ticket_id},
            )
            continue
        pauses.append((known[ticket_id], start, end))
    return pauses, out


def validate_statuses(
    rows: Iterator[tuple[int, list[Any]]],
    *,
    headers: list[str],
    mapping: dict[str, str],
    engagement_id: int,
    policy: SlaPolicy,
    zone: ZoneInfo,
) -> tuple[list[tuple[int, dt.datetime, dt.datetime | None]], Parsed]:
    """Turn status changes into pauses: while a ticket sits in a status that pauses the
    clock, and between a resolution and a reopening (a reopened ticket keeps counting
    from where it stopped, the resolved spell excluded)."""
    index = {key: headers.index(col) for key, col in mapping.items() if col in headers}
    out = Parsed()
    changes: dict[str, list[tuple[dt.datetime, str, int]]] = {}
    for number, row in rows:
        out.rows += 1
        ticket_id = _ticket_id(_cell(row, index, "id"))
        status = _text(_cell(row, index, "status"))
        raw = _cell(row, index, "changed_at")
        try:
            when = parse_instant(raw, zone)
        except BadDate:
            out.error(
                number,
                mapping.get("changed_at", ""),
                _("Unreadable date “%(value)s”.") % {"value": raw},
            )
            continue
        if not ticket_id:
            out.error(number, mapping.get("id", "id"), _("The ticket id is missing."))
            continue
        if not status:
            out.error(number, mapping.get("status", "status"), _("The status is missing."))
            continue
        if when is None:
            out.error(
                number, mapping.get("changed_at", ""), _("The date of the change is missing.")
            )
            continue
        changes.setdefault(ticket_id, []).append((when, status, number))
    known = dict(
        Ticket.objects.filter(
            engagement_id=engagement_id, external_id__in=list(changes)
        ).values_list("external_id", "pk")
    )
    pauses: list[tuple[int, dt.datetime, dt.datetime | None]] = []
    for ticket_id, history in changes.items():
        if ticket_id not in known:
            out.error(
                history[0][2],
                mapping.get("id", "id"),
                _("No ticket %(id)s: import the tickets first.") % {"id": ticket_id},
            )
            continue
        history.sort()
        for k, (when, status, _number) in enumerate(history):
            following = history[k + 1][0] if k + 1 < len(history) else None
            if (
                policy.pauses_on(status)
                or status.casefold() in RESOLVED_STATUSES
                and following is not None
            ):
                pauses.append((known[ticket_id], when, following))
    return pauses, out


def run_import(import_id: int) -> None:
    """Validate the whole file, then write everything in one transaction, or nothing."""
    started = TicketImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, processed_rows=0
    )
    if not started:
        return  # already run (a task delivered twice, or run directly)
    job = TicketImport.objects.select_related("engagement__vendor", "organisation").get(
        pk=import_id
    )
    zone = ZoneInfo(job.timezone)
    kind = job.mapping.get("_kind", "tickets")
    mapping = {k: v for k, v in job.mapping.items() if not k.startswith("_")}

    def progress(n: int) -> None:
        TicketImport.objects.filter(pk=job.pk).update(processed_rows=n)

    try:
        with job.file.open("rb") as f:
            table = read_table(f)
            if kind == "statuses":
                pause_rows, parsed = validate_statuses(
                    table.rows,
                    headers=table.headers,
                    mapping=mapping,
                    engagement_id=job.engagement_id,
                    policy=SlaPolicy.objects.get(engagement=job.engagement),
                    zone=zone,
                )
            elif kind == "pauses":
                pause_rows, parsed = validate_pauses(
                    table.rows,
                    headers=table.headers,
                    mapping=mapping,
                    engagement_id=job.engagement_id,
                    zone=zone,
                )
            else:
                policy = SlaPolicy.objects.get(engagement=job.engagement)
                parsed = validate_tickets(
                    table.rows,
                    headers=table.headers,
                    mapping=mapping,
                    policy=policy,
                    zone=zone,
                    progress=progress,
                )
    except UnreadableFile as e:
        parsed = Parsed()
        parsed.error(0, "", _("This file cannot be read: %(reason)s") % {"reason": e})
    job.total_rows = job.processed_rows = parsed.rows
    job.errors = [e.as_dict() for e in parsed.errors]
    job.error_count = parsed.error_count
    job.finished_at = timezone.now()
    if parsed.error_count:
        job.status = ImportStatus.FAILED
        job.save()
        return
    now = timezone.now()
    with transaction.atomic():
        if kind in PAUSE_REASON:
            reason = PAUSE_REASON[kind]
            ticket_ids = {p for p, _s, _e in pause_rows}
            TicketPause.objects.filter(ticket_id__in=ticket_ids, reason=reason).delete()
            TicketPause.objects.bulk_create(
                [TicketPause(ticket_id=p, start=s, end=e, reason=reason) for p, s, e in pause_rows],
                batch_size=2000,
            )
            created, updated = len(pause_rows), 0
        else:
            created, updated = write_tickets(job, parsed, now=now)
            refresh_soon(job.engagement_id)
        job.created_count, job.updated_count = created, updated
        job.status = ImportStatus.DONE
        job.save()
        if job.engagement.vendor_id:
            ColumnMapping.objects.update_or_create(
                vendor_id=job.engagement.vendor_id, kind=kind, defaults={"mapping": mapping}
            )
        audit.record(
            action=AuditAction.CREATE,
            organisation=job.organisation,
            actor=job.uploaded_by,
            obj=job,
            changes={
                "rows": [None, parsed.rows],
                "created": [None, created],
                "updated": [None, updated],
            },
        )
    if kind in PAUSE_REASON:
        from .services import tickets_measure

        tickets_measure(engagement=job.engagement, now=now)
