"""The words of the selection pages that the pure modules leave to Django: the 0–5 scale
and the agency-or-freelance comparison."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import advice

SCALE: tuple[tuple[int, Promise], ...] = (
    (0, _("absent or unacceptable")),
    (1, _("very weak")),
    (2, _("weak")),
    (3, _("fair")),
    (4, _("good")),
    (5, _("excellent")),
)

TOPIC = {
    "cost": (
        _("Cost"),
        _(
            "A freelance is often cheaper (by 30 to 50 %); an agency costs more but gives more "
            "guarantees."
        ),
    ),
    "flexibility": (
        _("Flexibility"),
        _("A freelance adapts very fast; an agency works through structured processes."),
    ),
    "continuity": (
        _("Continuity of service"),
        _(
            "A freelance is one person: when unavailable, the work stops (the “bus factor”). "
            "An agency has a team that stands in."
        ),
    ),
    "breadth": (
        _("Breadth and advice"),
        _(
            "A freelance brings one sharp expertise; an agency coordinates several (SEO, design, "
            "development, content) and adds strategic advice."
        ),
    ),
    "steering": (
        _("Your steering load"),
        _(
            "With a freelance you are the conductor: the vision and the coordination stay with "
            "you. An agency includes project management and advice."
        ),
    ),
}

ADVICE = {
    "cost_one_off": _(
        "A bounded job: the saving of a freelance is real here. Compare the quotes on the same "
        "scope and check the references."
    ),
    "cost_ask_freelance": _(
        "A bounded job: a freelance could do it for less (30 to 50 %). Consider asking one for "
        "a quote."
    ),
    "cost_compare": _(
        "You compare both models: the price gap buys continuity, method and advice. Do not let "
        "the price decide alone."
    ),
    "cost_over_time": _(
        "Over time, weigh the saving against the cost of a breakdown or of a vendor change."
    ),
    "flexibility_one_off": _(
        "A one-off job asks for a quick start and quick adjustments: a freelance fits."
    ),
    "flexibility_multi": _(
        "A quick start suits a freelance, but several skills to coordinate call for structured "
        "processes."
    ),
    "flexibility_over_time": _(
        "A function run over time needs regular, documented processes more than speed."
    ),
    "continuity_backup": _(
        "A freelance is among the candidates: agree on a backup (who stands in, how fast) and "
        "write a strong reversibility clause (data, documents and know-how handed back)."
    ),
    "continuity_one_off": _(
        "A one-off job can bear a short pause; still agree on what happens if the person is "
        "unavailable."
    ),
    "continuity_function": _(
        "This work must not stop: a team that stands in for each other, as an agency or a firm "
        "has, protects the continuity."
    ),
    "breadth_multi": _(
        "This function calls on several skills at once: an agency coordinates them and brings "
        "strategic advice."
    ),
    "breadth_precise": _(
        "One precise expertise is asked for: a freelance can cover it as well as an agency."
    ),
    "steering_conductor": _(
        "With a freelance over time, plan the time your referent will spend coordinating and "
        "deciding: you are the conductor."
    ),
    "steering_one_off": _(
        "With a freelance on a bounded job, brief precisely and validate each step yourself."
    ),
    "steering_shared": _(
        "In co-sourcing you already keep part of the work: a freelance adds the coordination "
        "to your referent's load."
    ),
    "steering_agency": _(
        "An agency manages its own team; your referent still steers the objectives, the "
        "indicators and the meetings."
    ),
}

FAVOURS = {
    advice.FOR_FREELANCE: _("leans to a freelance"),
    advice.FOR_AGENCY: _("leans to an agency"),
    advice.EITHER: _("either"),
}

LEANING = {
    advice.FOR_FREELANCE: _("For this engagement, the comparison leans to a freelance."),
    advice.FOR_AGENCY: _("For this engagement, the comparison leans to an agency or a firm."),
    advice.EITHER: _("For this engagement, both models can fit: the evidence decides."),
}


@dataclass(frozen=True)
class ShownPoint:
    topic: str
    title: Promise
    general: Promise
    meaning: Promise
    favours: str
    favours_label: Promise
    caution: bool


def shown(points: list[advice.Point]) -> list[ShownPoint]:
    return [
        ShownPoint(
            topic=p.topic,
            title=TOPIC[p.topic][0],
            general=TOPIC[p.topic][1],
            meaning=ADVICE[p.advice],
            favours=p.favours,
            favours_label=FAVOURS[p.favours],
            caution=p.caution,
        )
        for p in points
    ]
