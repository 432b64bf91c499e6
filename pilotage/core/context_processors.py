from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .models import Membership


def pilotage(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    others: list[Membership] = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        others = list(Membership.objects.active().filter(user=user).select_related("organisation"))
    return {
        "membership": membership,
        "organisation": getattr(request, "organisation", None),
        "my_memberships": others,
        "interface_languages": settings.LANGUAGES,
        **security_figures(),
    }


def security_figures() -> dict[str, int]:
    """The figures pages and e-mails quote, read from the settings that enforce them."""
    return {
        "lockout_failures": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "reset_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
