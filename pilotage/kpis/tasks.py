"""Background work of the indicator capability."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task


@task()
def refresh_computed(*, engagement_id: int) -> int:
    """Compute again the indicators an engagement's imported data feed."""
    from pilotage.engagements.models import Engagement

    from .computed import refresh

    engagement = Engagement.objects.filter(pk=engagement_id).first()
    return refresh(engagement) if engagement else 0


def refresh_soon(engagement_id: int) -> None:
    """After the current transaction commits, compute the engagement's indicators again."""
    transaction.on_commit(lambda: refresh_computed.enqueue(engagement_id=engagement_id))


@task()
def send_reminders() -> int:
    """Remind vendors of the values they owe (run daily; catches up on missed days)."""
    from .reminders import send_due

    return send_due()
