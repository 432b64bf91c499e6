"""Agency or freelance: what each point of the texts' comparison means for one engagement."""

from __future__ import annotations

import pytest

from pilotage.engagements.models import EngagementKind, Function, VendorKind
from pilotage.selection import advice, labels
from pilotage.selection.advice import EITHER, FOR_AGENCY, FOR_FREELANCE, agency_or_freelance


def by_topic(points):
    return {p.topic: p for p in points}


def test_every_point_of_the_comparison_is_there_in_order():
    points = agency_or_freelance("outsourcing", "marketing", [])
    assert [p.topic for p in points] == list(advice.TOPICS)


def test_a_one_off_precise_job_leans_to_a_freelance():
    points = agency_or_freelance(EngagementKind.ONE_OFF, Function.PROSPECTION, [])
    p = by_topic(points)
    assert p["cost"].favours == FOR_FREELANCE
    assert p["cost"].advice == "cost_ask_freelance"  # none among the candidates: ask one
    assert p["flexibility"].favours == FOR_FREELANCE
    assert p["breadth"].favours == FOR_FREELANCE
    assert advice.leaning(points) == FOR_FREELANCE


def test_a_whole_function_over_time_leans_to_an_agency_or_a_firm():
    points = agency_or_freelance(
        EngagementKind.OUTSOURCING, Function.IT_SUPPORT, [VendorKind.IT_SERVICES]
    )
    p = by_topic(points)
    assert p["continuity"].favours == FOR_AGENCY
    assert p["continuity"].advice == "continuity_function"
    assert not any(point.caution for point in points)
    assert advice.leaning(points) == FOR_AGENCY


def test_several_skills_call_for_an_agency_even_for_a_one_off_job():
    points = agency_or_freelance(EngagementKind.ONE_OFF, Function.WEB, ["freelance", "agency"])
    p = by_topic(points)
    assert p["breadth"].favours == FOR_AGENCY
    assert p["breadth"].advice == "breadth_multi"
    assert p["flexibility"].favours == EITHER
    assert p["cost"].favours == FOR_FREELANCE  # cheaper, yet the price does not decide
    assert advice.leaning(points) == FOR_AGENCY


def test_a_freelance_among_the_candidates_asks_for_a_backup_and_reversibility():
    p = by_topic(
        agency_or_freelance(
            EngagementKind.OUTSOURCING,
            Function.MARKETING,
            [VendorKind.FREELANCE, VendorKind.AGENCY],
        )
    )
    assert p["continuity"].advice == "continuity_backup"
    assert p["continuity"].caution
    assert p["steering"].advice == "steering_conductor"  # you are the conductor
    assert p["steering"].caution
    assert p["cost"].advice == "cost_compare"  # both models compared: not on price alone


def test_a_freelance_on_a_one_off_job_still_plans_a_backup_without_steering_alarm():
    p = by_topic(agency_or_freelance(EngagementKind.ONE_OFF, Function.MARKETING, ["freelance"]))
    assert p["cost"].advice == "cost_one_off"
    assert p["continuity"].caution
    assert p["continuity"].favours == EITHER
    assert not p["steering"].caution
    assert p["steering"].advice == "steering_one_off"


def test_in_co_sourcing_a_freelance_adds_coordination_to_the_referent():
    p = by_topic(agency_or_freelance(EngagementKind.CO_SOURCING, Function.PAYROLL, ["freelance"]))
    assert p["steering"].advice == "steering_shared"
    assert p["continuity"].favours == FOR_AGENCY  # payroll must not stop


@pytest.mark.parametrize("kind", EngagementKind.values)
@pytest.mark.parametrize("function", Function.values)
@pytest.mark.parametrize("kinds", [[], ["freelance"], ["agency"], ["freelance", "it_services"]])
def test_every_advice_has_its_words(kind, function, kinds):
    for point in labels.shown(agency_or_freelance(kind, function, kinds)):
        assert str(point.title) and str(point.general) and str(point.meaning)
