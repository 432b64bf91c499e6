"""The daily jobs: each runs at most once a day, and a day the worker was down is caught up
on its next run (every job works out from the data what is due, not from the day it runs).

``pilotage daily`` runs what is due (from cron, or by itself in ``pilotage worker``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledRun

logger = logging.getLogger(__name__)

# name → dotted path of a function taking ``today`` and returning how many things it did.
JOBS: dict[str, str] = {
    "kpis.reminders": "pilotage.kpis.reminders.send_due",
    "contracts.alerts": "pilotage.contracts.alerts.send_due",
    "governance.meetings": "pilotage.governance.cadence.extend_all",
    "governance.action_reminders": "pilotage.governance.reminders.send_due",
}


def run_due(today: dt.date | None = None, *, force: bool = False) -> dict[str, int | str]:
    """Run every job not yet run today; returns what each did (or the error it met, in which
    case it runs again on the next call)."""
    today = today or timezone.localdate()
    done: dict[str, int | str] = {}
    last = dict(ScheduledRun.objects.values_list("job", "last_run_on"))
    for name, path in JOBS.items():
        if not force and last.get(name) is not None and last[name] >= today:
            continue
        try:
            job: Callable[[dt.date], int] = import_string(path)
            result = job(today)
        except Exception as exc:  # one failing job must not stop the others
            logger.exception("Daily job %s failed; tried again on the next run", name)
            done[name] = f"error: {exc}"
            continue
        ScheduledRun.objects.update_or_create(
            job=name,
            defaults={
                "last_run_on": today,
                "last_run_at": timezone.now(),
                "last_result": str(result),
            },
        )
        done[name] = result
    return done
