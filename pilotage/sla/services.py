"""Every write of the service-level capability, each with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core import audit
from pilotage.core.imports import confirm_mapping
from pilotage.core.models import AuditAction, Organisation, User
from pilotage.engagements.models import Engagement
from pilotage.kpis.tasks import refresh_soon

from . import measure as m
from .engine import NAT, Calendar
from .models import BusinessCalendar, PriorityLevel, SlaPolicy, Ticket, TicketImport, TicketPause


def _check_calendar(values: dict[str, Any]) -> None:
    """Build the engine's calendar once: it refuses what cannot be computed, with a reason."""
    import holidays as holidays_lib

    if not any(values.get("weekly_hours") or {}):
        raise ValidationError({"weekly_hours": _("Give the opening hours of at least one day.")})
    country = values.get("holiday_country") or ""
    if country:
        supported = holidays_lib.list_supported_countries()
        if country not in supported:
            raise ValidationError(
                {
                    "holiday_country": _("Unknown country code “%(code)s”: FR for France.")
                    % {"code": country}
                }
            )
        subdivision = values.get("subdivision") or ""
        if subdivision and subdivision not in supported[country]:
            raise ValidationError(
                {
                    "subdivision": _("Unknown subdivision “%(code)s” for %(country)s.")
                    % {"code": subdivision, "country": country}
                }
            )
    try:
        Calendar(
            {int(k): v for k, v in (values.get("weekly_hours") or {}).items()},
            timezone=values.get("timezone") or "Europe/Paris",
            holidays=values.get("holiday_country") or None,
            subdivision=values.get("subdivision") or None,
            extra_closed_days=[dt.date.fromisoformat(d) for d in values.get("closed_days") or []],
            extra_open_days=[dt.date.fromisoformat(d) for d in values.get("open_days") or []],
        )
    except ValueError as e:
        raise ValidationError(
            {"weekly_hours": _("This calendar cannot be used: %(reason)s") % {"reason": e}}
        ) from None


def calendar_save(
    *, actor: User, org: Organisation, calendar: BusinessCalendar | None = None, **values: Any
) -> BusinessCalendar:
    unknown = set(values) - set(BusinessCalendar.AUDITED)
    if unknown:
        raise TypeError(f"calendar_save() got unexpected fields {sorted(unknown)}")
    merged = {k: getattr(calendar, k) for k in BusinessCalendar.AUDITED} if calendar else {}
    merged.update(values)
    _check_calendar(merged)
    with transaction.atomic():
        if calendar is None:
            calendar = BusinessCalendar(organisation=org, **values)
            calendar.full_clean()
            calendar.save()
            audit.record(
                action=AuditAction.CREATE,
                organisation=org,
                actor=actor,
                obj=calendar,
                changes=audit.created(audit.snapshot(calendar, BusinessCalendar.AUDITED)),
            )
        else:
            calendar = BusinessCalendar.objects.select_for_update().get(pk=calendar.pk)
            changes = audit.save_changes(
                calendar,
                actor=actor,
                organisation=org,
                fields=BusinessCalendar.AUDITED,
                values=values,
            )
            if changes:
                engagements = Engagement.objects.filter(
                    sla_policy__priorities__calendar=calendar
                ).distinct()
                for engagement in engagements:
                    transaction.on_commit(lambda e=engagement.pk: _enqueue_measure(e))
    return calendar


@dataclass
class PriorityData:
    rank: int
    code: str
    name: str
    gti_minutes: int
    gtr_minutes: int
    calendar: BusinessCalendar
    aliases: list[str] = field(default_factory=list)


PRIORITY_AUDITED = ("code", "name", "gti_minutes", "gtr_minutes", "calendar", "aliases")


