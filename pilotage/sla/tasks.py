"""Background work of the service-level capability."""

from __future__ import annotations

from django_tasks import task


@task()
def measure_engagement(*, engagement_id: int) -> int:
    """Measure an engagement's tickets again after its policy or a calendar changed."""
    from pilotage.engagements.models import Engagement

    from .services import tickets_measure

    engagement = Engagement.objects.filter(pk=engagement_id).first()
    return tickets_measure(engagement=engagement) if engagement else 0


@task()
def run_ticket_import(*, import_id: int) -> None:
    from .imports import run_import

    run_import(import_id)
