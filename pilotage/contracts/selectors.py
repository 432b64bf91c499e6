"""Reads shared by the pages, the engagement and home cards, and the alerts: each contract
with its computed dates, the missing essential clauses, the deadlines ahead."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pilotage.core.models import Membership
from pilotage.engagements.models import Engagement

from . import clauses, terms
from .models import AlertKind, Clause, Contract, ContractKind
from .services import duration_text, terms_of


def urgency(days: int) -> str:
    """A Bootstrap colour for a deadline ``days`` ahead."""
    if days <= 7:
        return "danger"
    if days <= 30:
        return "warning"
    return "info"


@dataclass(frozen=True)
class Watch:
    """The date to watch on a contract: the last day to give notice, or its end."""

    kind: str  # AlertKind.NOTICE or AlertKind.END
    on: dt.date
    days: int
    ends_on: dt.date | None  # for a notice deadline: the end notice given by then reaches

    @property
    def colour(self) -> str:
        return urgency(self.days)

    @property
    def is_notice(self) -> bool:
        return self.kind == AlertKind.NOTICE


def watch_of(status: terms.Status, today: dt.date) -> Watch | None:
    if status.notice_deadline is not None:
        return Watch(
            AlertKind.NOTICE,
            status.notice_deadline,
            (status.notice_deadline - today).days,
            status.notice_ends_on,
        )
    if status.ends_on is not None and not status.ended:
        return Watch(AlertKind.END, status.ends_on, (status.ends_on - today).days, None)
    return None


@dataclass
class ContractView:
    contract: Contract
    status: terms.Status | None  # None for an amendment (the contract's terms drive dates)
    watch: Watch | None
    clauses: list[Clause] = field(default_factory=list)
    amendments: list[Contract] = field(default_factory=list)

    @property
    def missing(self) -> list[Clause]:
        return [c for c in self.clauses if clauses.is_missing(c.key, c.status)]

    @property
    def notice_text(self) -> str:
        return duration_text(self.contract.notice_amount, self.contract.notice_unit)

    @property
    def window(self) -> int:
        return max(self.contract.alert_offsets or [0])


def view_of(contract: Contract, today: dt.date) -> ContractView:
    if contract.kind != ContractKind.CONTRACT:
        return ContractView(contract, None, None)
    status = terms.status(terms_of(contract), today)
    return ContractView(contract, status, watch_of(status, today))


def _attach(views: list[ContractView], amendments: Iterable[Contract]) -> None:
    by_contract = {v.contract.pk: v for v in views}
    rows = Clause.objects.filter(contract__in=by_contract).order_by("contract", "id")
    order = {k: i for i, k in enumerate(clauses.KEYS)}
    grouped: dict[int, list[Clause]] = defaultdict(list)
    for clause in rows:
        grouped[clause.contract_id].append(clause)
    for pk, view in by_contract.items():
        view.clauses = sorted(grouped[pk], key=lambda c: order.get(c.key, 99))
    for amendment in amendments:
        if amendment.amends_id in by_contract:
            by_contract[amendment.amends_id].amendments.append(amendment)


def engagement_contracts(
    membership: Membership, engagement: Engagement, today: dt.date
) -> list[ContractView]:
    """The contracts of ``engagement`` the member sees, each with its amendments and
    checklist, in the order they started."""
    rows = list(
        Contract.objects.visible_to(membership)
        .filter(engagement=engagement)
        .select_related("amends")
        .order_by("starts_on", "id")
    )
    for row in rows:
        row.engagement = engagement
    views = [view_of(c, today) for c in rows if c.kind == ContractKind.CONTRACT]
    _attach(views, [c for c in rows if c.kind == ContractKind.AMENDMENT])
    return views


def contract_view(contract: Contract, membership: Membership, today: dt.date) -> ContractView:
    view = view_of(contract, today)
    if contract.kind == ContractKind.CONTRACT:
        amendments = (
            Contract.objects.visible_to(membership).filter(amends=contract).order_by("starts_on")
        )
        _attach([view], amendments)
    return view


@dataclass(frozen=True)
class EngagementSummary:
    count: int
    next: ContractView | None  # the contract whose date to watch comes first
    missing: list[tuple[Contract, list[Clause]]]  # essential clauses missing, per contract


def engagement_summary(
    membership: Membership, engagement: Engagement, today: dt.date
) -> EngagementSummary:
    views = engagement_contracts(membership, engagement, today)
    watched = sorted((v for v in views if v.watch), key=lambda v: v.watch.on)  # type: ignore[union-attr]
    missing = [(v.contract, v.missing) for v in views if v.missing and not _over(v)]
    return EngagementSummary(len(views), watched[0] if watched else None, missing)


def _over(view: ContractView) -> bool:
    return view.status is not None and view.status.ended


@dataclass(frozen=True)
class Deadline:
    contract: Contract
    watch: Watch

    @property
    def kind(self) -> str:
        return self.watch.kind

    @property
    def deadline(self) -> dt.date:
        return self.watch.on

    @property
    def days(self) -> int:
        return self.watch.days

    @property
    def label(self) -> str:
        return str(AlertKind(self.watch.kind).label)


def deadlines_for_engagements(
    engagements: Iterable[Engagement], today: dt.date, within_days: int
) -> list[Deadline]:
    """The dates to watch within ``within_days`` of the contracts of ``engagements``, most
    urgent first. Nothing filtered by reader: the callers (committee agenda, calendar feed)
    keep to the contracts their reader may see."""
    rows = Contract.objects.filter(
        engagement__in=list(engagements), kind=ContractKind.CONTRACT
    ).select_related("engagement__organisation")
    out = []
    for contract in rows:
        view = view_of(contract, today)
        if view.watch is not None and 0 <= view.watch.days <= within_days:
            out.append(Deadline(contract, view.watch))
    return sorted(out, key=lambda d: (d.watch.on, d.contract.reference))


def deadlines_ahead(membership: Membership, today: dt.date) -> list[Deadline]:
    """The dates to watch that fall within each contract's alert window (its largest
    offset), for the contracts the member sees, most urgent first."""
    rows = (
        Contract.objects.visible_to(membership)
        .filter(kind=ContractKind.CONTRACT, engagement__organisation_id=membership.organisation_id)
        .select_related("engagement__organisation")
    )
    out = []
    for contract in rows:
        view = view_of(contract, today)
        if view.watch is not None and 0 <= view.watch.days <= view.window:
            out.append(Deadline(contract, view.watch))
    return sorted(out, key=lambda d: (d.watch.on, d.contract.reference))


def engagement_card(membership: Membership, engagement: Engagement) -> EngagementSummary:
    """What the engagement page shows of its contracts (today in the organisation's zone)."""
    from django.utils import timezone

    return engagement_summary(membership, engagement, timezone.localdate())
