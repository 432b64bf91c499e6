"""E-mail notifications: one message per recipient, in the recipient's language, plain text
and HTML, with a link to the page concerned and a link to stop this kind of message.

Each capability names its kinds in :data:`KINDS` and calls :func:`send` with a template
prefix: ``<prefix>_subject.txt``, ``<prefix>.txt`` and ``<prefix>.html`` are rendered for
each recipient with the given context plus ``user``, ``link``, ``unsubscribe_link``,
``kind_label`` and ``language``. The HTML templates extend ``email/base.html``, the text
ones end with ``{% include "email/footer.txt" %}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import NotificationOptOut, User

KINDS = {
    "kpi_reminder": _("Reminders of the indicator values owed"),
    "contract_deadline": _("Contract deadlines (notice, end of term)"),
    "action_overdue": _("Actions past their due date"),
    "request": _("Requests to the vendor and their answers"),
}
SALT = "pilotage.unsubscribe"


def absolute(path: str) -> str:
    return settings.PILOTAGE_BASE_URL.rstrip("/") + path


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (user id, kind) a link stands for, or None when it was not made here."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or data.get("k") not in KINDS
        or not isinstance(data.get("u"), int)
    ):
        return None
    return data["u"], data["k"]


def wants(user: User, kind: str) -> bool:
    return not NotificationOptOut.objects.filter(user=user, kind=kind).exists()


def recipients(users: Iterable[User], kind: str) -> list[User]:
    """The active people with an address who did not opt out of ``kind``, once each."""
    people = {u.pk: u for u in users if u.is_active and u.email}
    if not people:
        return []
    out = set(
        NotificationOptOut.objects.filter(user_id__in=people, kind=kind).values_list(
            "user_id", flat=True
        )
    )
    return sorted((u for pk, u in people.items() if pk not in out), key=lambda u: u.email)


def messages(
    kind: str, users: Iterable[User], prefix: str, context: dict[str, Any], link: str
) -> list[EmailMultiAlternatives]:
    """The messages :func:`send` would send (one per recipient who wants them)."""
    assert kind in KINDS, kind
    out = []
    for user in recipients(users, kind):
        language = user.language or settings.LANGUAGE_CODE
        unsubscribe = absolute(reverse("unsubscribe", args=[unsubscribe_token(user, kind)]))
        with translation.override(language):
            ctx = {
                **context,
                "user": user,
                "link": link,
                "unsubscribe_link": unsubscribe,
                "kind_label": str(KINDS[kind]),
                "language": language,
            }
            subject = " ".join(render_to_string(f"{prefix}_subject.txt", ctx).split())
            text = render_to_string(f"{prefix}.txt", ctx)
            html = render_to_string(f"{prefix}.html", ctx)
        message = EmailMultiAlternatives(
            subject,
            text,
            None,
            [user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(html, "text/html")
        out.append(message)
    return out


def send(
    kind: str, users: Iterable[User], prefix: str, context: dict[str, Any], link: str
) -> list[str]:
    """Send ``kind`` to ``users``; returns the addresses it went to. Errors of the mail
    server propagate (the caller decides whether the notification counts as sent)."""
    batch = messages(kind, users, prefix, context, link)
    if batch:
        with get_connection() as connection:
            connection.send_messages(batch)
    return [m.to[0] for m in batch]
