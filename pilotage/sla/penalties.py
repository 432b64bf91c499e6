"""What the vendor owes for a month of tickets (pure Python, Decimal money, no Django).

Three kinds of rule, as SLA contracts write them:

* a fixed amount per ticket that missed its time to restore;
* an amount per started hour of covered time beyond the time to restore;
* service credits on the month's compliance: below 95 % → 5 % of the monthly fee, below
  90 % → 10 %… (the deepest tier reached applies, tiers do not add up).

Any of them may be capped at a share of the monthly fee. Each amount comes with the
sentence that explains it, so that the claim can be sent to the vendor as it is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from pilotage.lib.durations import hours_text
from pilotage.lib.money import format_money

CENT = Decimal("0.01")

NONE = "none"
PER_TICKET = "per_ticket"
PER_STARTED_HOUR = "per_started_hour"
SERVICE_CREDIT = "service_credit"
MODES = (NONE, PER_TICKET, PER_STARTED_HOUR, SERVICE_CREDIT)


@dataclass(frozen=True)
class Tier:
    below_percent: Decimal  # compliance strictly below this…
    credit_percent: Decimal  # …earns this share of the monthly fee


@dataclass(frozen=True)
class Rule:
    mode: str = NONE
    amount_per_ticket: Decimal = Decimal(0)
    amount_per_hour: Decimal = Decimal(0)
    tiers: Sequence[Tier] = ()
    monthly_fee: Decimal = Decimal(0)
    cap_percent: Decimal | None = None  # share of the monthly fee the month's penalty cannot exceed

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"Unknown penalty mode {self.mode!r}")


@dataclass(frozen=True)
class MissedTicket:
    reference: str  # "P1 #4512"
    restore_seconds: float  # covered time to restore, net of pauses
    target_seconds: float  # the GTR
    late_seconds: float  # covered time beyond it


@dataclass
class Line:
    amount: Decimal
    reason: str


@dataclass
class MonthPenalty:
    total: Decimal = Decimal(0)
    lines: list[Line] = field(default_factory=list)
    capped_from: Decimal | None = None  # the amount before the cap, when the cap applied


Text = Callable[..., str]


def _default_text(key: str, **values: object) -> str:
    if key == "hours":
        values["s"] = "" if values["hours"] == 1 else "s"
    return TEXTS[key].format(**values)


TEXTS = {
    "ticket": "{ref}: restored after {took} of covered time for a GTR of {target} → {amount}",
    "hours": "{ref}: restored after {took} of covered time for a GTR of {target}, {hours} started hour{s} late → {amount}",
    "credit": "Compliance {compliance} % below {below} % → service credit of {percent} % of the monthly fee ({fee}) → {amount}",
    "cap": "Capped at {percent} % of the monthly fee: {amount} instead of {before}",
}


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def month_penalty(
    rule: Rule,
    *,
    missed: Sequence[MissedTicket],
    compliance_percent: Decimal | None,
    text: Text = _default_text,
    language: str = "fr",
) -> MonthPenalty:
    """The penalty of one month, line by line. ``text(key, **values)`` words each line
    (pass a translating function; the default is English)."""
    result = MonthPenalty()

    def money_text(amount: Decimal) -> str:
        return format_money(amount, language=language)

    if rule.mode == PER_TICKET:
        for t in missed:
            amount = rule.amount_per_ticket.quantize(CENT, ROUND_HALF_UP)
            result.lines.append(
                Line(
                    amount,
                    text(
                        "ticket",
                        ref=t.reference,
                        took=hours_text(t.restore_seconds),
                        target=hours_text(t.target_seconds),
                        amount=money_text(amount),
                    ),
                )
            )
    elif rule.mode == PER_STARTED_HOUR:
        for t in missed:
            hours = math.ceil(t.late_seconds / 3600)
            amount = (rule.amount_per_hour * hours).quantize(CENT, ROUND_HALF_UP)
            result.lines.append(
                Line(
                    amount,
                    text(
                        "hours",
                        ref=t.reference,
                        took=hours_text(t.restore_seconds),
                        target=hours_text(t.target_seconds),
                        hours=hours,
                        amount=money_text(amount),
                    ),
                )
            )
    elif rule.mode == SERVICE_CREDIT and compliance_percent is not None:
        reached = [tier for tier in rule.tiers if compliance_percent < tier.below_percent]
        if reached:
            tier = max(reached, key=lambda x: x.credit_percent)
            amount = (rule.monthly_fee * tier.credit_percent / 100).quantize(CENT, ROUND_HALF_UP)
            result.lines.append(
                Line(
                    amount,
                    text(
                        "credit",
                        compliance=_pct(compliance_percent.quantize(Decimal("0.1"))),
                        below=_pct(tier.below_percent),
                        percent=_pct(tier.credit_percent),
                        fee=money_text(rule.monthly_fee),
                        amount=money_text(amount),
                    ),
                )
            )
    total = sum((line.amount for line in result.lines), Decimal(0))
    if rule.cap_percent is not None and rule.monthly_fee > 0:
        cap = (rule.monthly_fee * rule.cap_percent / 100).quantize(CENT, ROUND_HALF_UP)
        if total > cap:
            result.capped_from = total
            result.lines.append(
                Line(
                    cap - total,
                    text(
                        "cap",
                        percent=_pct(rule.cap_percent),
                        amount=money_text(cap),
                        before=money_text(total),
                    ),
                )
            )
            total = cap
    result.total = total
    return result
