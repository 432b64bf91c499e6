"""Sign-in events come from Django's authentication and django-axes as signals:
write them to the trail of every organisation the person belongs to."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from . import audit
from .models import AuditAction, Membership, User


def _record_for_person(
    *, action: str, user: User | None, label: str, changes: dict[str, Any] | None = None
) -> None:
    orgs = []
    if user is not None:
        orgs = [
            m.organisation
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ]
    with transaction.atomic():
        for org in orgs or [None]:
            audit.record(
                action=action,
                organisation=org,
                actor=user,
                actor_label=label,
                object_type="core.user" if user else "",
                object_id=str(user.pk) if user else "",
                object_repr=label,
                changes=changes,
            )


def _user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first() if email else None


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    _record_for_person(action=AuditAction.LOGIN, user=user, label=user.email)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        _record_for_person(action=AuditAction.LOGOUT, user=user, label=user.email)


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    email = str(credentials.get("username") or credentials.get("email") or "")[:254]
    _record_for_person(action=AuditAction.LOGIN_FAILED, user=_user_by_email(email), label=email)


@receiver(user_locked_out)
def on_locked_out(
    sender: Any, request: Any, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    email = (username or "")[:254]
    _record_for_person(
        action=AuditAction.LOCKOUT,
        user=_user_by_email(email),
        label=email,
        changes={"ip": [None, ip_address]},
    )
