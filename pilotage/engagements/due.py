"""The next due item of each engagement, gathered from every capability that knows one.

A provider takes a list of engagements and returns, for some of them, the items that fall
due (a stage deadline here; later a notice deadline, a meeting, an overdue action…). The
home page shows the earliest one. Providers answer for the whole list in a few queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Engagement, Stage


@dataclass(frozen=True)
class DueItem:
    on: dt.date
    label: str
    url: str = ""


Provider = Callable[[Sequence[Engagement]], dict[int, list[DueItem]]]
PROVIDERS: list[Provider] = []


def provider(func: Provider) -> Provider:
    PROVIDERS.append(func)
    return func


@provider
def stage_deadlines(engagements: Sequence[Engagement]) -> dict[int, list[DueItem]]:
    out: dict[int, list[DueItem]] = {}
    for e in engagements:
        if e.stage_due_on and e.stage != Stage.CLOSED:
            url = reverse("engagements:detail", kwargs={"org": e.organisation.slug, "pk": e.pk})
            label = _("End of stage: %(stage)s") % {"stage": e.get_stage_display()}
            out.setdefault(e.pk, []).append(DueItem(e.stage_due_on, label, url))
    return out


def next_due(engagements: Iterable[Engagement]) -> dict[int, DueItem]:
    items = list(engagements)
    best: dict[int, DueItem] = {}
    for func in PROVIDERS:
        for pk, due in func(items).items():
            for item in due:
                if pk not in best or item.on < best[pk].on:
                    best[pk] = item
    return best
