"""The pure go/no-go judgement: a criterion against a series of values, and the pilot's
recommendation from every criterion's verdict."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilotage.pilots.evaluate import (
    AT_LEAST,
    AT_MOST,
    AVERAGE,
    CANNOT_JUDGE,
    GO,
    LATEST,
    MET,
    NO_DATA,
    NO_GO,
    NOT_MET,
    WORST,
    Criterion,
    evaluate,
    judge,
    measure,
    recommend,
)

D = Decimal

# fmt: off
MEASURES = [
    # series,                         rule,    comparator, measured
    ([D(3), D(1), D(2)],              LATEST,  AT_MOST,    D(2)),
    ([D(3), D(1), D(2)],              AVERAGE, AT_MOST,    D(2)),
    ([D(3), D(1), D(2)],              WORST,   AT_MOST,    D(3)),   # caps: the highest is worst
    ([D(3), D(1), D(2)],              WORST,   AT_LEAST,   D(1)),   # floors: the lowest is worst
    ([None, D(4), None],              LATEST,  AT_MOST,    D(4)),   # gaps are skipped
    ([1.5, 2.5],                      AVERAGE, AT_LEAST,   D(2)),   # floats read as written
    ([D("NaN"), D(5)],                AVERAGE, AT_MOST,    D(5)),
    ([],                              AVERAGE, AT_MOST,    None),
    ([None, None],                    WORST,   AT_LEAST,   None),
]
# fmt: on


@pytest.mark.parametrize(("series", "rule", "comparator", "expected"), MEASURES)
def test_it_reads_the_series_the_way_the_rule_says(series, rule, comparator, expected):
    assert measure(series, rule, comparator) == expected


# fmt: off
JUDGEMENTS = [
    # measured, comparator, threshold, verdict
    (D(2),      AT_MOST,    D(2),      MET),      # the threshold itself is met
    (D("2.1"),  AT_MOST,    D(2),      NOT_MET),
    (D(45),     AT_MOST,    D(60),     MET),
    (D(98),     AT_LEAST,   D(98),     MET),
    (D("97.9"), AT_LEAST,   D(98),     NOT_MET),
    (None,      AT_LEAST,   D(98),     NO_DATA),
]
# fmt: on


@pytest.mark.parametrize(("measured", "comparator", "threshold", "verdict"), JUDGEMENTS)
def test_it_judges_a_measure_against_its_threshold(measured, comparator, threshold, verdict):
    assert judge(measured, comparator, threshold) == verdict


def test_it_rounds_the_measure_as_it_is_shown_before_judging():
    # 2.04 shows as "2" for a count: judged as shown, "at most 2" is met.
    result = evaluate(Criterion(AT_MOST, D(2), AVERAGE, places=0), [D(2), D(2), D("2.12")])
    assert result.measured == D(2)
    assert result.verdict == MET
    assert result.count == 3


def test_it_refuses_an_unknown_rule_or_comparator():
    with pytest.raises(ValueError):
        measure([D(1)], "median", AT_MOST)
    with pytest.raises(ValueError):
        measure([D(1)], LATEST, "about")


# fmt: off
RECOMMENDATIONS = [
    # verdicts,                                   outcome
    ([("a", MET), ("b", MET)],                    GO),
    ([("a", MET), ("b", NOT_MET)],                NO_GO),
    ([("a", MET), ("b", NO_DATA)],                CANNOT_JUDGE),
    ([("a", NOT_MET), ("b", NO_DATA)],            NO_GO),    # one failure is enough
    ([],                                          CANNOT_JUDGE),
]
# fmt: on


@pytest.mark.parametrize(("verdicts", "outcome"), RECOMMENDATIONS)
def test_it_recommends_go_only_when_every_criterion_is_met(verdicts, outcome):
    assert recommend(verdicts).verdict == outcome


def test_the_recommendation_names_its_reasons():
    rec = recommend([("a", MET), ("b", NOT_MET), ("c", NO_DATA)])
    assert (rec.met, rec.not_met, rec.missing) == (["a"], ["b"], ["c"])


# --- properties -------------------------------------------------------------------------

amounts = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False)
series = st.lists(st.one_of(amounts, st.none()), max_size=30)
verdicts = st.sampled_from([MET, NOT_MET, NO_DATA])


@given(st.lists(amounts, min_size=1, max_size=30))
def test_the_average_lies_between_the_lowest_and_the_highest(values):
    average = measure(values, AVERAGE, AT_MOST)
    assert min(values) <= average <= max(values)


@given(series, st.sampled_from([LATEST, AVERAGE, WORST]), amounts)
def test_at_most_is_met_exactly_when_the_measure_is_not_above(values, rule, threshold):
    result = evaluate(Criterion(AT_MOST, threshold, rule), values)
    if result.measured is None:
        assert result.verdict == NO_DATA
        assert all(v is None for v in values)
    else:
        assert (result.verdict == MET) == (result.measured <= threshold)


@given(series, amounts)
def test_the_worst_value_is_never_better_than_the_average(values, threshold):
    for comparator in (AT_MOST, AT_LEAST):
        worst = evaluate(Criterion(comparator, threshold, WORST), values)
        average = evaluate(Criterion(comparator, threshold, AVERAGE), values)
        if worst.verdict == MET:
            assert average.verdict == MET


@given(st.lists(verdicts, max_size=10))
def test_adding_a_met_criterion_never_turns_go_into_no_go(found):
    before = recommend([(str(k), v) for k, v in enumerate(found)])
    after = recommend([(str(k), v) for k, v in enumerate([*found, MET])])
    if before.verdict == GO:
        assert after.verdict == GO
    assert not (before.verdict != NO_GO and after.verdict == NO_GO)


@given(st.lists(verdicts, max_size=10))
def test_go_means_every_criterion_met_and_no_go_means_one_failed(found):
    outcome = recommend([(str(k), v) for k, v in enumerate(found)]).verdict
    assert (outcome == GO) == (bool(found) and all(v == MET for v in found))
    assert (outcome == NO_GO) == (NOT_MET in found)
