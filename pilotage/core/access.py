"""Resolve the organisation of a page from its URL, and refuse what the user may not do."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from .models import Membership
from .permissions import can


def membership_for(request: HttpRequest, slug: str) -> Membership:
    """The user's active membership in the organisation named by ``slug``, or 404."""
    try:
        return (
            Membership.objects.active()
            .select_related("organisation", "vendor", "user")
            .get(user=request.user, organisation__slug=slug)
        )
    except Membership.DoesNotExist:
        raise Http404 from None


def org_view(
    perm: str | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking ``org`` from the URL: signs in, resolves the membership
    (``request.membership``, ``request.organisation``) and checks ``perm`` if given.
    Anything refused answers 404, so that nothing tells what exists."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = membership_for(request, org)
            if perm is not None and not can(membership, perm):
                raise Http404
            request.membership = membership  # type: ignore[attr-defined]
            request.organisation = membership.organisation  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.pilotage_perm = perm or "member"  # type: ignore[attr-defined]
        return wrapper

    return decorator


def require(membership: Membership, perm: str, obj: Any = None) -> None:
    if not can(membership, perm, obj):
        raise Http404
