"""Ticket and pause imports: read → map columns → validate every row → write all or nothing.

Known exports (GLPI, Zammad, Jira Service Management) are recognised by their headers;
any other file is mapped by the user in a preview, and the mapping is remembered per
vendor. Errors name the row, the column and the reason; if there is one, nothing is
stored. Re-importing the same or an overlapping file updates tickets by their id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pilotage.core import audit
from pilotage.core.models import AuditAction
from pilotage.lib.dates import BadDate, parse_instant
from pilotage.lib.db import insert_many
from pilotage.lib.tabular import UnreadableFile, open_table

from . import measure as m
from .models import (
    ColumnMapping,
    ImportStatus,
    PriorityLevel,
    SlaPolicy,
    Ticket,
    TicketImport,
    TicketPause,
)
from .services import apply_measures, epoch, measure_arrays, month_of

MAX_ERRORS_SHOWN = 100
PROGRESS_EVERY = 5000

# What Pilotage needs from a ticket file, and what a pause file gives.
TICKET_FIELDS = {
    "id": gettext_lazy("Ticket id"),
    "title": gettext_lazy("Title"),
    "priority": gettext_lazy("Priority"),
    "status": gettext_lazy("Status"),
    "opened": gettext_lazy("Opened"),
    "taken": gettext_lazy("Taken in charge"),
    "resolved": gettext_lazy("Restored / resolved"),
}
TICKET_REQUIRED = ("id", "priority", "opened")
PAUSE_FIELDS = {
    "id": gettext_lazy("Ticket id"),
    "paused_from": gettext_lazy("Paused from"),
    "paused_until": gettext_lazy("Paused until"),
}
PAUSE_REQUIRED = ("id", "paused_from")


@dataclass(frozen=True)
class Profile:
    """A known export, recognised when all its ``signature`` headers are present."""

    source: str
    label: str
    signature: tuple[str, ...]
    mapping: dict[str, str]


PROFILES = [
    Profile(
        "glpi",
        "GLPI",
        ("ID", "Titre", "Priorité", "Date d'ouverture"),
        {
            "id": "ID",
            "title": "Titre",
            "priority": "Priorité",
            "status": "Statut",
            "opened": "Date d'ouverture",
            "taken": "Date de prise en compte",
            "resolved": "Date de résolution",
        },
    ),
    Profile(
        "glpi",
        "GLPI (English)",
        ("ID", "Title", "Priority", "Opening date"),
        {
            "id": "ID",
            "title": "Title",
            "priority": "Priority",
            "status": "Status",
            "opened": "Opening date",
            "taken": "Take into account date",
            "resolved": "Resolution date",
        },
    ),
    Profile(
        "zammad",
        "Zammad",
        ("Number", "Title", "Priority", "Created at"),
        {
            "id": "Number",
            "title": "Title",
            "priority": "Priority",
            "status": "State",
            "opened": "Created at",
            "taken": "First response at",
            "resolved": "Close at",
        },
    ),
    Profile(
        "jira",
        "Jira Service Management",
        ("Issue key", "Summary", "Priority", "Created"),
        {
            "id": "Issue key",
            "title": "Summary",
            "priority": "Priority",
            "status": "Status",
            "opened": "Created",
            "taken": "Custom field (Date of First Response)",
            "resolved": "Resolved",
        },
    ),
]


def recognise(headers: list[str]) -> Profile | None:
    present = {h.strip().casefold() for h in headers}
    for profile in PROFILES:
        if all(h.casefold() in present for h in profile.signature):
            return profile
    return None


def suggest_mapping(
    headers: list[str], *, vendor_id: int | None, kind: str
) -> tuple[str, dict[str, str]]:
    """The source and column mapping to offer: a known export, else the vendor's last one."""
    by_fold = {h.strip().casefold(): h for h in headers}
    if kind == "tickets":
        profile = recognise(headers)
        if profile:
            return profile.source, {
                k: by_fold[v.casefold()]
                for k, v in profile.mapping.items()
                if v.casefold() in by_fold
            }
    if vendor_id:
        saved = ColumnMapping.objects.filter(vendor_id=vendor_id, kind=kind).first()
        if saved:
            return "generic", {k: v for k, v in saved.mapping.items() if v in headers}
    fields = TICKET_FIELDS if kind == "tickets" else PAUSE_FIELDS
    guess = {}
    for key, label in fields.items():
        for candidate in (key, str(label)):
            if candidate.casefold() in by_fold:
                guess[key] = by_fold[candidate.casefold()]
    return "generic", guess


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
    opened: list[dt.datetime] = field(default_factory=list)
    taken: list[dt.datetime | None] = field(default_factory=list)
    resolved: list[dt.datetime | None] = field(default_factory=list)
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
    seen: dict[str, tuple[int, tuple[Any, ...]]] = {}
    for number, row in rows:
        out.rows += 1
        if progress and out.rows % PROGRESS_EVERY == 0:
            progress(out.rows)
        ok = True
        ticket_id = _text(_cell(row, index, "id"))
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
        record = (raw_priority.casefold(), times["opened"], times["taken"], times["resolved"])
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
        out.opened.append(times["opened"])  # type: ignore[arg-type]
        out.taken.append(times["taken"])
        out.resolved.append(times["resolved"])
    return out


