"""The work before the contract, as the engagement page lists it: one step per tool
(diagnostic, specification, selection, pilot), shown to whom may open it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pilotage.core.models import Membership
from pilotage.core.permissions import can

from .models import Engagement, Stage


@dataclass(frozen=True)
class Step:
    stage: str
    url_name: str
    label: Promise
    icon: str
    # None: whoever sees the engagement (its vendor too) opens the page.
    perm: str | None


STEPS = (
    Step(
        Stage.DIAGNOSTIC,
        "diagnostics:page",
        _("Diagnostic: what may go out"),
        "bi-clipboard-check",
        "preparation.view",
    ),
    Step(
        Stage.SPECIFICATION, "specifications:page", _("Specification"), "bi-file-earmark-text", None
    ),
    Step(Stage.SELECTION, "selection:page", _("Vendor selection"), "bi-people", "preparation.view"),
    Step(Stage.PILOT, "pilots:page", _("Pilot phase"), "bi-flag", None),
)


@dataclass(frozen=True)
class Link:
    stage: str
    label: Promise
    icon: str
    url: str


def links(membership: Membership, engagement: Engagement) -> list[Link]:
    """The steps this person may open, each with the address of its page."""
    found = []
    for step in STEPS:
        if step.perm is not None and not can(membership, step.perm, engagement):
            continue
        url = reverse(
            step.url_name, kwargs={"org": engagement.organisation.slug, "pk": engagement.pk}
        )
        found.append(Link(step.stage, step.label, step.icon, url))
    return found


def stage_steps(engagement: Engagement, found: list[Link]) -> list[tuple[str, str, str | None]]:
    """Every stage of the life of an engagement, with the page of its tool where there is one."""
    by_stage = {link.stage: link.url for link in found}
    return [(value, label, by_stage.get(value)) for value, label in Stage.choices]
