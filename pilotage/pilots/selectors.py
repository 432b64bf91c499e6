"""What the pilot pages read: the pilot of an engagement, the values its criteria measured
(the engagement's indicator values of the periods overlapping the pilot, contested ones left
out) and the recommendation, in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from pilotage.kpis import periods, units
from pilotage.kpis.labels import value_text
from pilotage.kpis.models import Value, ValueStatus

from . import evaluate, plan
from .models import FINAL, Comparator, Criterion, Pilot, PilotDecision, RampStep, Rule


@dataclass
class Row:
    """One criterion against what the pilot measured."""

    pk: int | None
    label: str
    indicator: str  # its name, "" for a measure typed by hand
    unit: str
    comparator: str
    threshold: Decimal
    rule: str
    measured: Decimal | None
    verdict: str
    count: int = 0  # values read
    awaiting: int = 0  # of which still awaiting validation
    contested: int = 0  # left out
    note: str = ""  # how a measure typed by hand was taken

    @property
    def manual(self) -> bool:
        return not self.indicator

    @property
    def threshold_text(self) -> str:
        return f"{Comparator(self.comparator).label} {value_text(self.threshold, self.unit)}"

    @property
    def measured_text(self) -> str:
        return value_text(self.measured, self.unit)

    @property
    def rule_text(self) -> str:
        if self.manual:
            return _("typed at the end")
        return str(Rule(self.rule).label)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["threshold"] = str(self.threshold)
        data["measured"] = None if self.measured is None else str(self.measured)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["threshold"] = Decimal(known["threshold"])
        if known.get("measured") is not None:
            known["measured"] = Decimal(known["measured"])
        return cls(**known)

    def reason(self) -> str:
        """One sentence: the criterion, what was agreed and what was measured."""
        if self.verdict == evaluate.NO_DATA:
            return _("%(label)s: no value measured yet (agreed: %(threshold)s).") % {
                "label": self.label,
                "threshold": self.threshold_text,
            }
        text = (
            _("%(label)s: %(measured)s measured, %(threshold)s agreed, met.")
            if self.verdict == evaluate.MET
            else _("%(label)s: %(measured)s measured, %(threshold)s agreed, not met.")
        )
        return text % {
            "label": self.label,
            "measured": self.measured_text,
            "threshold": self.threshold_text,
        }


@dataclass
class Board:
    rows: list[Row]
    recommendation: evaluate.Recommendation
    frozen: bool = False  # read from the final decision, not measured now

    @property
    def reasons(self) -> list[str]:
        """Why the recommendation says what it says: the failing criteria first."""
        by_key = {str(k): row for k, row in enumerate(self.rows)}
        rec = self.recommendation
        if rec.verdict == evaluate.GO:
            keys = rec.met
        else:
            keys = rec.not_met + rec.missing
        return [by_key[k].reason() for k in keys]


def _series(
    pilot: Pilot, criteria: list[Criterion]
) -> dict[int, list[tuple[dt.date, Decimal, str]]]:
    """``{indicator: [(period, value, status), …]}`` of the periods overlapping the pilot,
    contested values included (the caller counts them), in period order; one query."""
    indicators = {c.indicator.pk: c.indicator for c in criteria if c.indicator is not None}
    found: dict[int, list[tuple[dt.date, Decimal, str]]] = defaultdict(list)
    if not indicators:
        return found
    overlap = Q()
    for frequency in {i.frequency for i in indicators.values()}:
        overlap |= Q(
            indicator__frequency=frequency,
            period__gte=periods.start_of(pilot.start_date, frequency),
        )
    rows = (
        Value.objects.filter(indicator__in=list(indicators), period__lte=pilot.end_date)
        .filter(overlap)
        .order_by("indicator_id", "period")
        .values_list("indicator_id", "period", "value", "status")
    )
    for indicator_id, period, value, status in rows:
        found[indicator_id].append((period, value, status))
    return found


def results_of(pilot: Pilot, criteria: list[Criterion] | None = None) -> Board:
    """Each criterion against the values measured now, and the recommendation."""
    if criteria is None:
        criteria = list(pilot.criteria.select_related("indicator"))
    series = _series(pilot, criteria)
    rows = []
    for criterion in criteria:
        rule = evaluate.Criterion(
            criterion.comparator,
            criterion.threshold,
            criterion.rule,
            places=units.DECIMALS.get(criterion.unit),
        )
        if criterion.indicator is None:
            given = [] if criterion.manual_value is None else [criterion.manual_value]
            result = evaluate.evaluate(
                evaluate.Criterion(criterion.comparator, criterion.threshold, evaluate.LATEST),
                given,
            )
            rows.append(
                Row(
                    criterion.pk,
                    criterion.label,
                    "",
                    criterion.unit,
                    criterion.comparator,
                    criterion.threshold,
                    criterion.rule,
                    result.measured,
                    result.verdict,
                    result.count,
                    note=criterion.manual_note,
                )
            )
            continue
        values = series.get(criterion.indicator.pk, [])
        kept = [v for _p, v, status in values if status != ValueStatus.CONTESTED]
        result = evaluate.evaluate(rule, kept)
        rows.append(
            Row(
                criterion.pk,
                criterion.label,
                criterion.indicator.name,
                criterion.unit,
                criterion.comparator,
                criterion.threshold,
                criterion.rule,
                result.measured,
                result.verdict,
                result.count,
                awaiting=sum(1 for *_x, s in values if s == ValueStatus.SUBMITTED),
                contested=sum(1 for *_x, s in values if s == ValueStatus.CONTESTED),
            )
        )
    return Board(rows, _recommend(rows))


def _recommend(rows: list[Row]) -> evaluate.Recommendation:
    return evaluate.recommend([(str(k), row.verdict) for k, row in enumerate(rows)])


def frozen_results(decision: PilotDecision) -> Board:
    rows = [Row.from_json(item) for item in decision.results]
    return Board(rows, _recommend(rows), frozen=True)


@dataclass
class Step:
    month: int
    share: int
    note: str
    current: bool = False
    starts: dt.date | None = None


@dataclass
class PilotPage:
    """Everything the pilot's page shows (and, later, its PDF)."""

    pilot: Pilot
    progress: plan.Progress
    steps: list[Step]
    board: Board
    decisions: list[PilotDecision]
    criteria: list[Criterion] = field(default_factory=list)
    today: dt.date | None = None

    @property
    def final(self) -> PilotDecision | None:
        return next((d for d in reversed(self.decisions) if d.decision in FINAL), None)

    @property
    def ramp_longer_than_pilot(self) -> bool:
        p = self.pilot
        return plan.add_months(p.start_date, p.ramp_up_months - 1) > p.end_date

    @property
    def measure_open(self) -> bool:
        """Measures typed by hand are recorded once the pilot has started, until decided."""
        return self.progress.state != plan.BEFORE and not self.pilot.closed

    @property
    def may_decide_without_ticking(self) -> bool:
        return self.today is not None and self.today >= self.pilot.end_date


def pilot_page(pilot: Pilot, today: dt.date) -> PilotPage:
    """Four queries: criteria with their indicators, values, steps, decisions."""
    criteria = list(pilot.criteria.select_related("indicator"))
    decisions = list(pilot.decisions.select_related("by"))
    progress = plan.progress(pilot.start_date, pilot.end_date, today)
    steps = [
        Step(
            s.month,
            s.share,
            s.note,
            current=progress.state == plan.RUNNING and s.month == progress.month,
            starts=plan.add_months(pilot.start_date, s.month - 1),
        )
        for s in RampStep.objects.filter(pilot=pilot).order_by("month")
    ]
    page = PilotPage(pilot, progress, steps, Board([], _recommend([])), decisions, criteria, today)
    final = page.final
    page.board = frozen_results(final) if final is not None else results_of(pilot, criteria)
    return page
