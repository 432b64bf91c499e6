"""Reminders of the values a vendor owes, by e-mail, on the schedule of each engagement.

Run once a day (``pilotage kpis remind``, or the ``send_reminders`` task). For each period
still missing values, the latest step of the schedule that has come is sent once; a day
without a run is caught up on the next one, with one message, not one per missed step.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy

from pilotage.core import notify
from pilotage.core.models import Role, User
from pilotage.engagements.models import Engagement, Stage

from . import periods, services
from .labels import period_label
from .models import Indicator, ReminderSent, Source, Value, ValueStatus

logger = logging.getLogger(__name__)
STEERED = (Stage.PILOT, Stage.RUN, Stage.EXIT)
# Periods whose due date is further back than the schedule's last step plus this are left to
# the dashboard (its "late" list), not to e-mail.
GRACE_DAYS = 3
KIND = "kpi_reminder"  # the kind of e-mail (pilotage.core.notify.KINDS) one may turn off


@dataclass
class Missing:
    engagement: Engagement
    frequency: str
    period: dt.date
    due: dt.date
    indicators: list[Indicator]


def missing_values(
    engagement: Engagement,
    indicators: list[Indicator],
    today: dt.date,
    *,
    due_days: int,
    horizon: int,
) -> list[Missing]:
    """Periods whose vendor values are due within ``horizon`` days around today (or already
    past) and not all given (a contested value is owed again)."""
    out = []
    by_frequency: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_frequency[indicator.frequency].append(indicator)
    given = set(
        Value.objects.filter(indicator__in=indicators)
        .exclude(status=ValueStatus.CONTESTED)
        .values_list("indicator_id", "period")
    )
    for frequency, owed in by_frequency.items():
        for period in periods.between(today - dt.timedelta(days=horizon + 120), today, frequency):
            due = periods.due_on(period, frequency, due_days)
            if period > today or abs((today - due).days) > horizon:
                continue
            if services.period_problem(owed[0], period, today):
                continue
            lacking = [i for i in owed if i.since <= period and (i.pk, period) not in given]
            if lacking:
                out.append(Missing(engagement, frequency, period, due, lacking))
    return out


def send_due(today: dt.date | None = None) -> int:
    """Send what is due today; returns how many messages went."""
    today = today or timezone.localdate()
    sent = 0
    engagements = Engagement.objects.filter(stage__in=STEERED, vendor__isnull=False).select_related(
        "organisation", "vendor", "referent"
    )
    for engagement in engagements:
        config = services.settings_of(engagement)
        steps = sorted(config.reminder_days or [])
        if not config.reminders_on or not steps:
            continue
        indicators = list(
            Indicator.objects.filter(engagement=engagement, source=Source.VENDOR, active=True)
        )
        if not indicators:
            continue
        for indicator in indicators:
            indicator.engagement = engagement
        horizon = max(abs(steps[0]), abs(steps[-1])) + GRACE_DAYS
        for missing in missing_values(
            engagement, indicators, today, due_days=config.due_days, horizon=horizon
        ):
            came = [s for s in steps if missing.due + dt.timedelta(days=s) <= today]
            if not came:
                continue
            sent += _send_once(missing, came[-1], today)
    return sent


def _recipients(engagement: Engagement) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=engagement.organisation,
            memberships__role=Role.VENDOR,
            memberships__vendor=engagement.vendor_id,
            memberships__is_active=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("email")
    )


def _send_once(missing: Missing, step: int, today: dt.date) -> int:
    """Send the reminder of ``step`` unless it went already; it counts as sent only if the
    mail server took it (the row is written in the same transaction as the sending). People
    who turned these reminders off are left out."""
    engagement = missing.engagement
    people = notify.recipients(_recipients(engagement), KIND)
    if not people:
        return 0
    link = (
        settings.PILOTAGE_BASE_URL.rstrip("/")
        + reverse("kpis:submit", kwargs={"org": engagement.organisation.slug, "pk": engagement.pk})
        + f"?frequency={missing.frequency}&period={missing.period.isoformat()}"
    )
    context = {
        "engagement": engagement,
        "organisation": engagement.organisation,
        # Told in each reader's language (the label is made when the template shows it).
        "period": lazy(period_label, str)(missing.period, missing.frequency),
        "due": missing.due,
        "days_late": (today - missing.due).days,
        "indicators": missing.indicators,
    }
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                engagement=engagement,
                frequency=missing.frequency,
                period=missing.period,
                offset=step,
                sent_at=timezone.now(),
                recipients=", ".join(p.email for p in people),
                missing=len(missing.indicators),
            )
            notify.send(KIND, people, "kpis/email/reminder", context, link)
    except IntegrityError:
        return 0  # already sent (by a run at the same time)
    except (OSError, smtplib.SMTPException):
        logger.exception(
            "Reminder for %s (%s) not sent; tried again next run", engagement, missing.period
        )
        return 0
    return 1
