"""Go/no-go criteria against what a pilot measured.

Pure, no Django: a criterion is a comparator (at most / at least), a threshold and a way to
read the pilot's series of values (the latest, the average, the worst). ``evaluate`` gives
the measured value and whether the criterion is met; ``recommend`` turns the verdicts of
every criterion into the pilot's recommendation: go when all are met, no-go as soon as one
is not, "cannot judge" while a measure is missing (and none fails).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

AT_MOST, AT_LEAST = "at_most", "at_least"
COMPARATORS = (AT_MOST, AT_LEAST)
LATEST, AVERAGE, WORST = "latest", "average", "worst"
RULES = (LATEST, AVERAGE, WORST)
MET, NOT_MET, NO_DATA = "met", "not_met", "no_data"
GO, NO_GO, CANNOT_JUDGE = "go", "no_go", "cannot_judge"

Number = Decimal | float | int


@dataclass(frozen=True)
class Criterion:
    comparator: str
    threshold: Decimal
    rule: str = LATEST
    places: int | None = None  # the measured value is rounded to this many decimals


@dataclass(frozen=True)
class Result:
    measured: Decimal | None
    verdict: str
    count: int  # how many values were read


def _decimals(series: Iterable[Number | None]) -> list[Decimal]:
    out = []
    for value in series:
        if value is None or isinstance(value, bool):
            continue
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if number.is_finite():
            out.append(number)
    return out


def measure(series: Sequence[Number | None], rule: str, comparator: str) -> Decimal | None:
    """The value ``rule`` reads from ``series`` (in period order; None and non-finite values
    are gaps): the last one, their average, or the worst for the comparator (the highest when
    the criterion caps the value, the lowest when it sets a floor). None when there is none."""
    if rule not in RULES:
        raise ValueError(f"Unknown rule {rule!r}")
    if comparator not in COMPARATORS:
        raise ValueError(f"Unknown comparator {comparator!r}")
    values = _decimals(series)
    if not values:
        return None
    if rule == LATEST:
        return values[-1]
    if rule == AVERAGE:
        return sum(values, Decimal(0)) / len(values)
    return max(values) if comparator == AT_MOST else min(values)


def judge(measured: Decimal | None, comparator: str, threshold: Decimal) -> str:
    if measured is None:
        return NO_DATA
    if comparator == AT_MOST:
        return MET if measured <= threshold else NOT_MET
    if comparator == AT_LEAST:
        return MET if measured >= threshold else NOT_MET
    raise ValueError(f"Unknown comparator {comparator!r}")


def evaluate(criterion: Criterion, series: Sequence[Number | None]) -> Result:
    measured = measure(series, criterion.rule, criterion.comparator)
    if measured is not None and criterion.places is not None:
        measured = measured.quantize(Decimal(1).scaleb(-criterion.places), ROUND_HALF_UP)
    count = len(_decimals(series))
    return Result(measured, judge(measured, criterion.comparator, criterion.threshold), count)


@dataclass(frozen=True)
class Recommendation:
    """The pilot's recommendation and the criteria behind it, by their keys."""

    verdict: str
    not_met: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    met: list[str] = field(default_factory=list)


def recommend(verdicts: Sequence[tuple[str, str]]) -> Recommendation:
    """``verdicts``: ``(key, verdict)`` for each criterion. No criterion: nothing to judge."""
    not_met = [key for key, verdict in verdicts if verdict == NOT_MET]
    missing = [key for key, verdict in verdicts if verdict == NO_DATA]
    met = [key for key, verdict in verdicts if verdict == MET]
    if not_met:
        outcome = NO_GO
    elif missing or not verdicts:
        outcome = CANNOT_JUDGE
    else:
        outcome = GO
    return Recommendation(outcome, not_met, missing, met)
