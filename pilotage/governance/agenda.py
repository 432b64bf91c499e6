"""The steering committee's agenda, prepared by Pilotage from what the other parts know.

Sections, always in this order and always shown (an empty one reads "nothing to report": a
committee goes through the whole list): indicators off target or drifting, service levels
of the month, actions overdue, open requests, contract deadlines ahead, vendor values
missing. Each item has a text, a link and a severity ("danger", "warning", "info").

``prepare`` reads live data; ``to_json`` / ``from_json`` keep the snapshot stored on the
meeting when its minutes are closed (or the agenda frozen).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from pilotage.lib.money import format_money

from .models import Action, ActionStatus, Request

if TYPE_CHECKING:
    from pilotage.core.models import Membership
    from pilotage.engagements.models import Engagement

    from .models import Meeting

logger = logging.getLogger(__name__)
DEADLINE_DAYS = 90

TITLES = {
    "indicators": gettext_lazy("Indicators off target or drifting"),
    "sla": gettext_lazy("Service levels: breaches and penalties of the month"),
    "actions": gettext_lazy("Actions overdue"),
    "requests": gettext_lazy("Open requests to the vendor"),
    "contracts": gettext_lazy("Contract deadlines in the next 90 days"),
    "submissions": gettext_lazy("Values the vendor has not given"),
}
ORDER = tuple(TITLES)


@dataclass
class Item:
    text: str
    link: str = ""
    severity: str = "info"  # "danger" | "warning" | "info"
    contract: int | None = None  # a contract's id: shown to the vendor only if shared


@dataclass
class Section:
    key: str
    items: list[Item] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(TITLES.get(self.key, self.key))


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _month(value: dt.date) -> str:
    return date_format(value, "F Y")


def _indicators(engagement: Engagement, board: Any) -> list[Item]:
    from pilotage.kpis.labels import period_label, value_text

    link = _url("kpis:dashboard", org=engagement.organisation.slug, pk=engagement.pk)
    items = []
    rules = {
        "worsening": _("worse period after period"),
        "trend": _("the trend reaches the red threshold soon"),
        "outlier": _("unusual latest value"),
    }
    for row in board.rows:
        indicator = row.indicator
        latest = row.latest
        if latest is not None and latest.state in ("red", "amber"):
            items.append(
                Item(
                    _("%(name)s: %(value)s in %(period)s for a target of %(target)s")
                    % {
                        "name": indicator.name,
                        "value": value_text(latest.value, indicator.unit),
                        "period": period_label(latest.period, indicator.frequency),
                        "target": value_text(indicator.target, indicator.unit),
                    },
                    link,
                    "danger" if latest.state == "red" else "warning",
                )
            )
        fired = [w for w in row.warnings if w.worse]
        if fired:
            items.append(
                Item(
                    _("%(name)s drifts: %(rules)s")
                    % {
                        "name": indicator.name,
                        "rules": ", ".join(str(rules.get(w.rule, w.rule)) for w in fired),
                    },
                    link,
                    "warning",
                )
            )
    return items


def _sla(engagement: Engagement, day: dt.date) -> list[Item]:
    from pilotage.sla import selectors as sla_selectors

    policy = sla_selectors.policy_of(engagement)
    if policy is None:
        return []
    this_month = day.replace(day=1)
    reviewed = {(this_month - dt.timedelta(days=1)).replace(day=1), this_month}
    language = get_language() or "fr"
    link = _url("sla:overview", org=engagement.organisation.slug, pk=engagement.pk)
    items = []
    for month in sla_selectors.months(engagement, policy, language=language, count=3):
        if month.month not in reviewed:
            continue
        breaches = month.intervene_breaches + month.restore_breaches
        if breaches:
            compliance = month.compliance
            items.append(
                Item(
                    ngettext(
                        "%(month)s: %(count)s breach of the response or restoration times "
                        "(compliance %(compliance)s %% for a target of %(target)s %%)",
                        "%(month)s: %(count)s breaches of the response or restoration times "
                        "(compliance %(compliance)s %% for a target of %(target)s %%)",
                        breaches,
                    )
                    % {
                        "month": _month(month.month),
                        "count": breaches,
                        "compliance": "–" if compliance is None else compliance,
                        "target": month.target.normalize(),
                    },
                    link,
                    "danger" if month.on_target is False else "warning",
                )
            )
        if month.penalty.total:
            items.append(
                Item(
                    _("%(month)s: penalty of %(amount)s")
                    % {
                        "month": _month(month.month),
                        "amount": format_money(month.penalty.total, language=language),
                    },
                    link,
                    "danger",
                )
            )
    return items


def _actions(engagement: Engagement, today: dt.date) -> list[Item]:
    link = _url("governance:actions", org=engagement.organisation.slug, pk=engagement.pk)
    items = []
    overdue = Action.objects.filter(
        engagement=engagement, status=ActionStatus.OPEN, due_on__lt=today
    ).select_related("owner")
    for action in overdue:
        holder = (
            str(action.owner)
            if action.owner
            else (engagement.vendor.name if engagement.vendor else "")
        )
        items.append(
            Item(
                _("%(title)s (%(owner)s), due on %(date)s, %(days)s days late")
                % {
                    "title": action.title,
                    "owner": holder,
                    "date": _day(action.due_on),
                    "days": (today - action.due_on).days,
                },
                link,
                "danger" if (today - action.due_on).days > 14 else "warning",
            )
        )
    return items


def _requests(engagement: Engagement, today: dt.date) -> list[Item]:
    link = _url("governance:requests", org=engagement.organisation.slug, pk=engagement.pk) or _url(
        "governance:home", org=engagement.organisation.slug, pk=engagement.pk
    )
    items = []
    for request in Request.objects.filter(engagement=engagement, answered_at__isnull=True).order_by(
        "asked_at"
    ):
        asked = timezone.localtime(request.asked_at).date()
        items.append(
            Item(
                _("%(subject)s, asked on %(date)s")
                % {"subject": request.subject, "date": _day(asked)},
                link,
                "warning" if (today - asked).days > 14 else "info",
            )
        )
    return items


def _contracts(engagement: Engagement, today: dt.date) -> list[Item]:
    from pilotage.contracts import selectors as contract_selectors

    items = []
    for d in contract_selectors.deadlines_for_engagements([engagement], today, DEADLINE_DAYS):
        contract = d.contract
        link = _url(
            "contracts:detail",
            org=engagement.organisation.slug,
            pk=engagement.pk,
            contract=contract.pk,
        )
        items.append(
            Item(
                ngettext(
                    "%(contract)s: %(kind)s on %(date)s (in %(days)s day)",
                    "%(contract)s: %(kind)s on %(date)s (in %(days)s days)",
                    d.days,
                )
                % {"contract": contract, "kind": d.label, "date": _day(d.deadline), "days": d.days},
                link,
                "danger" if d.days <= 30 else "warning",
                contract.pk,
            )
        )
    return items


def _submissions(engagement: Engagement, board: Any) -> list[Item]:
    from pilotage.kpis.labels import period_label

    link = _url("kpis:submit", org=engagement.organisation.slug, pk=engagement.pk)
    return [
        Item(
            _("%(name)s: no value for %(period)s")
            % {"name": row.indicator.name, "period": period_label(period, row.indicator.frequency)},
            link,
            "warning",
        )
        for row, period in board.missing
    ]


def prepare(meeting: Meeting, today: dt.date) -> list[Section]:
    """The agenda of ``meeting`` as the data reads on ``today``."""
    from pilotage.kpis import selectors as kpi_selectors

    engagement = meeting.engagement
    day = timezone.localtime(meeting.scheduled_at).date()
    boards: list[Any] = []

    def board() -> Any:
        if not boards:
            boards.append(kpi_selectors.dashboard(engagement, today))
        return boards[0]

    builders = {
        "indicators": lambda: _indicators(engagement, board()),
        "sla": lambda: _sla(engagement, day),
        "actions": lambda: _actions(engagement, today),
        "requests": lambda: _requests(engagement, today),
        "contracts": lambda: _contracts(engagement, today),
        "submissions": lambda: _submissions(engagement, board()),
    }
    sections = []
    for key in ORDER:
        try:
            items = builders[key]()
        except Exception:  # one broken source must not take the committee's page down
            logger.exception("Agenda section %s of meeting %s failed", key, meeting.pk)
            items = []
        sections.append(Section(key, items))
    return sections


def for_reader(sections: list[Section], membership: Membership) -> list[Section]:
    """What ``membership`` may read: a vendor's people never see an item about a contract
    that was not shared with them."""
    contracts = [i.contract for s in sections for i in s.items if i.contract]
    if not contracts or not membership.is_vendor:
        return sections
    try:
        from pilotage.contracts.models import Contract

        shown = set(
            Contract.objects.visible_to(membership)
            .filter(pk__in=contracts)
            .values_list("pk", flat=True)
        )
    except (ImportError, AttributeError):
        shown = set()
    return [
        Section(s.key, [i for i in s.items if not i.contract or i.contract in shown])
        for s in sections
    ]


def to_json(sections: list[Section]) -> list[dict[str, Any]]:
    return [{"key": s.key, "items": [asdict(i) for i in s.items]} for s in sections]


def from_json(data: Any) -> list[Section]:
    out = []
    for raw in data if isinstance(data, list) else []:
        if not isinstance(raw, dict) or "key" not in raw:
            continue
        items = [
            Item(
                str(i.get("text", "")),
                str(i.get("link", "")),
                str(i.get("severity", "info")),
                i.get("contract") if isinstance(i.get("contract"), int) else None,
            )
            for i in raw.get("items", [])
            if isinstance(i, dict)
        ]
        out.append(Section(str(raw["key"]), items))
    return out