def policy_save(
    *, actor: User, engagement: Engagement, priorities: Sequence[PriorityData], **values: Any
) -> SlaPolicy:
    """Create or change an engagement's service level, its priorities included; tickets are
    measured again after the commit."""
    unknown = set(values) - set(SlaPolicy.AUDITED)
    if unknown:
        raise TypeError(f"policy_save() got unexpected fields {sorted(unknown)}")
    if not priorities:
        raise ValidationError(_("A service level needs at least one priority."))
    for p in priorities:
        if p.calendar.organisation_id != engagement.organisation_id:
            raise ValidationError(
                {"calendar": _("This calendar does not belong to the organisation.")}
            )
        if p.gtr_minutes < p.gti_minutes:
            raise ValidationError(
                {
                    "gtr_minutes": _(
                        "%(code)s: the time to restore cannot be shorter than the time to intervene."
                    )
                    % {"code": p.code}
                }
            )
    codes = [p.code.strip().casefold() for p in priorities]
    if len(set(codes)) != len(codes):
        raise ValidationError({"code": _("Two priorities have the same code.")})
    org = engagement.organisation
    with transaction.atomic():
        policy = SlaPolicy.objects.select_for_update().filter(engagement=engagement).first()
        created = policy is None
        if policy is None:
            policy = SlaPolicy(engagement=engagement)
        before = {} if created else audit.snapshot(policy, SlaPolicy.AUDITED)
        for k, v in values.items():
            setattr(policy, k, v)
        policy.full_clean()
        policy.save()
        after = audit.snapshot(policy, SlaPolicy.AUDITED)
        changes = audit.created(after) if created else audit.diff(before, after)
        existing = {p.rank: p for p in policy.priorities.all()}
        for data in priorities:
            level = existing.pop(data.rank, None) or PriorityLevel(policy=policy, rank=data.rank)
            old = audit.snapshot(level, PRIORITY_AUDITED) if level.pk else {}
            for k in PRIORITY_AUDITED:
                setattr(level, k, getattr(data, k))
            level.full_clean(exclude=["policy"])
            level.save()
            new = audit.snapshot(level, PRIORITY_AUDITED)
            for k, (b, a) in audit.diff(old, new).items():
                changes[f"{level.code}.{k}"] = [b, a]
        for level in existing.values():
            if level.tickets.exists():
                raise ValidationError(
                    _("%(code)s has tickets: it cannot be removed, only renamed.")
                    % {"code": level.code}
                )
            level.delete()
            changes[f"{level.code}"] = [level.name, None]
        if changes:
            audit.record(
                action=AuditAction.CREATE if created else AuditAction.UPDATE,
                organisation=org,
                actor=actor,
                obj=policy,
                changes=changes,
            )
        transaction.on_commit(lambda: _enqueue_measure(engagement.pk))
    return policy


def _enqueue_measure(engagement_id: int) -> None:
    from .tasks import measure_engagement

    measure_engagement.enqueue(engagement_id=engagement_id)


def epoch(values: Sequence[dt.datetime | None]) -> np.ndarray:
    return np.array([NAT if v is None else int(v.timestamp()) for v in values], dtype=np.int64)


def measure_arrays(
    *,
    calendars: dict[int, Calendar],
    calendar_of: np.ndarray,
    opened: np.ndarray,
    taken: np.ndarray,
    resolved: np.ndarray,
    gti: np.ndarray,
    gtr: np.ndarray,
    pauses: m.Pauses,
    now: int,
    taking_is_recorded: bool = True,
) -> m.Measured:
    """Measure tickets that count in different calendars, each group in one vectorised pass."""
    n = len(opened)
    out = {
        "intervene": np.full(n, np.nan),
        "restore": np.full(n, np.nan),
        "intervene_breached": np.zeros(n, bool),
        "restore_breached": np.zeros(n, bool),
        "late": np.zeros(n),
        "open_late": np.zeros(n, bool),
    }
    for cal_id, cal in calendars.items():
        rows = np.flatnonzero(calendar_of == cal_id)
        if not rows.size:
            continue
        position = np.full(n, -1, dtype=np.int64)
        position[rows] = np.arange(rows.size)
        keep = position[pauses.ticket] >= 0 if len(pauses.ticket) else np.zeros(0, bool)
        sub_pauses = m.Pauses(position[pauses.ticket[keep]], pauses.start[keep], pauses.end[keep])
        result = m.measure(
            cal,
            opened=opened[rows],
            taken=taken[rows],
            resolved=resolved[rows],
            gti=gti[rows],
            gtr=gtr[rows],
            pauses=sub_pauses,
            now=now,
            taking_is_recorded=taking_is_recorded,
        )
        for name in out:
            out[name][rows] = getattr(result, name)
    return m.Measured(**out)


def tickets_measure(*, engagement: Engagement, now: dt.datetime | None = None) -> int:
    """Measure every ticket of an engagement again (after a policy or calendar change)."""
    now = now or timezone.now()
    tickets = list(
        Ticket.objects.filter(engagement=engagement)
        .select_related("priority__calendar")
        .order_by("pk")
    )
    if not tickets:
        return 0
    index = {t.pk: i for i, t in enumerate(tickets)}
    pause_rows = list(
        TicketPause.objects.filter(ticket__engagement=engagement).values_list(
            "ticket_id", "start", "end"
        )
    )
    pauses = m.Pauses(
        np.array([index[t] for t, _s, _e in pause_rows], dtype=np.int64),
        epoch([s for _t, s, _e in pause_rows]),
        epoch([e for _t, _s, e in pause_rows]),
    )
    calendars = {t.priority.calendar_id: t.priority.calendar.engine() for t in tickets}
    result = measure_arrays(
        calendars=calendars,
        calendar_of=np.array([t.priority.calendar_id for t in tickets]),
        opened=epoch([t.opened_at for t in tickets]),
        taken=epoch([t.taken_at for t in tickets]),
        resolved=epoch([t.resolved_at for t in tickets]),
        gti=np.array([t.priority.gti_minutes * 60.0 for t in tickets]),
        gtr=np.array([t.priority.gtr_minutes * 60.0 for t in tickets]),
        pauses=pauses,
        now=int(now.timestamp()),
        taking_is_recorded=any(t.taken_at for t in tickets),
    )
    apply_measures(tickets, result, now)
    Ticket.objects.bulk_update(
        tickets,
        [
            "intervene_seconds",
            "restore_seconds",
            "intervene_breached",
            "restore_breached",
            "late_seconds",
            "measured_at",
        ],
        batch_size=2000,
    )
    refresh_soon(engagement.pk)
    return len(tickets)


