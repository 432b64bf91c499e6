"""Who may sit at an engagement's meetings and hold its actions."""

from __future__ import annotations

from django.db.models import Q

from pilotage.core.models import Role, User
from pilotage.engagements.models import Engagement


def people_inside(engagement: Engagement) -> list[User]:
    """The organisation's people who run the engagement: its owners and its referent."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=engagement.organisation_id,
            memberships__is_active=True,
        )
        .filter(_inside_q(engagement))
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def _inside_q(engagement: Engagement) -> Q:
    q = Q(memberships__role=Role.OWNER)
    if engagement.referent_id:
        q |= Q(memberships__role=Role.REFERENT, pk=engagement.referent_id)
    return q


def people_of_vendor(engagement: Engagement) -> list[User]:
    if not engagement.vendor_id:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=engagement.organisation_id,
            memberships__is_active=True,
            memberships__role=Role.VENDOR,
            memberships__vendor_id=engagement.vendor_id,
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )
