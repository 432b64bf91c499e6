"""Reminders of overdue actions (daily job "governance.action_reminders").

An open action past its due date reminds its owner the day after it was due, then every 7
days. Each reminder is one ActionReminder row per (action, due date, sequence), written in
the same transaction as the sending. A run that missed a week sends ONE message and records
every sequence it passed. A new due date re-arms the reminders.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pilotage.core import notify
from pilotage.core.models import User
from pilotage.engagements.models import Stage

from . import services
from .models import Action, ActionReminder, ActionStatus

logger = logging.getLogger(__name__)
EVERY_DAYS = 7


def sequence_due(due_on: dt.date, today: dt.date) -> int:
    """How many reminders should have gone by ``today`` (0 while not overdue)."""
    late = (today - due_on).days
    if late < 1:
        return 0
    return (late - 1) // EVERY_DAYS + 1


def recipients(action: Action) -> list[User]:
    if action.owner_id is not None:
        return [action.owner]
    if action.held_by_vendor:
        return services.people_of_vendor(action.engagement)
    return []


def send_due(today: dt.date | None = None) -> int:
    """Send the reminders due today; returns how many actions were reminded."""
    today = today or timezone.localdate()
    overdue = (
        Action.objects.filter(status=ActionStatus.OPEN, due_on__lt=today)
        .exclude(engagement__stage=Stage.CLOSED)
        .select_related("owner", "engagement__organisation", "engagement__vendor")
    )
    sent = 0
    for action in overdue:
        due = sequence_due(action.due_on, today)
        done = set(
            ActionReminder.objects.filter(action=action, due_on=action.due_on).values_list(
                "sequence", flat=True
            )
        )
        missing = [s for s in range(1, due + 1) if s not in done]
        if missing:
            sent += _send(action, missing, today)
    return sent


def _send(action: Action, sequences: list[int], today: dt.date) -> int:
    engagement = action.engagement
    people = recipients(action)
    link = notify.absolute(
        reverse(
            "governance:actions", kwargs={"org": engagement.organisation.slug, "pk": engagement.pk}
        )
        + f"#action-{action.pk}"
    )
    try:
        with transaction.atomic():
            to: list[str] = []
            now = timezone.now()
            ActionReminder.objects.bulk_create(
                [
                    ActionReminder(action=action, due_on=action.due_on, sequence=s, sent_at=now)
                    for s in sequences
                ]
            )
            to = notify.send(
                "action_overdue",
                people,
                "governance/email/action_overdue",
                {
                    "action": action,
                    "engagement": engagement,
                    "organisation": engagement.organisation,
                    "days_late": (today - action.due_on).days,
                },
                link,
            )
            ActionReminder.objects.filter(
                action=action, due_on=action.due_on, sequence__in=sequences
            ).update(recipients=", ".join(to))
    except IntegrityError:
        return 0  # sent by a run at the same time
    except (OSError, smtplib.SMTPException):
        logger.exception("Reminder of action %s not sent; tried again next run", action.pk)
        return 0
    return 1 if to else 0