def write_tickets(job: TicketImport, parsed: Parsed, *, now: dt.datetime) -> tuple[int, int]:
    """Create or update the tickets in one transaction, measured before they are written."""
    engagement = job.engagement
    existing: dict[str, Ticket] = {}
    for start in range(0, len(parsed.ids), 5000):
        chunk = parsed.ids[start : start + 5000]
        existing.update(
            {
                t.external_id: t
                for t in Ticket.objects.filter(engagement=engagement, external_id__in=chunk)
            }
        )
    tickets: list[Ticket] = []
    zone_of = {
        lv.pk: ZoneInfo(lv.calendar.timezone)
        for lv in {p.pk: p for p in parsed.priorities}.values()
    }
    for i, ticket_id in enumerate(parsed.ids):
        t = existing.get(ticket_id) or Ticket(
            organisation_id=job.organisation_id, engagement=engagement, external_id=ticket_id
        )
        t.title, t.status, t.priority = parsed.titles[i], parsed.statuses[i], parsed.priorities[i]
        t.opened_at, t.taken_at, t.resolved_at = (
            parsed.opened[i],
            parsed.taken[i],
            parsed.resolved[i],
        )
        t.month = month_of(t.opened_at, zone_of[t.priority.pk])
        tickets.append(t)
    known_pks = {t.pk: i for i, t in enumerate(tickets) if t.pk}
    pause_rows = list(
        TicketPause.objects.filter(ticket_id__in=list(known_pks)).values_list(
            "ticket_id", "start", "end"
        )
    )
    pauses = m.Pauses(
        np.array([known_pks[p] for p, _s, _e in pause_rows], dtype=np.int64),
        epoch([s for _p, s, _e in pause_rows]),
        epoch([e for _p, _s, e in pause_rows]),
    )
    calendars = {
        lv.calendar_id: lv.calendar.engine() for lv in {p.pk: p for p in parsed.priorities}.values()
    }
    result = measure_arrays(
        calendars=calendars,
        calendar_of=np.array([t.priority.calendar_id for t in tickets]),
        opened=epoch(parsed.opened),
        taken=epoch(parsed.taken),
        resolved=epoch(parsed.resolved),
        gti=np.array([t.priority.gti_minutes * 60.0 for t in tickets]),
        gtr=np.array([t.priority.gtr_minutes * 60.0 for t in tickets]),
        pauses=pauses,
        now=int(now.timestamp()),
    )
    apply_measures(tickets, result, now)
    new = [t for t in tickets if not t.pk]
    old = [t for t in tickets if t.pk]
    insert_many(Ticket, new)
    Ticket.objects.bulk_update(
        old,
        [
            "title",
            "status",
            "priority",
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
        ],
        batch_size=2000,
    )
    return len(new), len(old)


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
        ticket_id = _text(_cell(row, index, "id"))
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


def run_import(import_id: int) -> None:
    """Validate the whole file, then write everything in one transaction, or nothing."""
    started = TicketImport.objects.filter(pk=import_id, status=ImportStatus.PENDING).update(
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
            table = open_table(f)
            if kind == "pauses":
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
        if kind == "pauses":
            ticket_ids = {p for p, _s, _e in pause_rows}
            TicketPause.objects.filter(ticket_id__in=ticket_ids, reason="import").delete()
            TicketPause.objects.bulk_create(
                [
                    TicketPause(ticket_id=p, start=s, end=e, reason="import")
                    for p, s, e in pause_rows
                ],
                batch_size=2000,
            )
            created, updated = len(pause_rows), 0
        else:
            created, updated = write_tickets(job, parsed, now=now)
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
    if kind == "pauses":
        from .services import tickets_measure

        tickets_measure(engagement=job.engagement, now=now)
