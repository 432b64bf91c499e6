"""Agency or freelance: the texts' comparison, point by point, read for one engagement
(no Django; the words shown are in :mod:`pilotage.selection.labels`).

The texts compare the two models on five points: cost (a freelance is 30–50 % cheaper),
flexibility, continuity (a freelance is one person: the "bus factor"), breadth (several
skills, strategic advice) and the steering load left inside (with a freelance, you are the
conductor). What each point means depends on the engagement: a one-off job or one precise
expertise suits a freelance; a whole function over time, or several skills, calls for an
agency's continuity; a freelance among the candidates calls for a backup and a strong
reversibility clause.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Engagement kinds, functions and vendor kinds, as pilotage.engagements.models codes them.
ONE_OFF = "one_off"
CO_SOURCING = "co_sourcing"
FREELANCE = "freelance"
TEAM_KINDS = frozenset({"agency", "it_services", "accounting"})
# Functions that call on several skills at once (SEO, design, development, content…).
MULTI_SKILL = frozenset({"web", "marketing"})
# Functions that must not stop, whoever is ill or on holiday (deadlines, outages, customers).
NO_PAUSE = frozenset({"it_support", "payroll", "accounting", "sales_admin", "customer_support"})

# What a point leans to for this engagement.
FOR_FREELANCE, FOR_AGENCY, EITHER = "freelance", "agency", "either"
TOPICS = ("cost", "flexibility", "continuity", "breadth", "steering")


@dataclass(frozen=True)
class Point:
    topic: str  # one of TOPICS
    favours: str  # FOR_FREELANCE, FOR_AGENCY or EITHER, for this engagement
    advice: str  # code of what it means here (labels.ADVICE)
    caution: bool = False  # something to do about it (plan a backup, a clause…)


def agency_or_freelance(
    engagement_kind: str, function: str, candidate_kinds: Iterable[str]
) -> list[Point]:
    """The five points of the comparison, each with what it means for this engagement."""
    kinds = set(candidate_kinds)
    freelance = FREELANCE in kinds
    team = bool(kinds & TEAM_KINDS)
    one_off = engagement_kind == ONE_OFF
    multi = function in MULTI_SKILL
    no_pause = function in NO_PAUSE

    if one_off:
        cost = Point("cost", FOR_FREELANCE, "cost_one_off" if freelance else "cost_ask_freelance")
    elif freelance and team:
        cost = Point("cost", EITHER, "cost_compare")
    else:
        cost = Point("cost", EITHER, "cost_over_time")

    if one_off and multi:
        flexibility = Point("flexibility", EITHER, "flexibility_multi")
    elif one_off:
        flexibility = Point("flexibility", FOR_FREELANCE, "flexibility_one_off")
    else:
        flexibility = Point("flexibility", EITHER, "flexibility_over_time")

    if freelance:
        continuity = Point(
            "continuity",
            FOR_AGENCY if (no_pause or not one_off) else EITHER,
            "continuity_backup",
            caution=True,
        )
    elif one_off and not no_pause:
        continuity = Point("continuity", EITHER, "continuity_one_off")
    else:
        continuity = Point("continuity", FOR_AGENCY, "continuity_function")

    if multi:
        breadth = Point("breadth", FOR_AGENCY, "breadth_multi")
    else:
        breadth = Point("breadth", FOR_FREELANCE if one_off else EITHER, "breadth_precise")

    if freelance and one_off:
        steering = Point("steering", EITHER, "steering_one_off")
    elif freelance:
        steering = Point(
            "steering",
            FOR_AGENCY,
            "steering_conductor" if engagement_kind != CO_SOURCING else "steering_shared",
            caution=True,
        )
    else:
        steering = Point("steering", EITHER, "steering_agency")

    return [cost, flexibility, continuity, breadth, steering]


def leaning(points: Iterable[Point]) -> str:
    """Where the points lean on the whole: FOR_FREELANCE, FOR_AGENCY or EITHER. The cost
    does not vote: the texts warn that the choice is not a question of price."""
    votes = [p.favours for p in points if p.topic != "cost"]
    freelance, agency = votes.count(FOR_FREELANCE), votes.count(FOR_AGENCY)
    if freelance > agency:
        return FOR_FREELANCE
    if agency > freelance:
        return FOR_AGENCY
    return EITHER
