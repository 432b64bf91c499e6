"""What the pilot tests share: every row a pilot write could touch, to say "nothing stored"."""

from __future__ import annotations

from django.urls import reverse

from pilotage.core.models import AuditEntry
from pilotage.engagements.models import Engagement, StageChange
from pilotage.pilots.models import Criterion, Pilot, PilotDecision, RampStep

TABLES = (Pilot, RampStep, Criterion, PilotDecision, Engagement, StageChange, AuditEntry)


def stored() -> dict[str, list[dict]]:
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in TABLES}


def url(w, name: str, engagement=None, **extra) -> str:
    engagement = engagement or w.cash
    return reverse(f"pilots:{name}", kwargs={"org": "acme", "pk": engagement.pk, **extra})
