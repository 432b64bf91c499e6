"""Properties of the diagnostic's result, checked on generated activities against sums
written the obvious way."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pilotage.diagnostics import advice
from pilotage.diagnostics.advice import ActivityFacts, RiskFacts

hours = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=744, places=2, allow_nan=False, allow_infinity=False),
)
activity = st.builds(
    ActivityFacts,
    category=st.sampled_from([*advice.CATEGORIES, ""]),
    documented=st.sampled_from(["yes", "partly", "no", ""]),
    hours=hours,
    leader_hours=hours,
)
risk = st.builds(
    RiskFacts,
    area=st.sampled_from(advice.RISK_AREAS),
    likelihood=st.sampled_from([*advice.LEVELS, ""]),
    impact=st.sampled_from([*advice.LEVELS, ""]),
    cost=st.one_of(st.none(), st.decimals(min_value=0, max_value=10**9, places=2)),
)
answers = st.dictionaries(
    st.sampled_from(advice.QUESTIONS), st.sampled_from([*advice.ANSWERS, "", "maybe"])
)


@given(st.lists(activity, max_size=30))
def test_the_totals_are_the_sums_of_the_parts(activities):
    result = advice.outcome(activities)

    assert result.total_hours == sum((r.hours for r in result.activities), Decimal(0))
    assert result.total_hours == sum(result.hours.values(), Decimal(0))
    assert result.total_leader_hours == sum(result.leader_hours.values(), Decimal(0))
    assert sum(result.counts.values()) == len(activities)
    assert result.leader_hours_back == sum(
        (r.leader_hours_back for r in result.activities), Decimal(0)
    )
    assert result.team_hours_freed == sum(
        (r.team_hours_freed for r in result.activities), Decimal(0)
    )
    assert result.without_hours == sum(1 for a in activities if a.hours is None)
    for r in result.activities:
        assert r.hours == r.leader_hours + r.team_hours


@given(st.lists(activity, max_size=30))
def test_hours_won_back_never_exceed_the_leaders_hours(activities):
    result = advice.outcome(activities)

    assert 0 <= result.leader_hours_back <= result.leader_hours_back_documented
    assert result.leader_hours_back_documented <= result.total_leader_hours
    assert 0 <= result.team_hours_freed <= result.team_hours_freed_documented
    assert result.team_hours_freed_documented <= result.total_hours - result.total_leader_hours
    for r in result.activities:
        assert 0 <= r.leader_hours_back <= r.leader_hours <= r.hours


@given(st.lists(activity, max_size=30))
def test_the_hours_won_back_follow_the_stated_rule(activities):
    result = advice.outcome(activities)
    expected = result.leader_hours[advice.OUTSOURCE] + result.leader_hours[advice.SHARE] / 2

    assert result.leader_hours_back == expected


@given(answers)
def test_readiness_points_stay_between_zero_and_four(given_answers):
    found = advice.readiness(given_answers)

    assert 0 <= found.points <= 4
    assert found.points * 2 == int(found.points * 2)  # halves only
    assert found.answered + len(found.unanswered) == 4
    assert (found.verdict == advice.NOT_ANSWERED) == (found.answered == 0)


@given(st.lists(risk, max_size=6))
def test_the_risk_cost_is_the_sum_of_the_costs_given(risks):
    result = advice.outcome([], risks=risks)

    assert result.risk_cost == sum((r.cost for r in risks if r.cost is not None), Decimal(0))
    levels = [r.level for r in result.risks if r.level]
    if levels:
        assert advice.LEVEL_ORDER[result.worst_risk] == max(advice.LEVEL_ORDER[x] for x in levels)
    else:
        assert result.worst_risk is None


@given(st.text(max_size=200), st.text(max_size=200), st.sampled_from([*advice.FUNCTIONS, ""]))
def test_suggest_never_fails_and_quotes_the_text(name, description, function):
    found = advice.suggest(name, description, function)

    if found is not None:
        assert found.category in advice.CATEGORIES
        assert found.words in name or found.words in description
        for other in found.outweighed:
            assert advice.PROTECTION[other.category] < advice.PROTECTION[found.category]
