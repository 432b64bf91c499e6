"""What every write of the selection shares: the current decision (once made, the selection
is a record), the lock on the engagement, the audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pilotage.core import audit
from pilotage.core.models import User
from pilotage.engagements.models import Engagement

from .models import Decision


def when(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def current_decision(engagement: Engagement) -> Decision | None:
    return (
        Decision.objects.filter(engagement=engagement)
        .select_related("candidate__vendor", "decided_by")
        .order_by("-round")
        .first()
    )


def check_open(engagement: Engagement) -> None:
    decision = current_decision(engagement)
    if decision is not None:
        raise ValidationError(
            _("The choice was made on %(date)s (%(vendor)s): the selection is now a record.")
            % {"date": when(decision.decided_at), "vendor": decision.candidate.vendor.name}
        )


def lock(engagement: Engagement) -> Engagement:
    """Lock the engagement's row: writes of one selection happen one after the other."""
    return Engagement.objects.select_for_update().get(pk=engagement.pk)


def record(
    action: str,
    *,
    actor: User | None,
    engagement: Engagement,
    obj: Model,
    changes: dict[str, Any],
    object_repr: str = "",
) -> None:
    audit.record(
        action=action,
        organisation=engagement.organisation,
        actor=actor,
        obj=obj,
        object_repr=object_repr or f"{engagement} · {obj}",
        changes=changes,
    )
