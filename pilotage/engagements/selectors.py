"""Reads shared by pages, the API and exports."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When

from pilotage.core.models import Membership

from .due import DueItem, next_due
from .models import Engagement, Stage, Vendor


def engagement_list(membership: Membership, *, include_closed: bool = True):
    qs = Engagement.objects.visible_to(membership).with_people()
    if not include_closed:
        qs = qs.open()
    stage_rank = Case(
        *[When(stage=value, then=Value(i)) for i, value in enumerate(Stage.values)],
        output_field=IntegerField(),
    )
    return qs.annotate(stage_rank=stage_rank).order_by("stage_rank", "title")


@dataclass
class EngagementRow:
    engagement: Engagement
    due: DueItem | None


def engagement_rows(membership: Membership, *, include_closed: bool = True) -> list[EngagementRow]:
    """Engagements with their next due item, for the home page and lists."""
    engagements = list(engagement_list(membership, include_closed=include_closed))
    due = next_due(engagements)
    return [EngagementRow(e, due.get(e.pk)) for e in engagements]


def stage_counts(rows: list[EngagementRow]) -> list[tuple[str, str, int]]:
    counts = dict.fromkeys(Stage.values, 0)
    for row in rows:
        counts[row.engagement.stage] += 1
    return [(value, label, counts[value]) for value, label in Stage.choices]


def vendor_list(membership: Membership):
    return Vendor.objects.visible_to(membership).prefetch_related("contacts").order_by("name")