def apply_measures(tickets: Sequence[Ticket], result: m.Measured, now: dt.datetime) -> None:
    for i, t in enumerate(tickets):
        t.intervene_seconds = None if np.isnan(result.intervene[i]) else float(result.intervene[i])
        t.restore_seconds = None if np.isnan(result.restore[i]) else float(result.restore[i])
        t.intervene_breached = bool(result.intervene_breached[i])
        t.restore_breached = bool(result.restore_breached[i])
        t.late_seconds = float(result.late[i])
        t.measured_at = now


def month_of(instant: dt.datetime, zone: Any) -> dt.date:
    local = instant.astimezone(zone)
    return dt.date(local.year, local.month, 1)


def default_priorities(
    calendar: BusinessCalendar, always: BusinessCalendar | None = None
) -> list[PriorityData]:
    """P1–P4 as an IT-support contract usually sets them."""
    return [
        PriorityData(
            1,
            "P1",
            _("Critical"),
            60,
            4 * 60,
            always or calendar,
            [
                "1",
                "critique",
                "critical",
                "highest",
                "très haute",
                "majeure",
                "major",
                "4 very high",
            ],
        ),
        PriorityData(
            2, "P2", _("High"), 2 * 60, 8 * 60, calendar, ["2", "haute", "high", "3 high"]
        ),
        PriorityData(
            3,
            "P3",
            _("Normal"),
            4 * 60,
            16 * 60,
            calendar,
            ["3", "moyenne", "normal", "medium", "2 normal"],
        ),
        PriorityData(
            4,
            "P4",
            _("Low"),
            8 * 60,
            40 * 60,
            calendar,
            ["4", "basse", "low", "lowest", "1 low", "très basse"],
        ),
    ]


DEFAULT_TIERS = [{"below": "95", "credit": "5"}, {"below": "90", "credit": "10"}]
DEFAULT_PAUSES = [
    "En attente",
    "Pending",
    "pending reminder",
    "pending close",
    "Waiting for customer",
    "En attente du client",
]


ALLOWED_UPLOADS = (".csv", ".txt", ".xlsx")
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def import_upload(
    *, actor: User, engagement: Engagement, upload: Any, kind: str, tz: str
) -> TicketImport:
    """Keep an uploaded ticket (or pause) file and offer the column mapping to confirm."""
    from zoneinfo import ZoneInfo

    from pilotage.lib.tabular import UnreadableFile

    from .formats import read_table, suggest_mapping

    name = getattr(upload, "name", "") or "file"
    if not name.lower().endswith(ALLOWED_UPLOADS):
        raise ValidationError({"file": _("Send a CSV or XLSX file.")})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is larger than 200 MB.")})
    from .formats import FIELDS

    if kind not in FIELDS:
        raise ValidationError({"kind": _("Unknown kind of file.")})
    try:
        ZoneInfo(tz)
    except Exception:
        raise ValidationError({"timezone": _("Unknown time zone.")}) from None
    if (
        kind in ("tickets", "statuses")
        and not SlaPolicy.objects.filter(engagement=engagement).exists()
    ):
        raise ValidationError(
            {"file": _("Set the service level (priorities and targets) before importing tickets.")}
        )
    try:
        table = read_table(upload)
    except UnreadableFile as e:
        raise ValidationError(
            {"file": _("This file cannot be read: %(reason)s") % {"reason": e}}
        ) from None
    headers = table.headers
    upload.seek(0)
    source, mapping = suggest_mapping(headers, vendor_id=engagement.vendor_id, kind=kind)
    with transaction.atomic():
        job = TicketImport(
            organisation=engagement.organisation,
            engagement=engagement,
            uploaded_by=actor,
            original_name=name[:255],
            source=source,
            mapping={"_kind": kind, "_headers": headers, **mapping},
            timezone=tz,
        )
        job.file.save(name, upload, save=False)
        job.save()
    return job


def import_start(*, actor: User, job: TicketImport, mapping: dict[str, str]) -> TicketImport:
    """Confirm the column mapping and run the import (in the background)."""
    from .formats import FIELDS

    kind = job.mapping.get("_kind", "tickets")
    headers = confirm_mapping(job, mapping, FIELDS[kind][1])
    job.mapping = {"_kind": kind, "_headers": headers, **{k: v for k, v in mapping.items() if v}}
    job.status = "queued"
    job.save(update_fields=["mapping", "status"])
    transaction.on_commit(lambda: _enqueue_import(job.pk))
    return job


def _enqueue_import(job_id: int) -> None:
    from .tasks import run_ticket_import

    run_ticket_import.enqueue(import_id=job_id)
