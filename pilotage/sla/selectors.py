"""Reads of service levels shared by pages, API and reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pilotage.core.models import Membership
from pilotage.engagements.models import Engagement

from . import penalties
from .models import BusinessCalendar, PriorityLevel, SlaPolicy, Ticket


def calendars(membership: Membership) -> QuerySet[BusinessCalendar]:
    return BusinessCalendar.objects.visible_to(membership)


def policy_of(engagement: Engagement) -> SlaPolicy | None:
    return (
        SlaPolicy.objects.filter(engagement=engagement)
        .prefetch_related("priorities__calendar")
        .first()
    )


# A ticket is judged in its month once it is restored, or once it is already late.
JUDGED = Q(resolved_at__isnull=False) | Q(restore_breached=True)
WITHIN = JUDGED & Q(intervene_breached=False, restore_breached=False)


@dataclass
class PriorityMonth:
    priority: PriorityLevel
    judged: int
    within: int

    @property
    def compliance(self) -> Decimal | None:
        return percent(self.within, self.judged)


@dataclass
class Month:
    month: dt.date
    opened: int = 0
    judged: int = 0
    within: int = 0
    intervene_breaches: int = 0
    restore_breaches: int = 0
    by_priority: list[PriorityMonth] = field(default_factory=list)
    penalty: penalties.MonthPenalty = field(default_factory=penalties.MonthPenalty)
    target: Decimal = Decimal(0)

    @property
    def compliance(self) -> Decimal | None:
        return percent(self.within, self.judged)

    @property
    def on_target(self) -> bool | None:
        c = self.compliance
        return None if c is None else c >= self.target


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def penalty_text(key: str, **values: object) -> str:
    """The penalty sentences in the reader's language."""
    if key == "hours":
        return (
            ngettext(
                "%(ref)s: restored after %(took)s of covered time for a GTR of %(target)s, %(hours)s started hour late → %(amount)s",
                "%(ref)s: restored after %(took)s of covered time for a GTR of %(target)s, %(hours)s started hours late → %(amount)s",
                int(values["hours"]),  # type: ignore[call-overload]
            )
            % values
        )
    texts = {
        "ticket": _(
            "%(ref)s: restored after %(took)s of covered time for a GTR of %(target)s → %(amount)s"
        ),
        "credit": _(
            "Compliance %(compliance)s %% below %(below)s %% → service credit of %(percent)s %% of the monthly fee (%(fee)s) → %(amount)s"
        ),
        "cap": _("Capped at %(percent)s %% of the monthly fee: %(amount)s instead of %(before)s"),
    }
    return texts[key] % values


def months(
    engagement: Engagement, policy: SlaPolicy, *, language: str = "fr", count: int = 12
) -> list[Month]:
    """The last ``count`` months with tickets: compliance overall and per priority, breaches, penalty."""
    tickets = Ticket.objects.filter(engagement=engagement)
    recent = list(
        tickets.order_by().values_list("month", flat=True).distinct().order_by("-month")[:count]
    )
    if not recent:
        return []
    rows = (
        tickets.filter(month__in=recent)
        .order_by()
        .values("month", "priority")
        .annotate(
            opened=Count("pk"),
            judged=Count("pk", filter=JUDGED),
            within=Count("pk", filter=WITHIN),
            gti=Count("pk", filter=Q(intervene_breached=True)),
            gtr=Count("pk", filter=Q(restore_breached=True)),
        )
    )
    levels = {p.pk: p for p in policy.priorities.all()}
    by_month: dict[dt.date, Month] = {
        d: Month(month=d, target=policy.compliance_target) for d in recent
    }
    for row in rows:
        mo = by_month[row["month"]]
        mo.opened += row["opened"]
        mo.judged += row["judged"]
        mo.within += row["within"]
        mo.intervene_breaches += row["gti"]
        mo.restore_breaches += row["gtr"]
        mo.by_priority.append(PriorityMonth(levels[row["priority"]], row["judged"], row["within"]))
    missed: dict[dt.date, list[penalties.MissedTicket]] = {d: [] for d in recent}
    for t in (
        tickets.filter(month__in=recent, restore_breached=True)
        .select_related("priority")
        .order_by("opened_at")
    ):
        missed[t.month].append(
            penalties.MissedTicket(
                reference=f"{t.priority.code} #{t.external_id}",
                restore_seconds=t.restore_seconds
                if t.restore_seconds is not None
                else t.priority.gtr_minutes * 60 + t.late_seconds,
                target_seconds=t.priority.gtr_minutes * 60,
                late_seconds=t.late_seconds,
            )
        )
    rule = policy.rule()
    for d, mo in by_month.items():
        present = {pm.priority.pk for pm in mo.by_priority}
        mo.by_priority += [
            PriorityMonth(level, 0, 0) for pk, level in levels.items() if pk not in present
        ]
        mo.by_priority.sort(key=lambda p: p.priority.rank)
        mo.penalty = penalties.month_penalty(
            rule,
            missed=missed[d],
            compliance_percent=mo.compliance,
            text=penalty_text,
            language=language,
        )
    return [by_month[d] for d in sorted(recent)]


def breaches(engagement: Engagement, *, month: dt.date | None = None) -> QuerySet[Ticket]:
    qs = Ticket.objects.filter(engagement=engagement).filter(
        Q(intervene_breached=True) | Q(restore_breached=True)
    )
    if month:
        qs = qs.filter(month=month)
    return qs.select_related("priority").order_by("-opened_at")
